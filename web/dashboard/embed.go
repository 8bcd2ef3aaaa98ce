package dashboard

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the dashboard's page templates.
var Pages = ui.Pages{Dir: "web/dashboard", FS: embedded}
