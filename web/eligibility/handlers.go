package eligibility

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve 政策找人. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of 政策找人.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }
