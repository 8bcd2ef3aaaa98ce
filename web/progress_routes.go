package web

import "net/http"

// progressRoutes registers the routes of this area; see routes.go.
func (s *Server) progressRoutes(mux *http.ServeMux) {
}
