// Package supervision serves supervision visits (督导): the list, the form
// that records a visit with its action items, the visit's page and Word
// record, and the list of action items and rectification items (整改)
// with their closing, in pages and the API.
//
// Who may do what: everyone who reads case work reads visits inside their
// scope, a supervisor only those at the stations they cover (and their
// own); bureau admins record visits for any supervisor of their stations,
// a supervisor their own; the people who work at a station close its
// items; a viewer reads.
package supervision

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve supervision visits and action items. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of supervision.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

// requireRead returns EFORBIDDEN unless u may read station work.
func requireRead(u *shuangbai.User) error {
	if !u.CanReadStationWork() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看社工站的督导与评估记录（三员分立）", u.Role.Label())
	}
	return nil
}

// coveredBy is the person whose stations bound a supervisor's reading, or
// 0 for everyone else.
func coveredBy(u *shuangbai.User) int64 {
	if u.Role == shuangbai.RoleSupervisor {
		if u.PersonID == 0 {
			return -1 // a supervisor's account not linked to the roster covers nothing
		}
		return u.PersonID
	}
	return 0
}

// visitOf reads the visit of {id} as the request's user may see it.
func (h *Handlers) visitOf(r *http.Request) (*shuangbai.SupervisionVisit, error) {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	v, err := h.db.SupervisionVisit(r.Context(), ui.Scope(r), id)
	if err != nil {
		return nil, err
	}
	if p := coveredBy(u); p != 0 && v.SupervisorID != p {
		cs, err := h.db.Coverages(r.Context(), ui.Scope(r), p)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.StationID == v.StationID {
				return v, nil
			}
		}
		return nil, shuangbai.Errorf(shuangbai.ENOTFOUND, "督导记录不存在或不在您的管辖范围内")
	}
	return v, nil
}

// visitURL is the address of a visit's page.
func visitURL(id int64) string { return "/supervision/" + strconv.FormatInt(id, 10) }

// localNext returns the address to go back to after a POST when it is a
// path of this site, else def.
func localNext(v url.Values, def string) string {
	n := v.Get("next")
	if strings.HasPrefix(n, "/") && !strings.HasPrefix(n, "//") && !strings.ContainsAny(n, "\\\r\n") {
		return n
	}
	return def
}

// send answers a file to download, named in Chinese for every browser.
func send(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
