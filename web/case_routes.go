package web

import "net/http"

// caseRoutes registers the routes of this area; see routes.go.
//
// Case work (个案服务): beneficiaries' files, visits, levels, applications,
// assessments, worklists, outcomes and the access log. Every handler reads
// and writes with the user's scope: a record outside it is a 404.
func (s *Server) caseRoutes(mux *http.ServeMux) {
	mux.Handle("GET /worklist", s.ui.Page(s.worklist))

	mux.Handle("GET /beneficiaries", s.ui.Page(s.beneficiaryList))
	mux.Handle("GET /beneficiaries/new", s.ui.Page(s.beneficiaryNew))
	mux.Handle("POST /beneficiaries", s.ui.Page(s.beneficiaryCreate))
	mux.Handle("GET /beneficiaries.csv", s.ui.Page(s.beneficiaryExportForm)) // asks for a reason
	mux.Handle("POST /beneficiaries.csv", s.ui.Page(s.beneficiaryExport))
	mux.Handle("GET /beneficiaries/{id}", s.ui.Page(s.caseShow))
	mux.Handle("GET /beneficiaries/{id}/edit", s.ui.Page(s.beneficiaryEdit))
	mux.Handle("POST /beneficiaries/{id}", s.ui.Page(s.beneficiaryUpdate))
	mux.Handle("POST /beneficiaries/{id}/reveal", s.ui.Page(s.caseReveal))
	mux.Handle("POST /beneficiaries/{id}/level", s.ui.Page(s.caseLevel))
	mux.Handle("POST /beneficiaries/{id}/level/{change}/confirm", s.ui.Page(s.caseLevelConfirm))
	mux.Handle("POST /beneficiaries/{id}/close", s.ui.Page(s.caseClose))
	mux.Handle("POST /beneficiaries/{id}/assessments", s.ui.Page(s.caseAssess))
	mux.Handle("GET /beneficiaries/{id}/visits/new", s.ui.Page(s.visitNew))
	mux.Handle("POST /beneficiaries/{id}/visits", s.ui.Page(s.visitCreate))
	mux.Handle("GET /beneficiaries/{id}/applications/new", s.ui.Page(s.applicationNew))
	mux.Handle("POST /beneficiaries/{id}/applications", s.ui.Page(s.applicationCreate))
	mux.Handle("GET /beneficiaries/{id}/applications/{app}", s.ui.Page(s.applicationEdit))
	mux.Handle("POST /beneficiaries/{id}/applications/{app}", s.ui.Page(s.applicationUpdate))

	mux.Handle("GET /reports/outcomes", s.ui.Page(s.outcomesReport))
	mux.Handle("GET /access-log", s.ui.Page(s.accessLog))

	mux.Handle("GET /api/v1/beneficiaries", s.ui.API(s.apiBeneficiaryList))
	mux.Handle("POST /api/v1/beneficiaries", s.ui.API(s.apiBeneficiaryCreate))
	mux.Handle("GET /api/v1/beneficiaries/{id}", s.ui.API(s.apiBeneficiaryShow))
	mux.Handle("PATCH /api/v1/beneficiaries/{id}", s.ui.API(s.apiBeneficiaryUpdate))
	mux.Handle("POST /api/v1/beneficiaries/{id}/level", s.ui.API(s.apiBeneficiaryLevel))
	mux.Handle("GET /api/v1/households/{id}", s.ui.API(s.apiHouseholdShow))
	mux.Handle("GET /api/v1/visits", s.ui.API(s.apiVisitList))
	mux.Handle("POST /api/v1/visits", s.ui.API(s.apiVisitCreate))
	mux.Handle("GET /api/v1/applications", s.ui.API(s.apiApplicationList))
	mux.Handle("POST /api/v1/applications", s.ui.API(s.apiApplicationCreate))
	mux.Handle("PATCH /api/v1/applications/{id}", s.ui.API(s.apiApplicationUpdate))
	mux.Handle("GET /api/v1/worklist", s.ui.API(s.apiWorklist))
	mux.Handle("GET /api/v1/reports/outcomes", s.ui.API(s.apiOutcomes))
}
