package search

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the search's page templates.
var Pages = ui.Pages{Dir: "web/search", FS: embedded}
