package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"shuangbai/web/webtest"
)

// caseRoute matches a route of web/routes.go served by case work, the
// roster import, 政策找人, station plans, station work or community activities (they hold or count case files), and whether s.cases guards it.
var caseRoute = regexp.MustCompile(`mux\.Handle\("(\w+) ([^"]+)", (?:lagOK\()?s\.ui\.(Page|API)\((s\.cases\()?s\.(casework|roster|eligibility|plan|supervision|evaluation|activity)\.(\w+)`)

// TestAdministratorsReadNoFiles: the three administrators (三员) are
// refused every page and API of beneficiaries' files, the roster import
// included, and are not offered them in the menu; the access log stays
// open to the audit administrator. Each route is read from routes.go, so a
// new case route without the guard fails here.
func TestAdministratorsReadNoFiles(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := caseRoute.FindAllStringSubmatch(string(src), -1)
	if len(routes) < 40 {
		t.Fatalf("found %d case routes in routes.go; the pattern no longer matches", len(routes))
	}
	id := webtest.ID(f.Chen.ID)
	fill := strings.NewReplacer("{id}", id, "{app}", webtest.ID(f.LdApp.ID), "{change}", "1", "{token}", "x", "{pid}", "1", "{$}", "")
	for _, admin := range []string{webtest.CitySys, webtest.CitySec, webtest.CityAudit} {
		page, api := f.As(t, admin), f.API(t, admin)
		t.Run(admin, func(t *testing.T) {
			for _, m := range routes {
				method, path, kind, guarded, handler := m[1], fill.Replace(m[2]), m[3], m[4] != "", m[6]
				if handler == "AccessLogList" {
					if guarded {
						t.Error("the access log is guarded: the audit administrator cannot read it")
					}
					continue
				}
				if !guarded {
					t.Errorf("%s %s (%s) is not guarded by s.cases", method, m[2], handler)
					continue
				}
				c := page
				if kind == "API" {
					c = api
				}
				if res := c.Do(httptest.NewRequest(method, path, nil)); res.Code != http.StatusForbidden {
					t.Errorf("%s %s: status %d, want 403", method, path, res.Code)
				}
			}
		})
	}
	if l, err := f.DB.AccessLog(t.Context(), webtest.AdminScope, f.Chen.ID, 0, 0); err != nil || len(l) != 0 {
		t.Errorf("the refused requests read a file: %+v, %v", l, err)
	}
	webtest.Expect(t, f.As(t, webtest.CitySys).Get(t, "/beneficiaries/"+id), http.StatusForbidden, "系统管理员不查看服务对象档案")

	// Pages by role, as the issue lists them.
	for _, tt := range []struct {
		user   string
		path   string
		status int
	}{
		{webtest.CityAudit, "/audit", http.StatusOK},
		{webtest.CityAudit, "/access-log", http.StatusOK},
		{webtest.CityAudit, "/users", http.StatusForbidden},
		{webtest.CityAudit, "/security", http.StatusForbidden},
		{webtest.CitySys, "/users", http.StatusOK},
		{webtest.CitySys, "/security", http.StatusForbidden},
		{webtest.CitySys, "/access-log", http.StatusForbidden},
		{webtest.CitySec, "/security", http.StatusOK},
		{webtest.CitySec, "/users", http.StatusForbidden},
		{webtest.CitySec, "/audit", http.StatusForbidden},
		{webtest.CityAdmin, "/beneficiaries/" + id, http.StatusOK}, // the bureau keeps its work
		{webtest.YcWorker, "/worklist", http.StatusOK},
	} {
		t.Run(tt.user+" "+tt.path, func(t *testing.T) {
			webtest.Expect(t, f.As(t, tt.user).Get(t, tt.path), tt.status)
		})
	}

	// The menu offers each what they may use.
	menu := map[string]string{"/worklist": "探访清单", "/beneficiaries": "服务对象", "/reports/outcomes": "服务成效", "/eligible": "政策找人",
		"/users": "账号管理", "/security": "安全管理", "/audit": "操作日志", "/access-log": "查阅记录"}
	for _, tt := range []struct {
		user  string
		shown []string
	}{
		{webtest.CitySys, []string{"/users"}},
		{webtest.CitySec, []string{"/security"}},
		{webtest.CityAudit, []string{"/audit", "/access-log"}},
		{webtest.CityAdmin, []string{"/worklist", "/beneficiaries", "/reports/outcomes", "/eligible", "/audit", "/access-log"}},
		{webtest.YcWorker, []string{"/worklist", "/beneficiaries", "/reports/outcomes", "/eligible"}},
	} {
		t.Run("menu of "+tt.user, func(t *testing.T) {
			// Their own account: a page every role has, with the menu and no
			// entry current (a worker's "/" is her worklist).
			res := f.As(t, tt.user).Get(t, "/account")
			body := res.Body.String()
			for path, label := range menu {
				a := `<a href="` + path + `">` + label + `</a>`
				want := strings.Contains(strings.Join(tt.shown, " ")+" ", path+" ")
				if got := strings.Contains(body, a); got != want {
					t.Errorf("menu entry %s shown = %v, want %v", label, got, want)
				}
			}
		})
	}
}
