package web

import "embed"

// embedded holds the page templates of the pages still in package web, so the binary runs on a
// township PC with nothing beside it and no access to a CDN.
//
//go:embed templates
var embedded embed.FS
