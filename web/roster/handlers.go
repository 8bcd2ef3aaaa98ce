package roster

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve roster imports. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
	// uploads keeps each register between the steps of its import.
	uploads *ui.Held[*upload]
}

// New returns the handlers of roster imports.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u, uploads: newUploads(u.Now)}
}
