package web

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
	"shuangbai/web/ui"
)

// testPassword is every test account's password; its hash is computed once
// per test binary, since argon2id takes a noticeable fraction of a second.
const testPassword = "correct-horse-battery"

var testHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// rendered collects the templates any test rendered, for TestMain.
var rendered sync.Map

// TestMain fails the run when a page template was never rendered by any
// test, so a template cannot break unnoticed. It checks only full runs.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		var pages []string
		for _, p := range []ui.Pages{ui.Shared, {Dir: "web", FS: embedded}} {
			names, err := p.Names()
			if err != nil {
				fmt.Println(err)
				os.Exit(1)
			}
			pages = append(pages, names...)
		}
		var missing []string
		for _, name := range pages {
			if _, ok := rendered.Load(name); !ok {
				missing = append(missing, name)
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

// fixture is a server on a fresh database holding the small Yunfu tree:
// one station, point and person in 云城区 and the same in 罗定市, and
// accounts at city and county level.
type fixture struct {
	t   *testing.T
	db  *store.DB
	srv *Server

	ycStation, ldStation *shuangbai.Station // 河口街道 (云城区), 双东街道 (罗定市)
	ycPoint, ldPoint     *shuangbai.Point
	ycPerson, ldPerson   *shuangbai.Person

	mu      sync.Mutex
	clients map[string]*client
}

// config is the configuration of the fixture's server.
func (f *fixture) config() Config {
	return Config{DB: f.db, Logger: slog.New(slog.NewTextHandler(f.t.Output(), &slog.HandlerOptions{Level: slog.LevelError})),
		Rendered: func(name string) { rendered.Store(name, true) }}
}

// Test accounts, by username.
const (
	cityAdmin = "city"     // 市级管理员, 云浮市
	ycAdmin   = "yc.admin" // 县级管理员, 云城区
	ldAdmin   = "ld.admin" // 县级管理员, 罗定市
	ycViewer  = "yc.view"  // 只读用户, 云城区
)

var day = shuangbai.NewDate(2021, 8, 1)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	f := &fixture{t: t, db: db, clients: map[string]*client{}}
	f.ycStation = storetest.Station(t, db, "445302003", "河口街道社工站", day)
	f.ldStation = storetest.Station(t, db, "445381004", "双东街道社工站", day)
	f.ycPoint = storetest.Point(t, db, f.ycStation, "445302003208", "双上村社工点", day)
	f.ldPoint = storetest.Point(t, db, f.ldStation, "445381004001", "双东社区社工点", day)
	f.ycPerson = f.person("445302003", "陈云城", "13800138000", f.ycStation.ID)
	f.ldPerson = f.person("445381004", "罗定人", "13900139000", f.ldStation.ID)
	storetest.User(t, db, cityAdmin, shuangbai.RoleCityAdmin, "4453", testHash())
	storetest.User(t, db, ycAdmin, shuangbai.RoleCountyAdmin, "445302", testHash())
	storetest.User(t, db, ldAdmin, shuangbai.RoleCountyAdmin, "445381", testHash())
	storetest.User(t, db, ycViewer, shuangbai.RoleViewer, "445302", testHash())

	srv, err := New(f.config())
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	return f
}

// person stores a member of staff assigned to a station since day.
func (f *fixture) person(region, name, phone string, station int64) *shuangbai.Person {
	f.t.Helper()
	ctx := f.t.Context()
	p := &shuangbai.Person{Region: region, Name: name, Gender: "女", Phone: phone, Role: shuangbai.StaffWorker}
	if err := f.db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		f.t.Fatal(err)
	}
	if err := f.db.Assign(ctx, shuangbai.SystemUser, &shuangbai.Assignment{PersonID: p.ID, StationID: station, From: day}); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// client sends requests to the fixture's handler as one user: with the
// session cookie of a real login, or with an API token.
type client struct {
	h      http.Handler
	cookie *http.Cookie
	token  string
}

// anon returns a client with no session.
func (f *fixture) anon() *client { return &client{h: f.srv.Handler()} }

// as returns a client logged in as username through POST /login, logging
// in once per fixture and user.
func (f *fixture) as(t *testing.T, username string) *client {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.clients[username]; ok {
		return c
	}
	c := f.anon()
	res := c.postForm(t, "/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("login %s: status %d, body %s", username, res.Code, res.Body)
	}
	for _, ck := range res.Result().Cookies() {
		if ck.Name == ui.CookieName {
			c.cookie = ck
		}
	}
	if c.cookie == nil {
		t.Fatalf("login %s: no session cookie", username)
	}
	f.clients[username] = c
	return c
}

// api returns a client holding an API token of username from POST
// /api/v1/login.
func (f *fixture) api(t *testing.T, username string) *client {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	key := "api:" + username
	if c, ok := f.clients[key]; ok {
		return c
	}
	c := f.anon()
	res := c.json(t, "POST", "/api/v1/login", map[string]string{"username": username, "password": testPassword})
	if res.Code != http.StatusOK {
		t.Fatalf("api login %s: status %d, body %s", username, res.Code, res.Body)
	}
	var out struct {
		Token string `json:"token"`
	}
	decode(t, res, &out)
	c.token = out.Token
	f.clients[key] = c
	return c
}

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res := httptest.NewRecorder()
	c.h.ServeHTTP(res, req)
	return res
}

func (c *client) get(t *testing.T, path string) *httptest.ResponseRecorder {
	t.Helper()
	return c.do(httptest.NewRequest("GET", path, nil))
}

func (c *client) postForm(t *testing.T, path string, v url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// json sends body as JSON; a string body is sent as is.
func (c *client) json(t *testing.T, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var b []byte
	switch x := body.(type) {
	case nil:
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return c.do(req)
}

func decode(t *testing.T, res *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(res.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", res.Body, err)
	}
}

// expect checks a response's status and that its body holds each of want.
func expect(t *testing.T, res *httptest.ResponseRecorder, status int, want ...string) {
	t.Helper()
	if res.Code != status {
		t.Errorf("status = %d, want %d; body:\n%.2000s", res.Code, status, res.Body)
		return
	}
	for _, w := range want {
		if !strings.Contains(res.Body.String(), w) {
			t.Errorf("body lacks %q:\n%.3000s", w, res.Body)
		}
	}
}

// expectNot checks that a body holds none of bad.
func expectNot(t *testing.T, res *httptest.ResponseRecorder, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(res.Body.String(), b) {
			t.Errorf("body holds %q but must not:\n%.3000s", b, res.Body)
		}
	}
}

func id(n int64) string { return fmt.Sprint(n) }

// adminScope sees everything, for checking what the database holds.
var adminScope = shuangbai.Scope{All: true}

func siteFilterName(q string) shuangbai.SiteFilter { return shuangbai.SiteFilter{Query: q} }

func newRequest(method, path string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, path, body)
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}
