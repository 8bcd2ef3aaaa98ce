// Package offline serves the installable phone app a social worker takes
// into the villages: the app page, its web manifest and service worker,
// the offline bundle of her own open cases, and the sync endpoints that
// take the visits she recorded offline, each exactly once.
//
// The app works only on a secure origin (see `serve --tls-*`): browsers
// give service workers and WebCrypto to HTTPS and localhost alone.
package offline

import (
	"embed"
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the offline app's page template.
var Pages = ui.Pages{Dir: "web/offline", FS: embedded}

// Handlers serve the offline app. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the offline app's handlers.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

// JSON wraps a JSON handler for the app itself: it runs in the worker's
// browser with her session cookie (an API token would have to be kept on
// the phone in the clear), answers errors as JSON the app can show, and
// keeps the three administrators out like every case route, and applies
// the account rules of every page (a password to change first). A state-
// changing request from another site is refused by the server's
// cross-origin check before it gets here.
func (h *Handlers) JSON(fn ui.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := h.ui.SessionUser(r)
		if err == nil {
			err = ui.RequireCases(u)
		}
		if err == nil {
			// A password due for change stops the app as it stops pages.
			_, err = h.ui.CheckUser(r, u)
		}
		if err == nil {
			err = fn(w, ui.WithUser(r, u))
		}
		if err != nil {
			h.ui.WriteJSONError(w, r, err)
		}
	})
}

// offlineUser refuses what the app cannot serve: an account that is not a
// social worker on the staff roster has no cases of her own to carry.
func offlineUser(r *http.Request) (*shuangbai.User, error) {
	u := ui.User(r)
	if u.PersonID == 0 {
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "离线工作只用于社工本人负责的个案：您的账号未关联社工名册")
	}
	return u, nil
}
