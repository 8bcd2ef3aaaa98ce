package web

import "net/http"

// patternMux is the router of routes() with a note of every pattern as it
// is registered, so that a test can walk all of them (the access-control
// matrix fails on a route it has no entry for). It records at the one
// place every route passes through, however routes.go comes to write them;
// reading routes.go with a pattern would miss a route registered any other
// way.
type patternMux struct {
	*http.ServeMux
	patterns *[]string
}

func (m patternMux) Handle(pattern string, h http.Handler) {
	*m.patterns = append(*m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

func (m patternMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	*m.patterns = append(*m.patterns, pattern)
	m.ServeMux.HandleFunc(pattern, h)
}

// Patterns returns the patterns the server answers, in the order routes.go
// registers them.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }
