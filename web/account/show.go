package account

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// showPage is the data of account/show.html.
type showPage struct {
	User      *shuangbai.User
	Policy    auth.Policy
	Required  bool // the user's role must log in with a second factor
	ExpiresAt time.Time
	DaysLeft  int
	Sessions  []session
	IdleMin   int // minutes without a request that end a browser session; 0: none
}

// session is one of the user's sessions or API tokens as the page lists it.
type session struct {
	store.SessionInfo
	Current bool // the session this page was loaded with
}

// KindLabel names the kind of session in Chinese.
func (s session) KindLabel() string {
	if s.Kind == store.SessionAPI {
		return "API 令牌"
	}
	return "网页登录"
}

// Show tells the user who they are to the system: role and region, their
// password's age and expiry, their second factor, and their sessions and
// API tokens, each of which they may end.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	ctx := r.Context()
	p, err := h.db.PasswordPolicy(ctx)
	if err != nil {
		return err
	}
	roles, err := h.db.TOTPRoles(ctx)
	if err != nil {
		return err
	}
	list, err := h.own(r)
	if err != nil {
		return err
	}
	cur := currentID(r)
	page := showPage{User: u, Policy: p, Required: slices.Contains(roles, u.Role), IdleMin: int(h.db.SessionIdle / time.Minute)}
	for _, si := range list {
		page.Sessions = append(page.Sessions, session{SessionInfo: si, Current: si.ID == cur})
	}
	if !u.PasswordChangedAt.IsZero() {
		page.ExpiresAt = u.PasswordChangedAt.AddDate(0, 0, p.MaxAgeDays)
		_, page.DaysLeft = PasswordDue(p, u, h.db.Now())
	}
	return h.ui.Render(w, r, http.StatusOK, "account/show.html", page)
}

// own lists the user's browser sessions and API tokens; a login waiting
// for its second factor (store.SessionPending) is not one yet.
func (h *Handlers) own(r *http.Request) ([]store.SessionInfo, error) {
	u := ui.User(r)
	all, err := h.db.Sessions(r.Context(), ui.Scope(r), u.ID, "")
	if err != nil {
		return nil, err
	}
	var out []store.SessionInfo
	for _, s := range all {
		if s.Kind == store.SessionCookie || s.Kind == store.SessionAPI {
			out = append(out, s)
		}
	}
	return out, nil
}

// currentID is the id the store lists the request's own session under: a
// prefix of its token's SHA-256 (see store.SessionInfo).
func currentID(r *http.Request) string {
	c, err := r.Cookie(ui.CookieName)
	if err != nil || c.Value == "" {
		return ""
	}
	h := sha256.Sum256([]byte(c.Value))
	return hex.EncodeToString(h[:])[:16]
}

// Revoke ends one of the user's own sessions or tokens. Here only the
// user's own: the store lets a security administrator end others' too,
// but that is their page's work, and on this page any other id is a 404.
// Ending the session in use logs the user out.
func (h *Handlers) Revoke(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	list, err := h.own(r)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(s store.SessionInfo) bool { return s.ID == id }) {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "令牌不存在或已失效")
	}
	if err := h.db.RevokeSession(r.Context(), ui.User(r), id); err != nil {
		return err
	}
	if id == currentID(r) {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	ui.SetFlash(w, "已注销该登录，使用它的设备或程序需重新登录")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
