package admin

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of accounts, the audit log and settings,
// embedded so the binary runs on a township PC with nothing beside it.
var Pages = ui.Pages{Dir: "web/admin", FS: embedded}
