package webtest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"shuangbai/auth"
	"shuangbai/web/ui"
)

// factors are the second factors the fixture's logins enrolled: each
// account's secret, and the last step it gave a code of (the server
// refuses a step twice).
type factors struct {
	mu      sync.Mutex
	secrets map[string]string
	steps   map[string]int64
}

// TOTPCode returns a code of username's second factor, enrolled by As,
// that the server has not seen yet: of the step of f.DB.Now, or of one
// step after, which the server also accepts. A test on a stopped clock
// gets two codes per account.
func (f *Fixture) TOTPCode(t testing.TB, username string) string {
	t.Helper()
	f.factors.mu.Lock()
	defer f.factors.mu.Unlock()
	secret, ok := f.factors.secrets[username]
	if !ok {
		t.Fatalf("webtest: %s has no second factor enrolled by As", username)
	}
	now := f.DB.Now().Unix() / 30
	// The current step, never the one before: the server takes a step
	// either side, so a code of the current step stays good when the clock
	// crosses a step boundary before the request is checked (a loaded
	// machine). A test on a stopped clock gets two codes per account.
	step := max(now, f.factors.steps[username]+1)
	if step > now+1 {
		t.Fatalf("webtest: no unused code of %s left at %v: move f.DB.Now on", username, f.DB.Now())
	}
	f.factors.steps[username] = step
	code, err := auth.TOTPCode(secret, time.Unix(step*30, 0))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// secretField is where the enrolment page carries the new secret.
var secretField = regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`)

// secondStep finishes a login that the password sent on to the second
// factor: on the enrolment page it enrols the secret the page shows, on
// the code page it enters a fresh code. It returns the answer that set the
// session cookie.
func (f *Fixture) secondStep(t testing.TB, username string, res *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	t.Helper()
	loc := res.Header().Get("Location")
	pending := &Client{H: f.Srv.Handler()}
	for _, ck := range res.Result().Cookies() {
		if ck.Name != ui.CookieName {
			pending.Cookie = ck
		}
	}
	page := pending.Get(t, loc)
	if page.Code != http.StatusOK {
		t.Fatalf("login %s: %s: status %d, body %s", username, loc, page.Code, page.Body)
	}
	form := url.Values{"next": {"/"}}
	want := http.StatusSeeOther
	if m := secretField.FindStringSubmatch(page.Body.String()); m != nil {
		f.factors.mu.Lock()
		if f.factors.secrets == nil {
			f.factors.secrets, f.factors.steps = map[string]string{}, map[string]int64{}
		}
		f.factors.secrets[username], f.factors.steps[username] = m[1], 0
		f.factors.mu.Unlock()
		form.Set("secret", m[1])
		want = http.StatusOK // the recovery codes, shown once
	}
	form.Set("code", f.TOTPCode(t, username))
	u, _ := url.Parse(loc)
	res = pending.PostForm(t, u.Path, form)
	if res.Code != want {
		t.Fatalf("login %s: second step %s: status %d, body %s", username, u.Path, res.Code, res.Body)
	}
	return res
}

// apiCode returns the second factor an API login of username needs, or ""
// when it needs none. An account that must have one but has none yet
// enrols it through As first, as its user would on the web.
func (f *Fixture) apiCode(t testing.TB, username string) string {
	t.Helper()
	u, _, err := f.DB.UserByName(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := f.DB.TOTPRoles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !u.TOTPEnabled && !slices.Contains(roles, u.Role) {
		return ""
	}
	if !u.TOTPEnabled {
		f.as(t, username)
	}
	return f.TOTPCode(t, username)
}

// KnowTOTP tells the fixture the second-factor secret of an account a test
// enrolled in the store directly, so As can log it in.
func (f *Fixture) KnowTOTP(username, secret string) {
	f.factors.mu.Lock()
	defer f.factors.mu.Unlock()
	if f.factors.secrets == nil {
		f.factors.secrets, f.factors.steps = map[string]string{}, map[string]int64{}
	}
	f.factors.secrets[username] = secret
	f.factors.steps[username] = 1 // the step EnrolTOTP was given in the test
}
