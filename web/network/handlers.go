package network

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve the station network. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of the station network.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u}
}
