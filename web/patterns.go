package web

import (
	"net/http"

	"shuangbai/store"
)

// patternMux is the router of routes() with a note of every pattern as it
// is registered, so that a test can walk all of them (the access-control
// matrix fails on a route it has no entry for). It records at the one
// place every route passes through, however routes.go comes to write them;
// reading routes.go with a pattern would miss a route registered any other
// way.
type patternMux struct {
	*http.ServeMux
	patterns *[]string
	lagging  *[]string // the patterns marked lagOK
}

func (m patternMux) Handle(pattern string, h http.Handler) {
	*m.patterns = append(*m.patterns, pattern)
	if _, ok := h.(lagHandler); ok {
		*m.lagging = append(*m.lagging, pattern)
	}
	m.ServeMux.Handle(pattern, h)
}

func (m patternMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	*m.patterns = append(*m.patterns, pattern)
	m.ServeMux.HandleFunc(pattern, h)
}

// Patterns returns the patterns the server answers, in the order routes.go
// registers them.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }

// lagOK marks a route whose reads may come from the read replica
// (--read-db): reports, dashboards, lists, search, exports and the map,
// whose readers accept a state a moment old. The store still sends a
// user's reads to the primary until the replica has that user's own last
// write. patternMux notes the route, for the test that keeps the list to
// reads.
func lagOK(h http.Handler) http.Handler { return lagHandler{h} }

type lagHandler struct{ h http.Handler }

func (l lagHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.h.ServeHTTP(w, r.WithContext(store.MayLag(r.Context())))
}

// LagTolerant returns the patterns marked lagOK, in the order routes.go
// registers them.
func (s *Server) LagTolerant() []string { return append([]string(nil), s.lagging...) }
