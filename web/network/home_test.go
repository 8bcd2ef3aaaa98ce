package network_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
	"shuangbai/web/webtest"
)

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
	links := regexp.MustCompile(`<a [^>]*>[^<]*</a>`)
	if phone == nil || !slices.Equal(links.FindAllString(phone[1], -1), links.FindAllString(mainMenu(t, body), -1)) {
		t.Errorf("the phone's menu has other links than the bar:\n%s", m[1])
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

// TestTownFigures: the required numbers, kept per county, are not offered
// below a county, and their page says why it lists none (the town's
// dashboard is tested in web/dashboard).
func TestTownFigures(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	storetest.User(t, f.DB, "hk.view", shuangbai.RoleViewer, "445302003", webtest.Hash())
	c := f.As(t, "hk.view")
	req := c.Get(t, "/requirements")
	webtest.Expect(t, req, http.StatusOK, "应建数量按县（市、区）核定", `href="/regions"`)
	webtest.ExpectNot(t, req, `<table class="data">`, "可在此按方案调整")

	town := c.Get(t, "/regions/445302003")
	webtest.Expect(t, town, http.StatusOK, "合计：社工点 已建成 1、筹建中 0", "河口街道社工站")
	webtest.ExpectNot(t, town, "合计：社工站")
	webtest.Expect(t, c.Get(t, "/regions/445302"), http.StatusOK, "云城区不在您的管辖范围内", `<a href="/regions/445302003">查看河口街道</a>`)
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
