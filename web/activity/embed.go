package activity

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of community activities.
var Pages = ui.Pages{Dir: "web/activity", FS: embedded}
