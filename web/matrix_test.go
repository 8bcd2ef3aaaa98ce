package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"shuangbai/web/webtest"
)

// matrixRoles are the accounts the matrix logs in as, with their home
// regions: the city, each county, a station's lead and worker, a viewer
// and the three administrators.
var matrixRoles = []struct{ user, region string }{
	{webtest.CityAdmin, "4453"},
	{webtest.YcAdmin, "445302"},
	{webtest.LdAdmin, "445381"},
	{webtest.YcViewer, "445302"},
	{webtest.YcLead, "445302003"},
	{webtest.YcWorker, "445302003"},
	{webtest.CitySys, "4453"},
	{webtest.YcSys, "445302"},
	{webtest.CitySec, "4453"},
	{webtest.CityAudit, "4453"},
}

// where a place lies for an account at home.
type where int

const (
	inside  where = iota
	above         // the place holds the account's home: a county's records for a station's lead
	outside       // neither: the records the account must never see
)

func whereIs(home, place string) where {
	r := placeRegion[place]
	switch {
	case strings.HasPrefix(r, home):
		return inside
	case strings.HasPrefix(home, r):
		return above
	}
	return outside
}

// call is one request of the matrix.
type call struct {
	method, path, place string
	api, upload         bool
	body                string // a write's form or JSON; "" sends an empty one
}

var param = regexp.MustCompile(`\{([a-z$]+)\}`)

// staticParams fill what names no record: an upload's token (held for its
// uploader only, so any token is somebody else's) and the mux's {$}.
var staticParams = map[string]string{"token": "x", "$": ""}

// calls returns the requests of a pattern: one per place of each record
// kind the entry names, or one with no place.
func (m *matrixFixture) calls(t *testing.T, pattern string, e matrixRoute) []call {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok { // a pattern without a method ("/", "/api/"): read it
		method, path = http.MethodGet, pattern
	}
	switch path { // the catch-alls: a path nothing else answers
	case "/api/":
		path = "/api/v1/nothing"
	case "/":
		path = "/nothing"
	}
	api := strings.HasPrefix(path, "/api/")
	fill := func(params map[string]string) string {
		return param.ReplaceAllStringFunc(path, func(s string) string {
			name := s[1 : len(s)-1]
			if v, ok := params[name]; ok {
				return v
			}
			if v, ok := staticParams[name]; ok {
				return v
			}
			t.Errorf("%s: no value for %s in %q", pattern, s, e.rec)
			return "0"
		})
	}
	body := func(place string) string {
		if place == "" || m.ids["place"][place] == nil {
			place = pHK
		}
		return param.ReplaceAllStringFunc(e.body, func(s string) string { return m.ids["place"][place][s[1:len(s)-1]] })
	}
	if e.rec == "" {
		return []call{{method: method, path: fill(nil), api: api, upload: e.upload, body: body("")}}
	}
	var out []call
	for _, kind := range strings.Split(e.rec, ",") {
		places := m.ids[kind]
		if len(places) == 0 {
			t.Errorf("%s: the fixture has no %q records", pattern, kind)
		}
		keys := make([]string, 0, len(places))
		for p := range places {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			out = append(out, call{method: method, path: fill(places[p]), place: p, api: api, upload: e.upload, body: body(p)})
		}
	}
	return out
}

// do sends c as user with an empty body (a write's form or JSON), so that
// a write that gets past its checks of who and where changes as little as
// it can.
func (m *matrixFixture) do(t *testing.T, user string, c call) *httptest.ResponseRecorder {
	var req *http.Request
	switch {
	case c.method == http.MethodGet:
		req = httptest.NewRequest(c.method, c.path, nil)
	case c.upload:
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "照片.png")
		fw.Write(m.photo)
		mw.Close()
		req = httptest.NewRequest(c.method, c.path, &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
	case c.api || strings.HasPrefix(c.path, "/offline/api/"):
		// The offline app's JSON endpoints take the browser session, and a
		// visit its phone's key.
		req = httptest.NewRequest(c.method, c.path, strings.NewReader(cmpOr(c.body, "{}")))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", fmt.Sprintf("5e0c7a52-1b7e-4c1a-9d55-%012d", 1e6+m.keys.Add(1)))
	default:
		req = httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.api {
		return m.API(t, user).Do(req)
	}
	return m.As(t, user).Do(req)
}

// text is what an answer says: its body, or the files inside an XLSX or
// DOCX download.
func text(body []byte) string {
	if !bytes.HasPrefix(body, []byte("PK")) {
		return string(body)
	}
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return string(body)
	}
	var b strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			continue
		}
		io.Copy(&b, r)
		r.Close()
	}
	return b.String()
}

// leaks returns the strings of places outside home that body holds.
func (m *matrixFixture) leaks(home string, body []byte) []string {
	s := text(body)
	var out []string
	for place, secrets := range m.secrets {
		if whereIs(home, place) != outside {
			continue
		}
		for _, x := range secrets {
			if strings.Contains(s, x) {
				out = append(out, place+":"+x)
			}
		}
	}
	sort.Strings(out)
	return out
}

// refused reports whether an answer refuses: not found, or forbidden.
func refused(code int) bool { return code == http.StatusNotFound || code == http.StatusForbidden }

// failFast, when SHUANGBAI_MATRIX_FAILFAST is set (scripts/mutate-scope
// sets it), stops the matrix at its first failure, so that a mutant it
// catches costs no more than the check that catches it.
var failFast = os.Getenv("SHUANGBAI_MATRIX_FAILFAST") != ""

// TestAccessMatrix is the matrix. See matrix_routes_test.go.
func TestAccessMatrix(t *testing.T) {
	f := newMatrixFixture(t)
	// stop reports whether to stop: a subtest's failure fails its parents
	// at once, so every loop asks the matrix itself.
	stop := func() bool { return failFast && t.Failed() }
	patterns := f.Srv.Patterns()
	for _, p := range patterns {
		if _, ok := matrixRoutes[p]; !ok {
			t.Errorf("route %q has no entry in matrixRoutes (web/matrix_routes_test.go): say which records its path names", p)
		}
	}
	for p := range matrixRoutes {
		if !slices.Contains(patterns, p) {
			t.Errorf("matrixRoutes names %q, which the server does not register", p)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	slices.Sort(patterns)
	for _, r := range matrixRoles { // log in first, one at a time
		f.As(t, r.user)
		f.API(t, r.user)
	}

	// Reads, in parallel: every account, every GET route, every place.
	// Outside: refused, and nothing of it in the answer. The live account
	// reads every place's record, which proves the ids. Lists are also asked
	// for each outside region and station by name.
	t.Run("read", func(t *testing.T) {
		for _, r := range matrixRoles {
			t.Run(r.user, func(t *testing.T) {
				t.Parallel()
				for _, p := range patterns {
					if stop() {
						return
					}
					e := matrixRoutes[p]
					for _, c := range f.calls(t, p, e) {
						if c.method != http.MethodGet {
							continue
						}
						f.read(t, r.user, r.region, p, e, c)
						if c.place == "" && !e.self {
							for _, q := range f.outsideQueries(r.region) {
								c := c
								c.path += q
								f.read(t, r.user, r.region, p, e, c)
							}
							// A list the city narrows to a town holds nothing
							// of the other places: its filter is a scope too.
							if r.user == webtest.CityAdmin && !e.nofilter {
								for _, q := range []string{pHK, pSD} {
									c := c
									c.path += f.query(q)
									res := f.do(t, r.user, c)
									if l := f.leaks(placeRegion[q], res.Body.Bytes()); len(l) > 0 {
										t.Errorf("%s GET %s (%s): the answer holds %v", r.user, c.path, p, l)
									}
								}
							}
						}
						// So does a town's record page, read by its live account.
						if r.user == cmpOr(e.live, webtest.CityAdmin) && !e.nofilter && (c.place == pHK || c.place == pSD) {
							res := f.do(t, r.user, c)
							if l := f.leaks(placeRegion[c.place], res.Body.Bytes()); len(l) > 0 {
								t.Errorf("%s GET %s (%s, %s's): the answer holds %v", r.user, c.path, p, c.place, l)
							}
						}
					}
				}
			})
		}
	})

	// The regions above each account: readable, their other children not;
	// an import's dry run, which tells nothing of files elsewhere; a search;
	// one place's coverage ended under another's supervisor; a person above
	// the account placed at its station; a register naming a worker who has
	// a namesake outside; an outside account's token.
	t.Run("one-offs", func(t *testing.T) {
		if !stop() {
			f.ancestorsChildren(t)
			f.elsewhereDryRun(t)
			f.searched(t)
			f.foreignCoverage(t)
			f.assignAbove(t)
			f.rosterNamesake(t)
			f.outsideSessions(t)
		}
	})

	// Reads again, after 罗定市 has more of everything: no answer to an
	// account of 云城区 may change.
	t.Run("independent", func(t *testing.T) {
		if !stop() {
			f.independent(t, patterns)
		}
	})

	// Refused writes, one at a time, each with every table's checksum
	// before and after: by every account on every record not inside it
	// (outside, or above it: the province's template the city reads), and
	// by the viewer on every record and route.
	t.Run("write", func(t *testing.T) {
		ctx := t.Context()
		before, err := f.sums.sums(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range patterns {
			if stop() {
				return
			}
			e := matrixRoutes[p]
			if e.self {
				continue
			}
			for _, c := range f.calls(t, p, e) {
				if c.method == http.MethodGet {
					continue
				}
				for _, r := range matrixRoles {
					w := inside
					if c.place != "" {
						w = whereIs(r.region, c.place)
					}
					if (w == inside || c.place == pShared && e.ownPart) && r.user != webtest.YcViewer {
						continue
					}
					res := f.do(t, r.user, c)
					n++
					if !refused(res.Code) {
						t.Errorf("%s %s %s (%s, %s): status %d, want 404 or 403; body %.300s", r.user, c.method, c.path, p, c.place, res.Code, res.Body)
					}
					if l := f.leaks(r.region, res.Body.Bytes()); len(l) > 0 {
						t.Errorf("%s %s %s: the answer holds %v", r.user, c.method, c.path, l)
					}
					after, err := f.sums.sums(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if ch := before.changed(after); len(ch) > 0 {
						t.Errorf("%s %s %s (%s) was refused with %d but changed %v", r.user, c.method, c.path, c.place, res.Code, ch)
					}
					before = after
				}
			}
		}
		t.Logf("%d refused writes, each checksummed", n)
	})

	// Writes that name a place in the body (creates, and updates that
	// move a record): refused for every place outside the account,
	// changing nothing; then made for 河口 by an account that may, so the
	// body is known to be good.
	t.Run("creates", func(t *testing.T) { f.creates(t, patterns, stop) })

	// Last, since they may change what they name: each write reaches its
	// record when the live account sends it, so the 404s above were the
	// scope's and not a bad id's.
	t.Run("live writes", func(t *testing.T) {
		var last []string // what removes the record it names goes after the rest
		for _, p := range patterns {
			if matrixRoutes[p].last {
				last = append(last, p)
			}
		}
		for _, p := range append(slices.DeleteFunc(slices.Clone(patterns), func(p string) bool { return matrixRoutes[p].last }), last...) {
			if stop() {
				return
			}
			e := matrixRoutes[p]
			if e.self || e.rec == "" || e.live == "-" {
				continue
			}
			user := cmpOr(e.live, webtest.CityAdmin)
			for _, c := range f.calls(t, p, e) {
				if c.method == http.MethodGet || whereIs(homeOf(user), c.place) != inside {
					continue // the province's, which no account writes
				}
				if res := f.do(t, user, c); res.Code == http.StatusNotFound || res.Code >= 500 {
					t.Errorf("%s %s %s (%s): status %d: the id does not reach its record; body %.300s", user, c.method, c.path, c.place, res.Code, res.Body)
				}
			}
		}
	})

	// Last, since it moves a file: what moves with it.
	t.Run("moved", func(t *testing.T) {
		if !stop() {
			f.moved(t, patterns)
			f.movedStaff(t)
		}
	})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// read checks one GET.
func (f *matrixFixture) read(t *testing.T, user, home, pattern string, e matrixRoute, c call) {
	res := f.do(t, user, c)
	w := inside
	if c.place != "" {
		w = whereIs(home, c.place)
	}
	switch {
	case res.Code >= 500:
		t.Errorf("%s GET %s (%s): status %d", user, c.path, pattern, res.Code)
	case (w == outside || w == above && e.ownOnly) && !refused(res.Code):
		t.Errorf("%s GET %s (%s, %s outside or above): status %d, want 404 or 403", user, c.path, pattern, c.place, res.Code)
	case w == inside && c.place != "" && user == cmpOr(e.live, webtest.CityAdmin) && res.Code != http.StatusOK:
		t.Errorf("%s GET %s (%s, %s inside): status %d, want 200; body %.300s", user, c.path, pattern, c.place, res.Code, res.Body)
	}
	if l := f.leaks(home, res.Body.Bytes()); len(l) > 0 {
		t.Errorf("%s GET %s (%s): the answer holds %v", user, c.path, pattern, l)
	}
}

// outsideQueries name each outside town and its station in a list's
// query, the way its filters do.
func (f *matrixFixture) outsideQueries(home string) []string {
	var out []string
	for _, p := range []string{pHK, pYG, pSD} {
		if whereIs(home, p) == outside {
			out = append(out, f.query(p))
		}
	}
	return out
}

// query names a town and its station in a list's query.
func (f *matrixFixture) query(place string) string {
	st := f.ids["station"][place]["id"]
	return "?region=" + placeRegion[place] + "&station=" + st + "&station_id=" + st
}
