package briefing

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of news and briefings.
var Pages = ui.Pages{Dir: "web/briefing", FS: embedded}
