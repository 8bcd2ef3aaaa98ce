package web

import (
	"net/http"
	"strings"
	"time"

	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// apiLoginIn is the body of POST /api/v1/login.
type apiLoginIn struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Name     string `json:"name"` // optional: what the token is for, e.g. "罗定市数据同步"
}

// apiLoginOut is the answer to a successful login.
type apiLoginOut struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// apiLogin exchanges a username and password for an API token valid for 30
// days. Failures are throttled like the login page's, and share its count.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	b, err := ui.ReadBody(r)
	if err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	var in apiLoginIn
	if err := ui.DecodeJSON(b, &in); err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	u, err := s.authenticate(r, strings.TrimSpace(in.Username), in.Password)
	if err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	name := in.Name
	if name == "" {
		name = "api: " + userAgent(r)
	}
	token := auth.NewToken()
	exp, err := s.db.CreateSession(r.Context(), u.ID, token, store.SessionAPI, name, apiTTL)
	if err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	s.ui.WriteJSON(w, r, http.StatusOK, apiLoginOut{Token: token, ExpiresAt: exp})
}

// apiLogout revokes the token the request was made with.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	token, _ := ui.BearerToken(r)
	if err := s.db.DeleteSession(r.Context(), token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// userJSON is an account as the API shows it.
type userJSON struct {
	ID            int64  `json:"id"`
	Username      string `json:"username"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	RoleLabel     string `json:"role_label"`
	Region        string `json:"region"`
	CanEdit       bool   `json:"can_edit"`
	CanManageUser bool   `json:"can_manage_users"`
}

// apiMe returns the account behind the token.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	s.ui.WriteJSON(w, r, http.StatusOK, userJSON{ID: u.ID, Username: u.Username, Name: u.Name, Role: string(u.Role),
		RoleLabel: u.Role.Label(), Region: u.Region, CanEdit: u.CanEditNetwork(), CanManageUser: u.CanManageUsers()})
	return nil
}
