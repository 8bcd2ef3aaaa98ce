package maps

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve the service map and the boundary upload. Create them with
// New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of the service map.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }
