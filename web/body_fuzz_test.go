package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web"
	"shuangbai/web/webtest"
)

// FuzzBodies sends fuzzed bodies through the whole server to every route
// that takes one: each POST, PUT and PATCH the server registers (but the
// two logouts, which would end the shared sessions), with the ids in its
// path filled from the fixture, as one of the actors, the body sent as
// JSON, a form, a multipart form with a file, or a raw upload. Whatever
// the body, the answer is never a 5xx (a panic is answered 500) and
// nothing is logged as an error; a refusal says why — a JSON error with
// a message under /api/, a page with a message or a field's error
// elsewhere —; and a write that is taken leaves the audit and access logs
// a chain that verifies, the case tallies equal to a recount, and the
// record it leads to (the page a form redirects to, the record an API
// call made) readable.
//
// The input is the route (a pattern of Server.Patterns, with an optional
// ?query; any other string picks a route by its hash, so mutations move
// between routes), who sends it (bodyActors, by index), how the body is
// encoded (see encodings), the body and a file. {station}, {file} … in
// the query and the body become the fixture's ids (bodyFixture.ids).
// The seeds in testdata/fuzz/FuzzBodies are a good body for each route;
// TestBodySeeds checks that every route has one and that it is taken.
func FuzzBodies(f *testing.F) {
	fx := newBodyFixture(f)
	f.Fuzz(func(t *testing.T, route string, who, enc uint8, body, file []byte) {
		fx.check(t, fx.send(route, who, enc, body, file))
	})
}

// bodyRoutes are the patterns of srv that take a body.
func bodyRoutes(srv *web.Server) []string {
	var out []string
	for _, p := range srv.Patterns() {
		method, _, _ := strings.Cut(p, " ")
		if (method == "POST" || method == "PUT" || method == "PATCH") && !strings.HasSuffix(p, "/logout") {
			out = append(out, p)
		}
	}
	return out
}

// encodings of the body, by the input's enc byte modulo their number:
// what the route expects (JSON under /api/ and for the offline app, a
// form elsewhere), JSON, a form, a multipart form of the body's fields
// and the file, the file as the raw body (the API's uploads), no
// Content-Type, and the body as a multipart payload itself.
const (
	encNatural = iota
	encJSON
	encForm
	encMultipart
	encRaw
	encNone
	encMultipartRaw
	encodings
)

// multipartBoundary is the boundary of the multipart bodies, fixed so
// that an input is the same request each time it runs.
const multipartBoundary = "fuzzbody"

// sent is one request of the target and its answer.
type sent struct {
	pattern, who string
	client       *webtest.Client
	req          *http.Request
	body         []byte // as sent, for the failure message
	res          *httptest.ResponseRecorder
	logged       string // errors the server logged meanwhile
}

func (fx *bodyFixture) send(route string, who, enc uint8, body, file []byte) *sent {
	pattern, query, _ := strings.Cut(route, "?")
	if !slices.Contains(fx.routes, pattern) {
		h := fnv.New32a()
		h.Write([]byte(route))
		pattern = fx.routes[h.Sum32()%uint32(len(fx.routes))]
	}
	method, _, _ := strings.Cut(pattern, " ")
	path, err := fx.fillPath(pattern)
	if err != nil {
		panic(err) // a new route: say in pathIDs what its ids are
	}
	body = fx.fill(body)
	api := strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/offline/api/")
	ctype := ""
	switch int(enc) % encodings {
	case encNatural:
		ctype = "application/x-www-form-urlencoded"
		if api {
			ctype = "application/json"
		}
	case encJSON:
		ctype = "application/json"
	case encForm:
		ctype = "application/x-www-form-urlencoded"
	case encMultipart:
		body, ctype = multipartOf(body, file)
	case encRaw:
		body, ctype = file, "application/octet-stream"
	case encMultipartRaw:
		ctype = "multipart/form-data; boundary=" + multipartBoundary
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	// The query as it may reach a handler: any bytes but those that end
	// the request line.
	req.URL.RawQuery = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, string(fx.fill([]byte(query))))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if strings.HasPrefix(path, "/offline/api/") {
		// The phone names each visit it queued; the same body is the
		// same visit sent again.
		k := sha256.Sum256(body)
		k[6], k[8] = k[6]&0x0f|0x40, k[8]&0x3f|0x80
		req.Header.Set("Idempotency-Key", fmt.Sprintf("%x-%x-%x-%x-%x", k[0:4], k[4:6], k[6:8], k[8:10], k[10:16]))
	}
	s := &sent{pattern: pattern, who: bodyActors[int(who)%len(bodyActors)], req: req, body: body}
	c := fx.web[s.who]
	if strings.HasPrefix(path, "/api/") {
		c = fx.api[s.who]
	}
	s.client = c
	fx.logs.take()
	s.res = c.Do(req)
	s.logged = fx.logs.take()
	return s
}

// multipartOf is a multipart form of the fields of body, read as a query
// string, and of file as the part "file" when there is one.
func multipartOf(body, file []byte) ([]byte, string) {
	v, _ := url.ParseQuery(string(body))
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary(multipartBoundary)
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range v {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		for _, x := range v[k] {
			mw.WriteField(k, x)
		}
	}
	if len(file) > 0 {
		name := "上传.csv"
		switch {
		case bytes.HasPrefix(file, []byte("PK")):
			name = "上传.xlsx"
		case bytes.HasPrefix(file, []byte("\x89PNG")):
			name = "上传.png"
		case bytes.HasPrefix(file, []byte("{")):
			name = "上传.geojson"
		}
		if n := v.Get("filename"); n != "" {
			name = n
		}
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(file)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// check is the target's assertion on one request.
func (fx *bodyFixture) check(t *testing.T, s *sent) {
	t.Helper()
	res := s.res
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s as %q: %s %s (%s)\nbody %.600q\n%s\nanswer %d %s:\n%.1500s\nlogged: %s", s.pattern, s.who, s.req.Method, s.req.URL,
			s.req.Header.Get("Content-Type"), s.body, fmt.Sprintf(format, args...), res.Code, res.Header().Get("Content-Type"), res.Body, s.logged)
	}
	switch {
	case res.Code >= 500:
		fail("a server error")
	case s.logged != "":
		fail("an error was logged")
	case res.Code >= 400:
		if msg := refusalMessage(s.req.URL.Path, res); msg != "" {
			fail("a refusal that does not say why: %s", msg)
		}
		return
	case toLogin(res):
		return // no session: the login page says why
	}
	ctx := t.Context()
	rep, err := fx.DB.VerifyChainsAfter(ctx, fx.chains)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Breaks) > 0 {
		fail("the logs no longer verify: %+v", rep.Breaks)
	}
	fx.chains = rep
	if drift, err := fx.DB.TallyDrift(ctx); err != nil {
		t.Fatal(err)
	} else if len(drift) > 0 {
		fail("the tallies differ from a recount: %v", drift)
	}
	if next := fx.next(s); next != "" {
		fx.logs.take()
		r := s.client.Do(httptest.NewRequest("GET", next, nil))
		if logged := fx.logs.take(); r.Code >= 500 || logged != "" {
			fail("then GET %s: %d %.1000s\nlogged: %s", next, r.Code, r.Body, logged)
		}
	}
	if resets(s.req.URL.Path) {
		if err := fx.restore(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if put := afterTaken[s.pattern]; put != nil {
		// A write that took nothing (a file closed again) leaves nothing
		// to put back: the hook's refusal says so.
		if err := put(fx, ctx); err != nil && shuangbai.ErrorCode(err) != shuangbai.EINVALID && shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
			t.Fatal(err)
		}
	}
}

// next is the page or record a taken write leads to: where a form
// redirects, or the record an API call made or changed; "" for none.
func (fx *bodyFixture) next(s *sent) string {
	if loc := s.res.Header().Get("Location"); s.res.Code == http.StatusSeeOther || s.res.Code == http.StatusFound {
		if strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") {
			return loc
		}
		return ""
	}
	path := s.req.URL.Path
	if !strings.HasPrefix(path, "/api/") {
		return ""
	}
	var made struct {
		ID json.Number `json:"id"`
	}
	if s.req.Method == "POST" && json.Unmarshal(s.res.Body.Bytes(), &made) == nil && made.ID != "" {
		path += "/" + made.ID.String()
	}
	if fx.readable(path) {
		return path
	}
	return ""
}

// readable reports whether a GET route answers path itself (not the
// catch-all 404).
func (fx *bodyFixture) readable(path string) bool {
	_, p := fx.gets.Handler(httptest.NewRequest("GET", path, nil))
	return p != "" && p != "/" && p != "/api/"
}

// toLogin reports whether an answer sends the browser to log in (or to
// the second step of a login): a page's refusal of a request without a
// session, which writes nothing.
func toLogin(res *httptest.ResponseRecorder) bool {
	loc := res.Header().Get("Location")
	return res.Code == http.StatusSeeOther && (loc == "/login" || strings.HasPrefix(loc, "/login?") || strings.HasPrefix(loc, "/login/"))
}

// pageMessages are how a page says why a form was refused: the error
// page's message, an alert, or a field's error.
var pageMessages = regexp.MustCompile(`class="message">\s*[^<\s]|role="alert"|class="field-error">\s*[^<\s]`)

// refusalMessage returns what is wrong with a refusal, or "".
func refusalMessage(path string, res *httptest.ResponseRecorder) string {
	ct := res.Header().Get("Content-Type")
	if strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/offline/api/") {
		var e struct {
			Error *struct {
				Code, Message string
			} `json:"error"`
		}
		switch {
		case !strings.HasPrefix(ct, "application/json"):
			return "not JSON"
		case json.Unmarshal(res.Body.Bytes(), &e) != nil || e.Error == nil:
			return "no error object"
		case e.Error.Code == "" || strings.TrimSpace(e.Error.Message) == "":
			return "an error without a code or message"
		}
		return ""
	}
	switch {
	case !strings.HasPrefix(ct, "text/html"):
		return "not a page"
	case !pageMessages.Match(res.Body.Bytes()):
		return "a page without a message"
	}
	return ""
}
