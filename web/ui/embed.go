package ui

import "embed"

// embedded holds the layout, the shared partials, the error page and the
// static files, so the binary runs on a township PC with nothing beside it
// and no access to a CDN.
//
//go:embed templates static
var embedded embed.FS
