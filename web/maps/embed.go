package maps

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of the service map.
var Pages = ui.Pages{Dir: "web/maps", FS: embedded}
