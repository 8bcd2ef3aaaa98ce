// Package web serves Shuangbai over HTTP: the server-rendered Chinese pages
// for station officers and the JSON API under /api/v1. Handlers read and
// write through *store.DB, always with the scope of the logged-in user.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"shuangbai/auth"
	"shuangbai/report/pdf"
	"shuangbai/store"
	"shuangbai/web/account"
	"shuangbai/web/activity"
	"shuangbai/web/admin"
	"shuangbai/web/briefing"
	"shuangbai/web/casework"
	"shuangbai/web/dashboard"
	"shuangbai/web/eligibility"
	"shuangbai/web/evaluation"
	"shuangbai/web/help"
	"shuangbai/web/maps"
	"shuangbai/web/network"
	"shuangbai/web/offline"
	"shuangbai/web/plan"
	"shuangbai/web/progress"
	"shuangbai/web/recruit"
	"shuangbai/web/roster"
	"shuangbai/web/search"
	"shuangbai/web/supervision"
	"shuangbai/web/ui"
)

// Config holds what a Server needs; cmd fills it from flags.
type Config struct {
	DB     *store.DB
	Logger *slog.Logger // nil: slog.Default()
	// Dev reads templates and static files from disk on every request, so
	// edits show without a rebuild (run from inside the repository).
	Dev bool
	// SecureCookies marks the session cookie Secure even when the request
	// reached us over plain HTTP: set it behind a TLS-terminating proxy.
	// (A request over TLS always gets a Secure cookie.)
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	// Rendered is called with each template name rendered; tests use it to
	// check that every template was rendered at least once.
	Rendered func(name string)
}

// Server answers the HTML pages and the JSON API. Create it with New.
type Server struct {
	db      *store.DB
	ui      *ui.UI
	checks  chan struct{} // password checks running now; see authenticate
	proxies []netip.Prefix
	secure  bool // Config.SecureCookies
	handler http.Handler

	patterns []string // every route's pattern, as registered; see Patterns
	lagging  []string // the patterns whose reads may lag; see LagTolerant

	network  *network.Handlers
	casework *casework.Handlers
	progress *progress.Handlers
	roster   *roster.Handlers
	admin    *admin.Handlers
	help     *help.Handlers
	account  *account.Handlers

	eligibility *eligibility.Handlers
	recruit     *recruit.Handlers
	search      *search.Handlers
	plan        *plan.Handlers
	supervision *supervision.Handlers
	evaluation  *evaluation.Handlers
	briefing    *briefing.Handlers
	activity    *activity.Handlers
	dashboard   *dashboard.Handlers
	maps        *maps.Handlers
	offline     *offline.Handlers
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
	u, err := ui.New(ui.Config{DB: cfg.DB, Logger: cfg.Logger, Dev: cfg.Dev, Rendered: cfg.Rendered,
		Pages: []ui.Pages{Pages, network.Pages, casework.Pages, progress.Pages, roster.Pages, admin.Pages, help.Pages, account.Pages, eligibility.Pages, recruit.Pages,
			search.Pages,
			plan.Pages,
			supervision.Pages, evaluation.Pages,
			briefing.Pages,
			activity.Pages,
			dashboard.Pages,
			maps.Pages,
			offline.Pages,
		},
		Check: account.Check(cfg.DB)})
	if err != nil {
		return nil, err
	}
	s := &Server{
		db:      cfg.DB,
		ui:      u,
		proxies: cfg.TrustedProxies,
		checks:  make(chan struct{}, 4),
		secure:  cfg.SecureCookies,
	}
	s.network = network.New(cfg.DB, u)
	s.casework = casework.New(cfg.DB, u)
	s.progress = progress.New(cfg.DB, u)
	s.roster = roster.New(cfg.DB, u)
	s.admin = admin.New(cfg.DB, u)
	s.help = help.New(cfg.DB, u)
	s.account = account.New(cfg.DB, u, account.Config{Verify: s.verifyPassword, StartSession: s.startSession})
	s.eligibility = eligibility.New(cfg.DB, u)
	s.recruit = recruit.New(cfg.DB, u)
	s.search = search.New(cfg.DB, u)
	s.plan = plan.New(cfg.DB, u)
	s.supervision = supervision.New(cfg.DB, u)
	s.evaluation = evaluation.New(cfg.DB, u)
	s.briefing = briefing.New(cfg.DB, u)
	s.briefing.PDF = pdf.Write
	s.activity = activity.New(cfg.DB, u)
	s.dashboard = dashboard.New(cfg.DB, u)
	s.maps = maps.New(cfg.DB, u)
	s.offline = offline.New(cfg.DB, u)
	s.handler = s.routes()
	return s, nil
}

// Handler returns the handler for every URL the server answers.
func (s *Server) Handler() http.Handler { return s.handler }

// dummyHash is checked against when a username does not exist, so that a
// login for an unknown name takes as long as one with a wrong password and
// does not reveal which names exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword(auth.NewToken())
	return h
})
