package progress

import (
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve the progress table, its drill-down, county facts,
// trainings and the sheet import. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
	// imports are the uploaded sheets waiting for their confirmation.
	imports *ui.Held[*pendingImport]
}

// New returns the handlers of the progress table.
func New(db *store.DB, u *ui.UI) *Handlers {
	return &Handlers{db: db, ui: u, imports: newPendingImports(u.Now)}
}
