package web

import "embed"

// embedded holds the templates and static files, so the binary runs on a
// township PC with nothing beside it and no access to a CDN.
//
//go:embed templates static
var embedded embed.FS
