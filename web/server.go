// Package web serves Shuangbai over HTTP: the server-rendered Chinese pages
// for station officers and the JSON API under /api/v1. Handlers read and
// write through *store.DB, always with the scope of the logged-in user.
package web

import (
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
)

// Config holds what a Server needs; cmd fills it from flags.
type Config struct {
	DB     *store.DB
	Logger *slog.Logger // nil: slog.Default()
	// Dev reads templates and static files from disk on every request, so
	// edits show without a rebuild: from ./web when run from the repository
	// root, or from . when run inside web/.
	Dev bool
	// SecureCookies marks the session cookie Secure even when the request
	// reached us over plain HTTP: set it behind a TLS-terminating proxy.
	// (A request over TLS always gets a Secure cookie.)
	SecureCookies bool
}

// Server answers the HTML pages and the JSON API. Create it with New.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	dev     bool
	files   fs.FS // holds templates/ and static/
	pages   map[string]*template.Template
	static  map[string]string // static path → short content hash, for cache busting
	limiter *auth.Limiter
	checks  chan struct{} // password checks running now; see authenticate
	secure  bool          // Config.SecureCookies
	handler http.Handler
	now     func() time.Time

	// rendered is called with each template name rendered; tests use it to
	// check that every template was rendered at least once.
	rendered func(name string)
}

// Session lifetimes: a working day in the browser, a month for API clients
// (scripts that sync from a county's own systems).
const (
	sessionTTL = 12 * time.Hour
	apiTTL     = 30 * 24 * time.Hour
)

// New returns a server with its templates parsed; a template error fails
// here, at start-up, instead of on a user's first request.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("web: Config.DB is nil")
	}
	s := &Server{
		db:      cfg.DB,
		log:     cfg.Logger,
		dev:     cfg.Dev,
		files:   embedded,
		limiter: auth.NewLimiter(5, 15*time.Minute),
		checks:  make(chan struct{}, 4),
		secure:  cfg.SecureCookies,
		now:     time.Now,
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.dev {
		dir, err := devDir()
		if err != nil {
			return nil, err
		}
		s.files = os.DirFS(dir)
	}
	var err error
	if s.static, err = hashStatic(s.files); err != nil {
		return nil, err
	}
	if s.pages, err = parseTemplates(s.files, s.templateFuncs()); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the handler for every URL the server answers.
func (s *Server) Handler() http.Handler { return s.handler }

// today is the calendar date in China now.
func (s *Server) today() shuangbai.Date { return shuangbai.Today(s.now()) }

// dummyHash is checked against when a username does not exist, so that a
// login for an unknown name takes as long as one with a wrong password and
// does not reveal which names exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword(auth.NewToken())
	return h
})

// devDir finds the folder holding templates/ and static/ for Dev mode.
func devDir() (string, error) {
	for _, dir := range []string{"web", "."} {
		if fi, err := os.Stat(filepath.Join(dir, "templates")); err == nil && fi.IsDir() {
			return dir, nil
		}
	}
	return "", errors.New("web: dev mode needs web/templates under the working directory (run from the repository root)")
}
