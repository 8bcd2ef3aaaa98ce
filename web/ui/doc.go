// Package ui is the edge every capability package of the web server shares:
// rendering pages (the layout, typed page data, static files), errors
// mapped to HTTP once, parameters, forms and pagers, JSON in and out, the
// request's user and scope, region pickers and paths, labels, and one
// mechanism for uploads held between the steps of an import.
//
// A capability package (network, casework, progress, roster, admin) holds
// a *UI and a *store.DB and nothing of the other capabilities; package web
// wires them together and lists every route.
package ui
