package admin

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve accounts, security, the logs and settings. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of accounts, security, the logs and settings.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u}
}
