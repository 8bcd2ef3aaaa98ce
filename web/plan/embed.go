package plan

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of station plans and plan templates.
var Pages = ui.Pages{Dir: "web/plan", FS: embedded}
