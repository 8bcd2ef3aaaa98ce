package web

import "net/http"

// routes returns the handler for every URL the server answers. Reading it top
// to bottom tells what the application does: the pages first, then the API.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", s.ui.StaticFiles())
	mux.HandleFunc("GET /healthz", s.healthz)

	// Logging in and out.
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)

	// Pages; s.page sends visitors without a session to /login.
	// The station network: the home page, regions, stations, points, staff
	// and the required numbers.
	mux.Handle("GET /{$}", s.ui.Page(s.network.Dashboard))
	mux.Handle("GET /regions", s.ui.Page(s.network.RegionHome))
	mux.Handle("GET /regions/{code}", s.ui.Page(s.network.RegionShow))

	mux.Handle("GET /stations", s.ui.Page(s.network.StationList))
	mux.Handle("GET /stations/new", s.ui.Page(s.network.StationNew))
	mux.Handle("POST /stations", s.ui.Page(s.network.StationCreate))
	mux.Handle("GET /stations/{id}", s.ui.Page(s.network.StationShow))
	mux.Handle("GET /stations/{id}/edit", s.ui.Page(s.network.StationEdit))
	mux.Handle("POST /stations/{id}", s.ui.Page(s.network.StationUpdate))

	mux.Handle("GET /points", s.ui.Page(s.network.PointList))
	mux.Handle("GET /points/new", s.ui.Page(s.network.PointNew))
	mux.Handle("POST /points", s.ui.Page(s.network.PointCreate))
	mux.Handle("GET /points/{id}", s.ui.Page(s.network.PointShow))
	mux.Handle("GET /points/{id}/edit", s.ui.Page(s.network.PointEdit))
	mux.Handle("POST /points/{id}", s.ui.Page(s.network.PointUpdate))

	mux.Handle("GET /staff", s.ui.Page(s.network.StaffList))
	mux.Handle("GET /staff/new", s.ui.Page(s.network.StaffNew))
	mux.Handle("POST /staff", s.ui.Page(s.network.StaffCreate))
	mux.Handle("GET /staff/{id}", s.ui.Page(s.network.StaffShow))
	mux.Handle("GET /staff/{id}/edit", s.ui.Page(s.network.StaffEdit))
	mux.Handle("POST /staff/{id}", s.ui.Page(s.network.StaffUpdate))
	mux.Handle("POST /staff/{id}/assignments", s.ui.Page(s.network.StaffAssign))
	mux.Handle("POST /staff/{id}/assignments/{aid}/end", s.ui.Page(s.network.StaffEnd))

	mux.Handle("GET /requirements", s.ui.Page(s.network.RequirementList))
	mux.Handle("POST /requirements/{county}", s.ui.Page(s.network.RequirementUpdate))

	mux.Handle("GET /settings/followup", s.ui.Page(s.followupSettings))
	mux.Handle("POST /settings/followup", s.ui.Page(s.followupUpdate))

	mux.Handle("GET /users", s.ui.Page(s.userList))
	mux.Handle("GET /users/new", s.ui.Page(s.userNew))
	mux.Handle("POST /users", s.ui.Page(s.userCreate))
	mux.Handle("POST /users/{username}/disabled", s.ui.Page(s.userSetDisabled))

	mux.Handle("GET /audit", s.ui.Page(s.auditList))

	// JSON API; s.api requires "Authorization: Bearer TOKEN".
	mux.HandleFunc("POST /api/v1/login", s.apiLogin)
	mux.Handle("POST /api/v1/logout", s.ui.API(s.apiLogout))
	mux.Handle("GET /api/v1/me", s.ui.API(s.apiMe))

	// The station network's API.
	mux.Handle("GET /api/v1/regions/{code}", s.ui.API(s.network.APIRegionShow))
	mux.Handle("GET /api/v1/regions/{code}/children", s.ui.API(s.network.APIRegionChildren))

	mux.Handle("GET /api/v1/stations", s.ui.API(s.network.APIStationList))
	mux.Handle("POST /api/v1/stations", s.ui.API(s.network.APIStationCreate))
	mux.Handle("GET /api/v1/stations/{id}", s.ui.API(s.network.APIStationShow))
	mux.Handle("PATCH /api/v1/stations/{id}", s.ui.API(s.network.APIStationUpdate))

	mux.Handle("GET /api/v1/points", s.ui.API(s.network.APIPointList))
	mux.Handle("POST /api/v1/points", s.ui.API(s.network.APIPointCreate))
	mux.Handle("GET /api/v1/points/{id}", s.ui.API(s.network.APIPointShow))
	mux.Handle("PATCH /api/v1/points/{id}", s.ui.API(s.network.APIPointUpdate))

	mux.Handle("GET /api/v1/people", s.ui.API(s.network.APIPersonList))
	mux.Handle("POST /api/v1/people", s.ui.API(s.network.APIPersonCreate))
	mux.Handle("GET /api/v1/people/{id}", s.ui.API(s.network.APIPersonShow))

	// The progress table, case work and roster imports register their own
	// routes, each in its own file, listed there in the same style.
	s.progressRoutes(mux)
	s.caseRoutes(mux)
	s.rosterRoutes(mux)

	// Anything else: a Chinese 404 page, or a JSON 404 under /api/.
	mux.HandleFunc("/api/", s.ui.APINotFound)
	mux.HandleFunc("/", s.ui.NotFound)

	return s.logRequests(s.recoverPanics(securityHeaders(s.crossOrigin(mux))))
}
