package account

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of the account pages, embedded so the
// binary runs on a township PC with nothing beside it.
var Pages = ui.Pages{Dir: "web/account", FS: embedded}
