package web

import (
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
	rosterTTL         = time.Hour // since the last step
	rosterPerUser     = 2         // pending uploads a user may hold; the oldest goes
	rosterHeldRowsMax = 600_000   // rows held for all users at once, to bound memory
)

// newRosterUploads returns the store of uploads between the steps of their
// imports. A user holds at most rosterPerUser; when the server holds
// rosterHeldRowsMax rows, a new upload is refused rather than another
// user's dropped.
func newRosterUploads(now func() time.Time) *ui.Held[*rosterUpload] {
	return &ui.Held[*rosterUpload]{
		TTL:     rosterTTL,
		PerUser: rosterPerUser,
		MaxSize: rosterHeldRowsMax,
		Size:    (*rosterUpload).rows,
		Busy:    (*rosterUpload).running,
		Full:    shuangbai.Errorf(shuangbai.ECONFLICT, "系统正在处理其他较大的导入，请过几分钟再上传"),
		Gone:    shuangbai.Errorf(shuangbai.ENOTFOUND, "这次导入已过期或不存在（上传的文件只保留 1 小时），请重新上传"),
		Now:     now,
	}
}

// Import states.
const (
	rosterMapping = "mapping" // uploaded; columns to confirm
	rosterPreview = "preview" // read with a mapping; problems shown
	rosterRunning = "running" // being written
	rosterDone    = "done"    // written (or refused: see result and err)
)

// rosterUpload is one register between the steps of its import. Fields
// after mu are guarded by it.
type rosterUpload struct {
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

// newRosterUpload returns an upload of t, just read, for its mapping.
func newRosterUpload(filename string, t *sheet.Table) *rosterUpload {
	return &rosterUpload{filename: filename, table: t, sig: sheet.Signature(t.Header), header: t.Header, state: rosterMapping, level: 4}
}

// running reports whether the upload is being written: it then stays held
// whatever its age.
func (x *rosterUpload) running() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.state == rosterRunning
}

// rows is how many rows the upload holds in memory.
func (x *rosterUpload) rows() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.table == nil {
		return 0
	}
	return len(x.table.Rows)
}

// finish records the end of the import and lets go of the register: only
// the problems are kept, for the error report.
func (x *rosterUpload) finish(res *store.RosterResult, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.state, x.result = rosterDone, res
	if err != nil {
		x.errMsg = shuangbai.ErrorMessage(err)
	}
	x.done = x.total
	x.roster, x.table = nil, nil
}
