package web

import "net/http"

// progressRoutes registers the routes of the construction progress table
// (社工站（点）建设进度情况一览表): the table and its downloads, the lists
// behind its numbers, the county facts and trainings it counts, and the
// import of a filled-in sheet; then the same as JSON. See routes.go.
func (s *Server) progressRoutes(mux *http.ServeMux) {
	mux.Handle("GET /reports/progress", s.ui.Page(s.progressShow))
	mux.Handle("GET /reports/progress.xlsx", s.ui.Page(s.progressXLSX))
	mux.Handle("GET /reports/progress.csv", s.ui.Page(s.progressCSV))

	mux.Handle("GET /reports/progress/sites", s.ui.Page(s.progressSites))
	mux.Handle("GET /reports/progress/staff", s.ui.Page(s.progressStaff))
	mux.Handle("GET /reports/progress/trainings", s.ui.Page(s.progressTrainings))

	mux.Handle("GET /reports/progress/facts/{region}", s.ui.Page(s.factsShow))
	mux.Handle("POST /reports/progress/facts/{region}", s.ui.Page(s.factsCreate))

	mux.Handle("GET /reports/progress/import", s.ui.Page(s.progressImportForm))
	mux.Handle("POST /reports/progress/import", s.ui.Page(s.progressImportUpload))
	mux.Handle("POST /reports/progress/import/{token}", s.ui.Page(s.progressImportConfirm))

	mux.Handle("GET /trainings", s.ui.Page(s.trainingList))
	mux.Handle("GET /trainings/new", s.ui.Page(s.trainingNew))
	mux.Handle("POST /trainings", s.ui.Page(s.trainingCreate))

	mux.Handle("GET /api/v1/reports/progress", s.ui.API(s.apiProgressShow))
	mux.Handle("GET /api/v1/reports/progress.xlsx", s.ui.API(s.progressXLSX))
	mux.Handle("POST /api/v1/reports/progress/import", s.ui.API(s.apiProgressImport))
}
