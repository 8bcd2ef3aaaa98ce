package dashboard_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
	"shuangbai/web/webtest"
)

// TestHome: those whose day is visits open on their worklist, and their
// menu starts with it; admins and viewers open on their region's dashboard,
// which keeps the construction figures the home page showed.
func TestHome(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	storetest.User(t, f.DB, "yc.super", shuangbai.RoleSupervisor, "445302", webtest.Hash())
	for _, user := range []string{webtest.YcWorker, webtest.YcLead, "yc.super"} {
		t.Run(user, func(t *testing.T) {
			c := f.As(t, user)
			res := c.Get(t, "/")
			webtest.Expect(t, res, http.StatusSeeOther)
			if loc := res.Header().Get("Location"); loc != "/worklist" {
				t.Fatalf("home of %s = %q, want /worklist", user, loc)
			}
			menu := mainMenu(t, c.Get(t, "/account").Body.String())
			if strings.Contains(menu, `>首页</a>`) {
				t.Errorf("the menu offers 首页 beside the worklist it is:\n%s", menu)
			}
			if w, r := strings.Index(menu, "探访清单"), strings.Index(menu, "区划浏览"); w < 0 || w > r {
				t.Errorf("the menu does not open with 探访清单:\n%s", menu)
			}
		})
	}
	for _, user := range []string{webtest.CityAdmin, webtest.YcAdmin, webtest.YcViewer} {
		t.Run(user, func(t *testing.T) {
			c := f.As(t, user)
			webtest.Expect(t, c.Get(t, "/"), http.StatusOK, "数据看板", "社工站（点）建设情况", `<a href="/requirements">查看或调整应建数量</a>`,
				"在案服务对象", `id="dashboard-charts"`, "vendor/echarts/echarts.min.js")
			if menu := mainMenu(t, c.Get(t, "/account").Body.String()); !strings.HasPrefix(strings.TrimSpace(menu), `<a href="/">首页</a>`) {
				t.Errorf("the menu does not open with 首页:\n%s", menu)
			}
		})
	}
	// The three administrators read no case file: their dashboard has the
	// network's figures only.
	sys := f.As(t, webtest.CitySys).Get(t, "/")
	webtest.Expect(t, sys, http.StatusOK, "社工站（点）建设情况", "社工业务培训")
	webtest.ExpectNot(t, sys, "在案服务对象", "每周探访次数", "/beneficiaries?")
}

// mainMenu returns the wide screen's menu bar of a page.
func mainMenu(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<nav class="main" aria-label="主菜单">(.*?)</nav>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no menu bar:\n%s", body)
	}
	return m[1]
}

// TestLevels: a city's rows are counties, a county's towns (stations and
// points, summing to the total), a town's villages (points only, under the
// station's own name); the switcher leads down the subtree and back up to
// the user's home, never above it.
func TestLevels(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	storetest.User(t, f.DB, "hk.view", shuangbai.RoleViewer, "445302003", webtest.Hash())
	city := f.As(t, webtest.CityAdmin)
	home := city.Get(t, "/")
	webtest.Expect(t, home, http.StatusOK, "云浮市数据看板", "按县（市、区）统计", "尚未建立社工站的乡镇（街道）", "腰古镇",
		`<strong aria-current="page">云浮市</strong>`, `region=445302&amp;to=`, "上年同期")
	county := city.Get(t, "/?region=445302&from=2021-01-01&to=2021-12-31")
	webtest.Expect(t, county, http.StatusOK, "云城区数据看板", "按乡镇（街道）统计", "2021年1月1日 至 2021年12月31日",
		`<a href="/?from=2021-01-01&amp;region=4453&amp;to=2021-12-31">云浮市</a> › <strong aria-current="page">云城区</strong>`,
		`<a class="chip" href="/?from=2021-01-01&amp;region=445302003&amp;to=2021-12-31">河口街道</a>`)
	if !regexp.MustCompile(`<tr><th scope="row">合计</th>\s*<td>2</td>\s*<td>1</td>`).MatchString(county.Body.String()) {
		t.Errorf("the county's total is not 应建 2, 已建成 1:\n%s", county.Body.String())
	}
	town := f.As(t, "hk.view").Get(t, "/")
	webtest.Expect(t, town, http.StatusOK, "河口街道社工站数据看板", "1<small> / 1</small>", "按村（社区）统计社工点", "双上村民委员会",
		`<tfoot><tr><th scope="row">合计</th><td>1</td><td>1</td>`)
	webtest.ExpectNot(t, town, `href="/requirements"`, "/stations?region=445302003208", "下级：", "云城区</a>")
}

// TestScope: a region outside the user's scope is a 404 on the page, the
// download and the API, as if it did not exist; above the user's home too.
func TestScope(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc := f.As(t, webtest.YcAdmin)
	for _, path := range []string{"/?region=445381", "/?region=4453", "/?region=445381004", "/dashboard.xlsx?region=445381"} {
		webtest.Expect(t, yc.Get(t, path), http.StatusNotFound)
	}
	api := f.API(t, webtest.YcAdmin)
	webtest.Expect(t, api.Get(t, "/api/v1/dashboard?region=445381"), http.StatusNotFound)
	webtest.Expect(t, api.Get(t, "/api/v1/dashboard?region=445302"), http.StatusOK, `"region":"445302"`)
	webtest.Expect(t, f.Anon().Get(t, "/api/v1/dashboard"), http.StatusUnauthorized)
}

// TestBadPeriod: a period that cannot be drawn is said in words beside the
// form, with the form kept; the API answers the same words (422, as every invalid request).
func TestBadPeriod(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.CityAdmin)
	for _, x := range []struct{ query, want string }{
		{"from=2021-08-09&to=2021-08-01", "结束日期（2021年8月1日）早于开始日期（2021年8月9日）"},
		{"from=2015-01-01&to=2021-08-01", "统计期间最长 5 年"},
		{"from=2021-13-01&to=2021-08-01", "日期格式应为 年-月-日"},
		{"from=2021-01-01&to=2999-01-01", "结束日期不能晚于今天"},
	} {
		res := c.Get(t, "/?"+x.query)
		webtest.Expect(t, res, http.StatusUnprocessableEntity, x.want, `name="from"`, `role="alert"`)
		webtest.ExpectNot(t, res, "chart-box")
	}
	webtest.Expect(t, f.API(t, webtest.CityAdmin).Get(t, "/api/v1/dashboard?from=2021-08-09&to=2021-08-01"), http.StatusUnprocessableEntity, "早于开始日期")
}
