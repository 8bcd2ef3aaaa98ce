package web

import "net/http"

// caseRoutes registers the routes of this area; see routes.go.
func (s *Server) caseRoutes(mux *http.ServeMux) {
}
