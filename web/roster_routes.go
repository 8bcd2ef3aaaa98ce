package web

import "net/http"

// rosterRoutes registers the routes of this area; see routes.go.
func (s *Server) rosterRoutes(mux *http.ServeMux) {
}
