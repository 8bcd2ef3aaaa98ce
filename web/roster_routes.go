package web

import "net/http"

// rosterRoutes registers the routes of this area; see routes.go.
//
// Roster import (名册导入): a register of beneficiaries uploaded as .xlsx or
// .csv, its columns mapped, every row checked, then imported. The upload is
// kept on the server between the steps under a token, passed as the query
// or form parameter t rather than in the path, where the request log would
// keep it (and where /beneficiaries/import/{t}/… would clash with the case
// pages' /beneficiaries/{id}/… routes).
func (s *Server) rosterRoutes(mux *http.ServeMux) {
	mux.Handle("GET /beneficiaries/import", s.ui.Page(s.rosterUploadForm))
	mux.Handle("GET /beneficiaries/import/template.xlsx", s.ui.Page(s.rosterTemplate))
	mux.Handle("POST /beneficiaries/import", s.ui.Page(s.rosterUpload))
	mux.Handle("GET /beneficiaries/import/mapping", s.ui.Page(s.rosterMapping))      // ?t=
	mux.Handle("POST /beneficiaries/import/preview", s.ui.Page(s.rosterPreviewPost)) // t, col0…, level
	mux.Handle("GET /beneficiaries/import/preview", s.ui.Page(s.rosterPreview))      // ?t=
	mux.Handle("POST /beneficiaries/import/apply", s.ui.Page(s.rosterApply))         // t, mode=all|valid
	mux.Handle("GET /beneficiaries/import/progress", s.ui.Page(s.rosterProgress))    // ?t=
	mux.Handle("GET /beneficiaries/import/status", s.ui.Page(s.rosterStatusJSON))    // ?t=, JSON
	mux.Handle("GET /beneficiaries/import/errors.csv", s.ui.Page(s.rosterErrors))    // ?t=

	mux.Handle("POST /api/v1/beneficiaries/import", s.ui.API(s.apiRosterImport)) // ?mode=all|valid&dry_run=true|false
}
