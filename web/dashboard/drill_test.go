package dashboard_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai/web/webtest"
)

// TestDrillDown: on the demo, a figure's number is the count of the list
// its link opens: each group's and each level's open files agree with the
// beneficiary list filtered the same way.
func TestDrillDown(t *testing.T) {
	t.Parallel()
	demo := webtest.Demo(t)
	c := demo.As(t, "yunfu-admin")
	home := c.Get(t, "/")
	webtest.Expect(t, home, http.StatusOK, "这是演示数据", "2021年8月9日", `<a href="/reports/progress?date=2021-08-09">`)
	// All 63 stations are built: more than a page of the station list.
	webtest.ExpectNot(t, home, "尚未建立社工站的乡镇")
	cells := regexp.MustCompile(`<td><a href="(/beneficiaries\?[^"]+)">(\d+)</a></td>`).FindAllStringSubmatch(home.Body.String(), -1)
	if len(cells) < 5 {
		t.Fatalf("%d drill-down links to the beneficiary list", len(cells))
	}
	for _, m := range cells {
		href := strings.ReplaceAll(m[1], "&amp;", "&")
		list := c.Get(t, href)
		webtest.Expect(t, list, http.StatusOK, "共 "+m[2]+" 人")
	}
	// Each kind's activities held open the activity list of that kind,
	// region and period, which counts as many; the seed's anti-drug
	// campaign at 双东街道 is one of them.
	home = c.Get(t, "/?region=4453&from=2021-01-01&to=2021-08-09")
	acts := regexp.MustCompile(`<td><a href="(/activities\?[^"]+)">(\d+)</a></td>`).FindAllStringSubmatch(home.Body.String(), -1)
	if len(acts) != 7 {
		t.Fatalf("%d drill-down links to the activity list", len(acts))
	}
	held := 0
	for _, m := range acts {
		href := strings.ReplaceAll(m[1], "&amp;", "&")
		if !strings.Contains(href, "region=4453") || !strings.Contains(href, "kind=") {
			t.Errorf("activity link %s", href)
		}
		webtest.Expect(t, c.Get(t, href), http.StatusOK, "共 "+m[2]+" 项活动")
		if strings.Contains(href, "kind=anti_drug") && m[2] != "0" {
			held++
		}
	}
	if held != 1 {
		t.Errorf("the seed's anti-drug campaign is not on the dashboard: %q", acts)
	}
	webtest.Expect(t, home, http.StatusOK, "社区活动", "上年同期")
}

// TestExports: the Excel download holds a sheet per chart after the
// headline figures, or one chart's alone; the API's figures are the page's.
func TestExports(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.CityAdmin)
	res := c.Get(t, "/dashboard.xlsx?region=445302")
	webtest.Expect(t, res, http.StatusOK)
	if ct := res.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("content type %q", ct)
	}
	x, err := excelize.OpenReader(bytes.NewReader(res.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheets := x.GetSheetList()
	if len(sheets) != 10 || sheets[0] != "主要指标" || sheets[1] != "社工站（点）建设" || sheets[9] != "社区活动（按类别）" {
		t.Fatalf("sheets = %q", sheets)
	}
	if v, _ := x.GetCellValue("社工站（点）建设", "A3"); v != "河口街道" {
		t.Errorf("first row = %q", v)
	}
	one := c.Get(t, "/dashboard.xlsx?chart=levels")
	webtest.Expect(t, one, http.StatusOK)
	if x, err := excelize.OpenReader(bytes.NewReader(one.Body.Bytes())); err != nil || len(x.GetSheetList()) != 1 {
		t.Fatalf("one chart's workbook: %v %v", x.GetSheetList(), err)
	}
	webtest.Expect(t, c.Get(t, "/dashboard.xlsx?chart=nope"), http.StatusBadRequest)

	api := f.API(t, webtest.CityAdmin).Get(t, "/api/v1/dashboard?region=4453&from=2021-01-01&to=2021-08-09")
	webtest.Expect(t, api, http.StatusOK)
	var got struct {
		Region, From, To string
		Rows             []struct {
			Code     string
			Stations struct{ Required, Built int }
			Open     *int
		}
		Charts []struct{ ID string }
		Cases  *struct{ Open int }
	}
	if err := json.Unmarshal(api.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Region != "4453" || got.From != "2021-01-01" || len(got.Rows) != 2 || got.Rows[0].Code != "445302" || got.Rows[0].Stations.Built != 1 ||
		got.Rows[0].Open == nil || got.Cases == nil || len(got.Charts) != 9 {
		t.Errorf("api = %+v", got)
	}
}
