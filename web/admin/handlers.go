package admin

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve accounts, the audit log and settings. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of accounts, the audit log and settings.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u}
}
