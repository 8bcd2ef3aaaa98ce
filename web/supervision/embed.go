package supervision

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of supervision visits and action items.
var Pages = ui.Pages{Dir: "web/supervision", FS: embedded}
