package web

import "net/http"

// caseRoutes registers the routes of this area; see routes.go.
//
// Case work (个案服务): beneficiaries' files, visits, levels, applications,
// assessments, worklists, outcomes and the access log. Every handler reads
// and writes with the user's scope: a record outside it is a 404.
func (s *Server) caseRoutes(mux *http.ServeMux) {
	mux.Handle("GET /worklist", s.page(s.worklist))

	mux.Handle("GET /beneficiaries", s.page(s.beneficiaryList))
	mux.Handle("GET /beneficiaries/new", s.page(s.beneficiaryNew))
	mux.Handle("POST /beneficiaries", s.page(s.beneficiaryCreate))
	mux.Handle("GET /beneficiaries.csv", s.page(s.beneficiaryExportForm)) // asks for a reason
	mux.Handle("POST /beneficiaries.csv", s.page(s.beneficiaryExport))
	mux.Handle("GET /beneficiaries/{id}", s.page(s.caseShow))
	mux.Handle("GET /beneficiaries/{id}/edit", s.page(s.beneficiaryEdit))
	mux.Handle("POST /beneficiaries/{id}", s.page(s.beneficiaryUpdate))
	mux.Handle("POST /beneficiaries/{id}/reveal", s.page(s.caseReveal))
	mux.Handle("POST /beneficiaries/{id}/level", s.page(s.caseLevel))
	mux.Handle("POST /beneficiaries/{id}/level/{change}/confirm", s.page(s.caseLevelConfirm))
	mux.Handle("POST /beneficiaries/{id}/close", s.page(s.caseClose))
	mux.Handle("POST /beneficiaries/{id}/assessments", s.page(s.caseAssess))
	mux.Handle("GET /beneficiaries/{id}/visits/new", s.page(s.visitNew))
	mux.Handle("POST /beneficiaries/{id}/visits", s.page(s.visitCreate))
	mux.Handle("GET /beneficiaries/{id}/applications/new", s.page(s.applicationNew))
	mux.Handle("POST /beneficiaries/{id}/applications", s.page(s.applicationCreate))
	mux.Handle("GET /beneficiaries/{id}/applications/{app}", s.page(s.applicationEdit))
	mux.Handle("POST /beneficiaries/{id}/applications/{app}", s.page(s.applicationUpdate))

	mux.Handle("GET /reports/outcomes", s.page(s.outcomesReport))
	mux.Handle("GET /access-log", s.page(s.accessLog))

	mux.Handle("GET /api/v1/beneficiaries", s.api(s.apiBeneficiaryList))
	mux.Handle("POST /api/v1/beneficiaries", s.api(s.apiBeneficiaryCreate))
	mux.Handle("GET /api/v1/beneficiaries/{id}", s.api(s.apiBeneficiaryShow))
	mux.Handle("PATCH /api/v1/beneficiaries/{id}", s.api(s.apiBeneficiaryUpdate))
	mux.Handle("POST /api/v1/beneficiaries/{id}/level", s.api(s.apiBeneficiaryLevel))
	mux.Handle("GET /api/v1/households/{id}", s.api(s.apiHouseholdShow))
	mux.Handle("GET /api/v1/visits", s.api(s.apiVisitList))
	mux.Handle("POST /api/v1/visits", s.api(s.apiVisitCreate))
	mux.Handle("GET /api/v1/applications", s.api(s.apiApplicationList))
	mux.Handle("POST /api/v1/applications", s.api(s.apiApplicationCreate))
	mux.Handle("PATCH /api/v1/applications/{id}", s.api(s.apiApplicationUpdate))
	mux.Handle("GET /api/v1/worklist", s.api(s.apiWorklist))
	mux.Handle("GET /api/v1/reports/outcomes", s.api(s.apiOutcomes))
}
