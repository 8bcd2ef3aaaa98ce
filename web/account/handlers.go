package account

import (
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Config is what the account pages borrow from the login, which package
// web owns: checking a password as a login does, and starting a session.
type Config struct {
	// Verify checks the current password of the request's user before a
	// change to their account, throttled and audited like a login; a wrong
	// one is EUNAUTHORIZED.
	Verify func(r *http.Request, u *shuangbai.User, password string) error
	// StartSession gives u a new browser session and its cookie, after a
	// password change ended all of u's sessions.
	StartSession func(w http.ResponseWriter, r *http.Request, u *shuangbai.User) error
}

// Handlers serve the user's own account. Create them with New.
type Handlers struct {
	db  *store.DB
	ui  *ui.UI
	cfg Config
}

// New returns the handlers of the user's own account.
func New(db *store.DB, u *ui.UI, cfg Config) *Handlers {
	return &Handlers{db: db, ui: u, cfg: cfg}
}
