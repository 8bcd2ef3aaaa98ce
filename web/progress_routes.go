package web

import "net/http"

// progressRoutes registers the routes of the construction progress table
// (社工站（点）建设进度情况一览表): the table and its downloads, the lists
// behind its numbers, the county facts and trainings it counts, and the
// import of a filled-in sheet; then the same as JSON. See routes.go.
func (s *Server) progressRoutes(mux *http.ServeMux) {
	mux.Handle("GET /reports/progress", s.page(s.progressShow))
	mux.Handle("GET /reports/progress.xlsx", s.page(s.progressXLSX))
	mux.Handle("GET /reports/progress.csv", s.page(s.progressCSV))

	mux.Handle("GET /reports/progress/sites", s.page(s.progressSites))
	mux.Handle("GET /reports/progress/staff", s.page(s.progressStaff))
	mux.Handle("GET /reports/progress/trainings", s.page(s.progressTrainings))

	mux.Handle("GET /reports/progress/facts/{region}", s.page(s.factsShow))
	mux.Handle("POST /reports/progress/facts/{region}", s.page(s.factsCreate))

	mux.Handle("GET /reports/progress/import", s.page(s.progressImportForm))
	mux.Handle("POST /reports/progress/import", s.page(s.progressImportUpload))
	mux.Handle("POST /reports/progress/import/{token}", s.page(s.progressImportConfirm))

	mux.Handle("GET /trainings", s.page(s.trainingList))
	mux.Handle("GET /trainings/new", s.page(s.trainingNew))
	mux.Handle("POST /trainings", s.page(s.trainingCreate))

	mux.Handle("GET /api/v1/reports/progress", s.api(s.apiProgressShow))
	mux.Handle("GET /api/v1/reports/progress.xlsx", s.api(s.progressXLSX))
	mux.Handle("POST /api/v1/reports/progress/import", s.api(s.apiProgressImport))
}
