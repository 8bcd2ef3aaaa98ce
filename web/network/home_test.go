package network_test

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
// menu starts with it; the others keep the construction figures.
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
			webtest.Expect(t, c.Get(t, "/"), http.StatusOK, "社工站（点）建设情况", `<a href="/requirements">查看或调整应建数量</a>`)
			if menu := mainMenu(t, c.Get(t, "/account").Body.String()); !strings.HasPrefix(strings.TrimSpace(menu), `<a href="/">首页</a>`) {
				t.Errorf("the menu does not open with 首页:\n%s", menu)
			}
		})
	}
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

// TestPhoneMenu: the phone's menu is a <details> (it opens without a
// script, which the CSP would refuse inline anyway) holding the same
// entries as the wide screen's bar, and the account and logout the narrow
// header has no room for.
func TestPhoneMenu(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	body := f.As(t, webtest.YcWorker).Get(t, "/worklist").Body.String()
	m := regexp.MustCompile(`(?s)<details class="menu-phone">\s*<summary[^>]*>.*?菜单</summary>(.*?)</details>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no phone menu:\n%s", body)
	}
	phone := regexp.MustCompile(`(?s)<nav aria-label="主菜单">(.*?)</nav>`).FindStringSubmatch(m[1])
	if phone == nil || phone[1] != mainMenu(t, body) {
		t.Errorf("the phone's menu differs from the bar:\n%s", m[1])
	}
	for _, want := range []string{`<a href="/worklist" aria-current="page">探访清单</a>`, `<a href="/beneficiaries">服务对象</a>`, `action="/logout"`, `href="/account"`} {
		if !strings.Contains(m[1], want) {
			t.Errorf("the phone's menu lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") {
		t.Error("the page has an inline script, which the CSP refuses")
	}
}

// TestTownFigures: below a town the rows are villages, which need no
// station, so they count points only and agree with the total; the
// required numbers, kept per county, are not offered there, and their
// page says why it lists none.
func TestTownFigures(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	storetest.User(t, f.DB, "hk.view", shuangbai.RoleViewer, "445302003", webtest.Hash())
	c := f.As(t, "hk.view")
	home := c.Get(t, "/")
	webtest.Expect(t, home, http.StatusOK, "河口街道社工站（点）建设情况", "1<small> / 1</small>", "按村（社区）统计社工点",
		"双上村民委员会", `<tr><th scope="row">合计</th><td>1</td><td>0</td></tr>`)
	webtest.ExpectNot(t, home, "<th>应建</th>", "/stations?region=445302003208", `href="/requirements"`)

	req := c.Get(t, "/requirements")
	webtest.Expect(t, req, http.StatusOK, "应建数量按县（市、区）核定", `href="/regions"`)
	webtest.ExpectNot(t, req, `<table class="data">`, "可在此按方案调整")

	town := c.Get(t, "/regions/445302003")
	webtest.Expect(t, town, http.StatusOK, "合计：社工点 已建成 1、筹建中 0", "河口街道社工站")
	webtest.ExpectNot(t, town, "合计：社工站")
	webtest.Expect(t, c.Get(t, "/regions/445302"), http.StatusOK, "云城区不在您的管辖范围内", `<a href="/regions/445302003">查看河口街道</a>`)

	// A county's rows are towns: stations and points both, summing to the
	// total (云城区: 河口街道's station of the two towns needing one).
	county := f.As(t, webtest.YcAdmin).Get(t, "/")
	webtest.Expect(t, county, http.StatusOK, "按乡镇（街道）统计", `<tr><th scope="row">合计</th><td>2</td><td>1</td><td>0</td>`)
}

// TestRegionAbove: the breadcrumb names the regions above the user's own
// but links only inside their scope, and a region above it says plainly
// that it is outside, instead of "no regions below".
func TestRegionAbove(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc := f.As(t, webtest.YcAdmin)
	for _, path := range []string{"/regions/44", "/regions/4453"} {
		res := yc.Get(t, path)
		webtest.Expect(t, res, http.StatusOK, "不在您的管辖范围内：您的账号管辖云城区", `<a href="/regions/445302">查看云城区</a>`)
		webtest.ExpectNot(t, res, "没有下级区划", "下辖", "合计")
	}
	res := yc.Get(t, "/regions/445302003")
	webtest.Expect(t, res, http.StatusOK, `<span class="crumb-above">广东省</span>`, `<span class="crumb-above">云浮市</span>`, `<a href="/regions/445302">云城区</a>`)
	webtest.ExpectNot(t, res, `<a href="/regions/44">`, `<a href="/regions/4453">`)

	city := f.As(t, webtest.CityAdmin).Get(t, "/regions/4453")
	webtest.Expect(t, city, http.StatusOK, `<span class="crumb-above">广东省</span>`, "下辖县（市、区）", "罗定市")
	webtest.Expect(t, f.As(t, webtest.CityAdmin).Get(t, "/regions/44"), http.StatusOK, "广东省不在您的管辖范围内")
	// Outside and not above is still not found.
	webtest.Expect(t, yc.Get(t, "/regions/445381"), http.StatusNotFound)
}

// TestDemoNote: the demo's home page says the seed's figures are on the
// table of its day and links there; a real database says nothing.
func TestDemoNote(t *testing.T) {
	t.Parallel()
	demo := webtest.Demo(t)
	webtest.Expect(t, demo.As(t, "yunfu-admin").Get(t, "/"), http.StatusOK, "这是演示数据", "2021年8月9日",
		`<a href="/reports/progress?date=2021-08-09">`)
	webtest.Expect(t, demo.As(t, "yunfu-admin").Get(t, "/reports/progress?date=2021-08-09"), http.StatusOK, "364")
	webtest.ExpectNot(t, webtest.New(t).As(t, webtest.CityAdmin).Get(t, "/"), "这是演示数据", "reports/progress?date=")
}
