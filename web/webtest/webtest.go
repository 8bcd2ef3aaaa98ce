// Package webtest runs the whole web application for the tests of package
// web and its capability packages: a server on a fresh database (SQLite, or
// PostgreSQL when SHUANGBAI_TEST_POSTGRES is set) with a small Yunfu
// fixture, clients logged in through the real login page or API, response
// checks, and a check that every page template was rendered by some test.
package webtest

import (
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web"
	"shuangbai/web/ui"
)

// Password is every test account's password.
const Password = "correct-horse-battery"

// Cost is what the test accounts' hashes cost: a login checks its password
// in well under a millisecond, where auth.DefaultCost takes 0.2 s of CPU
// and 64 MiB. The suite logs in thousands of times; at DefaultCost that was
// half the CPU of the web packages' tests. The hash is still argon2id,
// checked by the code that checks every account's (auth.CheckPassword).
var Cost = auth.Cost{Time: 1, Memory: 64, Threads: 1}

// Hash is the hash of Password, computed once per test binary.
var Hash = sync.OnceValue(func() string {
	h, err := auth.HashPasswordCost(Password, Cost)
	if err != nil {
		panic(err)
	}
	return h
})

// rendered collects the templates any test of this binary rendered.
var rendered sync.Map

// Main runs a package's tests, then fails the run when a page template of
// pages was never rendered by any of them, so a template cannot break
// unnoticed. It checks only full runs. Call it from TestMain.
func Main(m *testing.M, pages ...ui.Pages) {
	flag.Parse()
	code := m.Run()
	// Only a full run renders every template: a run of some tests (-run),
	// a listing (-list, which runs none) or -short says nothing about them.
	full := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.list").Value.String() == ""
	if code == 0 && full && !testing.Short() {
		var missing []string
		for _, p := range pages {
			names, err := p.Names()
			if err != nil {
				fmt.Println(err)
				os.Exit(1)
			}
			for _, name := range names {
				if _, ok := rendered.Load(name); !ok {
					missing = append(missing, name)
				}
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			fmt.Printf("FAIL: templates never rendered by a test: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// Test accounts of New, by username.
const (
	CityAdmin = "city"     // 市级管理员, 云浮市
	YcAdmin   = "yc.admin" // 县级管理员, 云城区
	LdAdmin   = "ld.admin" // 县级管理员, 罗定市
	YcViewer  = "yc.view"  // 只读用户, 云城区

	// The three separated administrators (三员).
	CitySys   = "city.sys"   // 系统管理员, 云浮市: accounts
	YcSys     = "yc.sys"     // 系统管理员, 云城区
	CitySec   = "city.sec"   // 安全管理员, 云浮市: roles, policies, unlocks
	CityAudit = "city.audit" // 审计管理员, 云浮市: the logs
)

// Day is the day the fixture's sites were built and its staff assigned.
var Day = shuangbai.NewDate(2021, 8, 1)

// Fixture is a server on a fresh database.
type Fixture struct {
	T   testing.TB
	DB  *store.DB
	Srv *web.Server
	DSN string // where DB is, for a test's own SQL (New only)

	// Set by New: the small Yunfu tree with one station, point and person
	// in 云城区 (河口街道) and the same in 罗定市 (双东街道).
	YcStation, LdStation *shuangbai.Station
	YcPoint, LdPoint     *shuangbai.Point
	YcPerson, LdPerson   *shuangbai.Person

	password string
	mu       sync.Mutex
	clients  map[string]*Client
	factors  factors // the second factors As enrolled
}

// New returns a server on a fresh database holding the small Yunfu tree:
// one station, point and person in 云城区 and the same in 罗定市, and
// accounts at city and county level.
func New(t testing.TB) *Fixture {
	t.Helper()
	dsn := storetest.DSN(t)
	db := storetest.OpenAt(t, dsn)
	storetest.Yunfu(t, db)
	f := &Fixture{T: t, DB: db, DSN: dsn, password: Password, clients: map[string]*Client{}}
	f.YcStation = storetest.Station(t, db, "445302003", "河口街道社工站", Day)
	f.LdStation = storetest.Station(t, db, "445381004", "双东街道社工站", Day)
	f.YcPoint = storetest.Point(t, db, f.YcStation, "445302003208", "双上村社工点", Day)
	f.LdPoint = storetest.Point(t, db, f.LdStation, "445381004001", "双东社区社工点", Day)
	f.YcPerson = f.Person("445302003", "陈云城", "13800138000", f.YcStation.ID)
	f.LdPerson = f.Person("445381004", "罗定人", "13900139000", f.LdStation.ID)
	storetest.User(t, db, CityAdmin, shuangbai.RoleCityAdmin, "4453", Hash())
	storetest.User(t, db, YcAdmin, shuangbai.RoleCountyAdmin, "445302", Hash())
	storetest.User(t, db, LdAdmin, shuangbai.RoleCountyAdmin, "445381", Hash())
	storetest.User(t, db, YcViewer, shuangbai.RoleViewer, "445302", Hash())
	storetest.User(t, db, CitySys, shuangbai.RoleSysAdmin, "4453", Hash())
	storetest.User(t, db, YcSys, shuangbai.RoleSysAdmin, "445302", Hash())
	storetest.User(t, db, CitySec, shuangbai.RoleSecAdmin, "4453", Hash())
	storetest.User(t, db, CityAudit, shuangbai.RoleAuditAdmin, "4453", Hash())
	// Like the demo, only the security administrator must have a second
	// factor (the least the store allows), so the tests of other work log
	// the other administrators in with the password alone. The tests of
	// the login set the real default back where they need it.
	if err := db.SetTOTPRoles(t.Context(), shuangbai.SystemUser, nil); err != nil {
		t.Fatal(err)
	}
	f.Srv = Server(t, f.Config())
	return f
}

// Config is the configuration of the fixture's server: its database, a
// logger into the test's output, and the record of rendered templates.
func (f *Fixture) Config() web.Config {
	return web.Config{DB: f.DB, Logger: slog.New(slog.NewTextHandler(f.T.Output(), &slog.HandlerOptions{Level: slog.LevelError})),
		Rendered: func(name string) { rendered.Store(name, true) }}
}

// Server returns a server with cfg, failing the test if it cannot start.
func Server(t testing.TB, cfg web.Config) *web.Server {
	t.Helper()
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// Person stores a member of staff assigned to a station since Day.
func (f *Fixture) Person(region, name, phone string, station int64) *shuangbai.Person {
	f.T.Helper()
	ctx := f.T.Context()
	p := &shuangbai.Person{Region: region, Name: name, Gender: "女", Phone: phone, Role: shuangbai.StaffWorker}
	if err := f.DB.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		f.T.Fatal(err)
	}
	if err := f.DB.Assign(ctx, shuangbai.SystemUser, &shuangbai.Assignment{PersonID: p.ID, StationID: station, From: Day}); err != nil {
		f.T.Fatal(err)
	}
	return p
}

// Anon returns a client with no session.
func (f *Fixture) Anon() *Client { return &Client{H: f.Srv.Handler()} }

// As returns a client logged in as username through POST /login, logging
// in once per fixture and user. An account that must give a second factor
// gives it as its user would: enrolling one with the secret the enrolment
// page shows, the first time, and entering a fresh code after.
func (f *Fixture) As(t testing.TB, username string) *Client {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.as(t, username)
}

func (f *Fixture) as(t testing.TB, username string) *Client {
	t.Helper()
	if c, ok := f.clients[username]; ok {
		return c
	}
	c := f.Anon()
	res := c.PostForm(t, "/login", url.Values{"username": {username}, "password": {f.password}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("login %s: status %d, body %s", username, res.Code, res.Body)
	}
	if loc := res.Header().Get("Location"); strings.HasPrefix(loc, "/login/") {
		res = f.secondStep(t, username, res)
	}
	for _, ck := range res.Result().Cookies() {
		if ck.Name == ui.CookieName {
			c.Cookie = ck
		}
	}
	if c.Cookie == nil {
		t.Fatalf("login %s: no session cookie", username)
	}
	f.clients[username] = c
	return c
}

// API returns a client holding an API token of username from POST
// /api/v1/login.
func (f *Fixture) API(t testing.TB, username string) *Client {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	key := "api:" + username
	if c, ok := f.clients[key]; ok {
		return c
	}
	body := map[string]string{"username": username, "password": f.password}
	if code := f.apiCode(t, username); code != "" {
		body["totp"] = code
	}
	c := f.Anon()
	res := c.JSON(t, "POST", "/api/v1/login", body)
	if res.Code != http.StatusOK {
		t.Fatalf("api login %s: status %d, body %s", username, res.Code, res.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	Decode(t, res, &out)
	c.Token = out.Token
	f.clients[key] = c
	return c
}

// ID writes a record's id as it appears in URLs.
func ID(n int64) string { return fmt.Sprint(n) }

// AdminScope sees everything, for checking what the database holds.
var AdminScope = shuangbai.Scope{All: true}
