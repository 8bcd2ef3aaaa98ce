package eligibility

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of 政策找人, embedded so the binary runs on a
// township PC with nothing beside it.
var Pages = ui.Pages{Dir: "web/eligibility", FS: embedded}
