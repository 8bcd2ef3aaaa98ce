package web

import "net/http"

// routes returns the handler for every URL the server answers. Reading it top
// to bottom tells what the application does: the pages first, then the API.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", s.staticFiles())
	mux.HandleFunc("GET /healthz", s.healthz)

	// Logging in and out.
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)

	// Pages; s.page sends visitors without a session to /login.
	mux.Handle("GET /{$}", s.page(s.dashboard))
	mux.Handle("GET /regions", s.page(s.regionHome))
	mux.Handle("GET /regions/{code}", s.page(s.regionShow))

	mux.Handle("GET /stations", s.page(s.stationList))
	mux.Handle("GET /stations/new", s.page(s.stationNew))
	mux.Handle("POST /stations", s.page(s.stationCreate))
	mux.Handle("GET /stations/{id}", s.page(s.stationShow))
	mux.Handle("GET /stations/{id}/edit", s.page(s.stationEdit))
	mux.Handle("POST /stations/{id}", s.page(s.stationUpdate))

	mux.Handle("GET /points", s.page(s.pointList))
	mux.Handle("GET /points/new", s.page(s.pointNew))
	mux.Handle("POST /points", s.page(s.pointCreate))
	mux.Handle("GET /points/{id}", s.page(s.pointShow))
	mux.Handle("GET /points/{id}/edit", s.page(s.pointEdit))
	mux.Handle("POST /points/{id}", s.page(s.pointUpdate))

	mux.Handle("GET /staff", s.page(s.staffList))
	mux.Handle("GET /staff/new", s.page(s.staffNew))
	mux.Handle("POST /staff", s.page(s.staffCreate))
	mux.Handle("GET /staff/{id}", s.page(s.staffShow))
	mux.Handle("GET /staff/{id}/edit", s.page(s.staffEdit))
	mux.Handle("POST /staff/{id}", s.page(s.staffUpdate))
	mux.Handle("POST /staff/{id}/assignments", s.page(s.staffAssign))
	mux.Handle("POST /staff/{id}/assignments/{aid}/end", s.page(s.staffEnd))

	mux.Handle("GET /requirements", s.page(s.requirementList))
	mux.Handle("POST /requirements/{county}", s.page(s.requirementUpdate))

	mux.Handle("GET /settings/followup", s.page(s.followupSettings))
	mux.Handle("POST /settings/followup", s.page(s.followupUpdate))

	mux.Handle("GET /users", s.page(s.userList))
	mux.Handle("GET /users/new", s.page(s.userNew))
	mux.Handle("POST /users", s.page(s.userCreate))
	mux.Handle("POST /users/{username}/disabled", s.page(s.userSetDisabled))

	mux.Handle("GET /audit", s.page(s.auditList))

	// JSON API; s.api requires "Authorization: Bearer TOKEN".
	mux.HandleFunc("POST /api/v1/login", s.apiLogin)
	mux.Handle("POST /api/v1/logout", s.api(s.apiLogout))
	mux.Handle("GET /api/v1/me", s.api(s.apiMe))

	mux.Handle("GET /api/v1/regions/{code}", s.api(s.apiRegionShow))
	mux.Handle("GET /api/v1/regions/{code}/children", s.api(s.apiRegionChildren))

	mux.Handle("GET /api/v1/stations", s.api(s.apiStationList))
	mux.Handle("POST /api/v1/stations", s.api(s.apiStationCreate))
	mux.Handle("GET /api/v1/stations/{id}", s.api(s.apiStationShow))
	mux.Handle("PATCH /api/v1/stations/{id}", s.api(s.apiStationUpdate))

	mux.Handle("GET /api/v1/points", s.api(s.apiPointList))
	mux.Handle("POST /api/v1/points", s.api(s.apiPointCreate))
	mux.Handle("GET /api/v1/points/{id}", s.api(s.apiPointShow))
	mux.Handle("PATCH /api/v1/points/{id}", s.api(s.apiPointUpdate))

	mux.Handle("GET /api/v1/people", s.api(s.apiPersonList))
	mux.Handle("POST /api/v1/people", s.api(s.apiPersonCreate))
	mux.Handle("GET /api/v1/people/{id}", s.api(s.apiPersonShow))

	// The progress table, case work and roster imports register their own
	// routes, each in its own file, listed there in the same style.
	s.progressRoutes(mux)
	s.caseRoutes(mux)
	s.rosterRoutes(mux)

	// Anything else: a Chinese 404 page, or a JSON 404 under /api/.
	mux.HandleFunc("/api/", s.apiNotFound)
	mux.HandleFunc("/", s.notFound)

	return s.logRequests(s.recoverPanics(securityHeaders(s.crossOrigin(mux))))
}
