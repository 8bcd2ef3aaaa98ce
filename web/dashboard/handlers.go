package dashboard

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve the dashboards. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the dashboard's handlers.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u}
}
