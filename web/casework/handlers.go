package casework

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve case work. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of case work.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }
