package roster

import (
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// An import of a register takes several requests — upload, mapping,
// preview, apply, progress — so the upload is kept on the server between
// them, under a random token, for its user only. It is kept in memory, not
// in the database: it holds personal data no one has agreed to file yet,
// and a restart simply asks for the file again.
const (
	heldTTL     = time.Hour // since the last step
	heldPerUser = 2         // pending uploads a user may hold; the oldest goes
	heldRowsMax = 600_000   // rows held for all users at once, to bound memory
)

// newUploads returns the store of uploads between the steps of their
// imports. A user holds at most heldPerUser; when the server holds
// heldRowsMax rows, a new upload is refused rather than another
// user's dropped.
func newUploads(now func() time.Time) *ui.Held[*upload] {
	return &ui.Held[*upload]{
		TTL:     heldTTL,
		PerUser: heldPerUser,
		MaxSize: heldRowsMax,
		Size:    (*upload).rows,
		Busy:    (*upload).running,
		Full:    shuangbai.Errorf(shuangbai.ECONFLICT, "系统正在处理其他较大的导入，请过几分钟再上传"),
		Gone:    shuangbai.Errorf(shuangbai.ENOTFOUND, "这次导入已过期或不存在（上传的文件只保留 1 小时），请重新上传"),
		Now:     now,
	}
}

// Import states.
const (
	stateMapping = "mapping" // uploaded; columns to confirm
	statePreview = "preview" // read with a mapping; problems shown
	stateRunning = "running" // being written
	stateDone    = "done"    // written (or refused: see result and err)
)

// upload is one register between the steps of its import. Fields
// after mu are guarded by it.
type upload struct {
	token    string // set once, when it is held
	filename string
	sig      string // of the header: the key of the remembered mapping
	header   []string

	mu         sync.Mutex
	table      *sheet.Table // nil once the import is done
	state      string
	mapping    sheet.Mapping
	remembered bool // the mapping came from an earlier upload of the same shape
	level      shuangbai.Level4
	roster     *sheet.Roster
	problems   []sheet.Problem     // the reader's and the store's, by row
	plan       *store.RosterResult // the dry run at preview
	mode       store.ImportMode
	done       int
	total      int
	result     *store.RosterResult
	errMsg     string
}

// newUpload returns an upload of t, just read, for its mapping.
func newUpload(filename string, t *sheet.Table) *upload {
	return &upload{filename: filename, table: t, sig: sheet.Signature(t.Header), header: t.Header, state: stateMapping, level: 4}
}

// running reports whether the upload is being written: it then stays held
// whatever its age.
func (x *upload) running() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.state == stateRunning
}

// rows is how many rows the upload holds in memory.
func (x *upload) rows() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.table == nil {
		return 0
	}
	return len(x.table.Rows)
}

// finish records the end of the import and lets go of the register: only
// the problems are kept, for the error report.
func (x *upload) finish(res *store.RosterResult, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.state, x.result = stateDone, res
	if err != nil {
		x.errMsg = shuangbai.ErrorMessage(err)
	}
	x.done = x.total
	x.roster, x.table = nil, nil
}

// uploadOf returns the upload named by the request's t parameter.
func (h *Handlers) uploadOf(r *http.Request) (*upload, error) {
	return h.uploads.Get(ui.User(r).ID, r.FormValue("t"))
}

// redirect sends the browser to the page of one step of x's import.
func (x *upload) redirect(w http.ResponseWriter, r *http.Request, step string) {
	http.Redirect(w, r, "/beneficiaries/import/"+step+"?t="+url.QueryEscape(x.token), http.StatusSeeOther)
}

// stepOf is the page of each state of an import.
var stepOf = map[string]string{stateMapping: "mapping", statePreview: "preview", stateRunning: "progress", stateDone: "progress"}

// away sends the browser to the page of x's state and reports true, unless
// x is in one of states: a request for a step the import has left (a second
// click, the back button) or not yet reached lands where the import is.
// The caller holds x.mu.
func (x *upload) away(w http.ResponseWriter, r *http.Request, states ...string) bool {
	if slices.Contains(states, x.state) {
		return false
	}
	x.redirect(w, r, stepOf[x.state])
	return true
}
