// Package casework serves case work (个案服务): beneficiaries' files with
// their households, edits and exports; visits, follow-up levels,
// applications made on a beneficiary's behalf and needs assessments; the
// worklist of who is due a visit, the outcomes report and the access log of
// who saw whose personal data; as pages and as the JSON API. Every handler
// reads and writes with the request's scope: a beneficiary outside it is a
// 404, as if it did not exist.
package casework

import (
	"embed"
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

//go:embed templates
var embedded embed.FS

// Pages are the page templates of case work, embedded so the binary runs on
// a township PC with nothing beside it.
var Pages = ui.Pages{Dir: "web/casework", FS: embedded}
