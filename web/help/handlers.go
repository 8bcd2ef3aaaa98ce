// Package help serves the user guide (帮助): for each role, what it can do
// and where, how the imports work and where their templates are, and what
// to do when something goes wrong. The page opens at the reader's own role.
package help

import (
	"embed"
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the guide's templates.
var Pages = ui.Pages{Dir: "web/help", FS: embedded}

// Handlers serve the guide. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the guide's handlers.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

// guidePage is the data of help/index.html.
type guidePage struct {
	Role  shuangbai.Role
	Roles []shuangbai.Role
}

// Mine reports whether role is the reader's, to open its section.
func (p guidePage) Mine(role shuangbai.Role) bool { return p.Role == role }

// Guide shows the user guide, the reader's role first and open.
func (h *Handlers) Guide(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	roles := []shuangbai.Role{u.Role}
	for _, role := range shuangbai.Roles {
		if role != u.Role {
			roles = append(roles, role)
		}
	}
	return h.ui.Render(w, r, http.StatusOK, "help/index.html", guidePage{Role: u.Role, Roles: roles})
}
