package web

import (
	"sync"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/sheet"
	"shuangbai/store"
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

// rosterStates holds each server's uploads: the Server struct belongs to
// the whole package, so the roster area keeps its state beside it.
var rosterStates sync.Map // *Server → *rosterUploads

func (s *Server) rosterUploads() *rosterUploads {
	v, _ := rosterStates.LoadOrStore(s, &rosterUploads{m: map[string]*rosterUpload{}})
	return v.(*rosterUploads)
}

// rosterUploads is the set of pending uploads of one server.
type rosterUploads struct {
	mu sync.Mutex
	m  map[string]*rosterUpload
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
	token    string
	userID   int64
	filename string
	sig      string // of the header: the key of the remembered mapping
	header   []string

	mu         sync.Mutex
	table      *sheet.Table // nil once the import is done
	expires    time.Time
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

// add keeps a new upload for user u and returns it. It forgets expired
// uploads and the user's oldest beyond rosterPerUser, and refuses when the
// server already holds too many rows.
func (ru *rosterUploads) add(u *shuangbai.User, filename string, t *sheet.Table, now time.Time) (*rosterUpload, error) {
	ru.mu.Lock()
	defer ru.mu.Unlock()
	var mine []*rosterUpload
	held := 0
	for tok, x := range ru.m {
		x.mu.Lock()
		expired, running := now.After(x.expires), x.state == rosterRunning
		x.mu.Unlock()
		if expired && !running {
			delete(ru.m, tok)
			continue
		}
		if x.userID == u.ID && !running {
			mine = append(mine, x)
		}
		held += x.rows()
	}
	for len(mine) >= rosterPerUser {
		oldest := mine[0]
		for _, x := range mine[1:] {
			if x.expiry().Before(oldest.expiry()) {
				oldest = x
			}
		}
		delete(ru.m, oldest.token)
		held -= oldest.rows()
		mine = removeRosterUpload(mine, oldest)
	}
	if held+len(t.Rows) > rosterHeldRowsMax {
		return nil, shuangbai.Errorf(shuangbai.ECONFLICT, "系统正在处理其他较大的导入，请过几分钟再上传")
	}
	x := &rosterUpload{token: auth.NewToken(), userID: u.ID, filename: filename, table: t, sig: sheet.Signature(t.Header), header: t.Header,
		expires: now.Add(rosterTTL), state: rosterMapping, level: 4}
	ru.m[x.token] = x
	return x, nil
}

func removeRosterUpload(xs []*rosterUpload, x *rosterUpload) []*rosterUpload {
	for i := range xs {
		if xs[i] == x {
			return append(xs[:i], xs[i+1:]...)
		}
	}
	return xs
}

// get returns the upload with the token if it belongs to u and has not
// expired, and extends its life. Another user's token is "not found", as a
// record outside one's scope is.
func (ru *rosterUploads) get(u *shuangbai.User, token string, now time.Time) (*rosterUpload, error) {
	ru.mu.Lock()
	x, ok := ru.m[token]
	ru.mu.Unlock()
	if ok && x.userID == u.ID {
		x.mu.Lock()
		defer x.mu.Unlock()
		if x.state == rosterRunning || !now.After(x.expires) {
			x.expires = now.Add(rosterTTL)
			return x, nil
		}
	}
	return nil, shuangbai.Errorf(shuangbai.ENOTFOUND, "这次导入已过期或不存在（上传的文件只保留 1 小时），请重新上传")
}

func (x *rosterUpload) expiry() time.Time {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.expires
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
