package recruit

import (
	"embed"

	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of recruitment, supervisors and staff
// records.
var Pages = ui.Pages{Dir: "web/recruit", FS: embedded}
