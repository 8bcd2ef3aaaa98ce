package ui

import (
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// Config holds what a UI needs; package web fills it.
type Config struct {
	DB     *store.DB
	Logger *slog.Logger // nil: slog.Default()
	// Dev reads templates and static files from disk on every request, so
	// edits show without a rebuild. The folders are found below the module
	// root (the nearest parent folder holding go.mod).
	Dev bool
	// Pages are the page templates of every capability.
	Pages []Pages
	// Rendered is called with each template name rendered; tests use it to
	// check that every template was rendered at least once.
	Rendered func(name string)
	// Check is called by Page and API with the request's user before the
	// handler: the one place an account's own state (a password that must
	// be changed) holds up every page. It returns a notice for the page's
	// banner, or ErrPasswordChange. Nil: nothing is checked.
	Check func(r *http.Request, u *shuangbai.User) (notice string, err error)
}

// Pages are one package's page templates: FS holds a folder templates/
// whose .html files are pages (named by their path below templates/) and
// whose templates/partials/*.html are shared with every page. Dir is the
// package's folder below the module root, read instead of FS in Dev mode.
type Pages struct {
	Dir string
	FS  fs.FS
}

// Shared are the pages of package ui itself: the layout, the partials
// every page may use, and the error page.
var Shared = Pages{Dir: "web/ui", FS: embedded}

// Names lists the page templates of p (not the layout or partials), for
// the tests that check every page was rendered.
func (p Pages) Names() ([]string, error) {
	var names []string
	err := fs.WalkDir(p.FS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		name := strings.TrimPrefix(path, "templates/")
		if name != "layout.html" && !strings.HasPrefix(name, "partials/") {
			names = append(names, name)
		}
		return nil
	})
	return names, err
}

// UI renders pages and errors for every capability. Create it with New.
type UI struct {
	db       *store.DB
	log      *slog.Logger
	now      func() time.Time
	dev      bool
	sources  []Pages
	static   fs.FS             // holds static/
	hashes   map[string]string // static path → short content hash, for cache busting
	pages    map[string]*template.Template
	rendered func(string)
	check    func(*http.Request, *shuangbai.User) (string, error)
}

// New returns a UI with every template parsed; a template error fails here,
// at start-up, instead of on a user's first request.
func New(cfg Config) (*UI, error) {
	if cfg.DB == nil {
		return nil, errors.New("ui: Config.DB is nil")
	}
	u := &UI{db: cfg.DB, log: cfg.Logger, dev: cfg.Dev, static: embedded, rendered: cfg.Rendered, check: cfg.Check}
	if u.log == nil {
		u.log = slog.Default()
	}
	// One clock for the whole server: the store's, which also stamps
	// every record and checks dates against "today". Tests replace it there.
	u.now = func() time.Time { return cfg.DB.Now() }
	u.sources = append([]Pages{Shared}, cfg.Pages...)
	if u.dev {
		root, err := moduleRoot()
		if err != nil {
			return nil, err
		}
		for i, p := range u.sources {
			u.sources[i].FS = os.DirFS(filepath.Join(root, filepath.FromSlash(p.Dir)))
		}
		u.static = u.sources[0].FS
	}
	var err error
	if u.hashes, err = hashStatic(u.static); err != nil {
		return nil, err
	}
	if u.pages, err = u.parse(); err != nil {
		return nil, err
	}
	return u, nil
}

// Log returns the server's logger.
func (u *UI) Log() *slog.Logger { return u.log }

// Now returns the time on the server's clock.
func (u *UI) Now() time.Time { return u.now() }

// Today is the calendar date in China on the server's clock: the one
// "today" of every handler.
func (u *UI) Today() shuangbai.Date { return shuangbai.Today(u.now()) }

// moduleRoot finds the folder holding go.mod at or above the working
// directory, for Dev mode.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("ui: dev mode needs the source tree: run from inside the repository")
		}
		dir = up
	}
}
