package progress_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/store/storetest"
	"shuangbai/web/progress"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a page template of package progress
// was never rendered.
func TestMain(m *testing.M) { webtest.Main(m, progress.Pages) }

// seedTable is the seed's table for 云浮市 on 2021-08-09, as the page prints
// it: name, plan, five station cells, five point cells, the mechanisms,
// funding and trainings. The 合计 of staff at points is 364, the sum of the
// rows, where the seed printed 350.
var seedTable = [][]string{
	{"云城区", "已出台", "8", "8", "8", "基本配备", "16", "19", "19", "19", "基本配备", "47", "是", "否", "正在测算费用，拟报区政府。", "1次"},
	{"云安区", "已出台", "7", "7", "7", "基本配备", "14", "17", "17", "17", "基本配备", "42", "是", "否", "已落实，165.7万元。", "1次"},
	{"罗定市", "已出台", "21", "21", "21", "基本配备", "28", "50", "50", "50", "未配备齐全", "131", "是", "否", "正在测算费用，拟报市政府。", "3次"},
	{"新兴县", "已出台", "12", "12", "12", "基本配备", "24", "30", "30", "30", "基本配备", "82", "是", "否", "测算县本级经费约232.92万元,已报请县政府审定。目前进入签批环节。", "1次"},
	{"郁南县", "已出台", "15", "15", "15", "基本配备", "30", "30", "30", "30", "基本配备", "62", "是", "否", "已落实。", "2次"},
	{"市本级", "已出台", "", "", "", "", "", "", "", "", "", "", "是", "是", "已落实。2021年已下拨市级经费161万元，其他相关费用按财政意见据实申报。", "2次"},
	{"合计", "", "63", "63", "63", "", "112", "146", "146", "146", "", "364", "", "", "", "10次"},
}

var (
	progressRowRe  = regexp.MustCompile(`(?s)<tr class="row-\w+">(.*?)</tr>`)
	progressCellRe = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	progressTagRe  = regexp.MustCompile(`<[^>]*>`)
)

// progressRows returns the text of the table's rows on a page.
func progressRows(body string) [][]string {
	var out [][]string
	for _, m := range progressRowRe.FindAllStringSubmatch(body, -1) {
		var row []string
		for _, c := range progressCellRe.FindAllStringSubmatch(m[1], -1) {
			row = append(row, html.UnescapeString(strings.TrimSpace(progressTagRe.ReplaceAllString(c[1], ""))))
		}
		out = append(out, row)
	}
	return out
}

func TestProgressTable(t *testing.T) {
	t.Parallel()
	f := webtest.Demo(t)
	city := f.As(t, "yunfu-admin")

	t.Run("seed figures", func(t *testing.T) {
		t.Parallel()
		res := city.Get(t, "/reports/progress?date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK, "云浮市2021年“双百工程”社工站（点）建设进度情况一览表", "制表单位：云浮市民政局", "时间：2021年8月9日",
			`<th colspan="5" scope="colgroup">社工站</th>`, `<th colspan="5" scope="colgroup">社工点</th>`, `<th rowspan="2" scope="col">落实经费情况</th>`,
			shuangbai.ProgressNotes[0], shuangbai.ProgressNotes[1], shuangbai.ProgressNotes[2],
			`<svg viewBox="0 0 520 280"`, "2017年7月—2021年8月", "罗定市<span class=\"muted\">（站 21 个 · 点 50 个）",
			`href="/reports/progress.xlsx?date=2021-08-09&amp;region=4453"`, "导入县级填报表")
		if got := progressRows(res.Body.String()); !slices.EqualFunc(got, seedTable, slices.Equal) {
			t.Errorf("rows:\n got %q\nwant %q", got, seedTable)
		}
		// The defaults: the user's city, today.
		today := shuangbai.Today(f.DB.Now())
		webtest.Expect(t, city.Get(t, "/reports/progress"), http.StatusOK, "云浮市"+strconv.Itoa(today.Time().Year())+"年", "时间："+today.Chinese())
	})

	t.Run("dates the table cannot be computed for", func(t *testing.T) {
		t.Parallel()
		for _, tt := range []struct{ date, want string }{
			{"2099-01-01", "不能统计未来的日期（2099年1月1日）"},
			{"2017-01-01", "2017年1月1日之前该地区还没有建成社工站（点），最早的建成于2017年7月1日"},
			{"2021-13-01", "日期格式应为 年-月-日"},
		} {
			res := city.Get(t, "/reports/progress?date="+tt.date)
			webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want, `name="date"`, "请在上面重新选择统计日期")
			webtest.ExpectNot(t, res, `<table class="progress`)
		}
		webtest.Expect(t, city.Get(t, "/reports/progress?region=abc"), http.StatusBadRequest)
		webtest.Expect(t, city.Get(t, "/reports/progress.xlsx?date=2099-01-01"), http.StatusUnprocessableEntity, "不能统计未来的日期")
	})

	t.Run("xlsx", func(t *testing.T) {
		t.Parallel()
		res := city.Get(t, "/reports/progress.xlsx?region=4453&date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK)
		if ct := res.Header().Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("Content-Type = %q", ct)
		}
		if cd := res.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="progress-4453-2021-08-09.xlsx"`) || !strings.Contains(cd, "filename*=UTF-8''%E4%BA%91%E6%B5%AE%E5%B8%82") {
			t.Errorf("Content-Disposition = %q", cd)
		}
		got := progressXLSXRows(t, res.Body.Bytes())
		if !slices.EqualFunc(got, seedTable, slices.Equal) {
			t.Errorf("xlsx rows:\n got %q\nwant %q", got, seedTable)
		}
	})

	t.Run("csv", func(t *testing.T) {
		t.Parallel()
		res := city.Get(t, "/reports/progress.csv?region=4453&date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK)
		b := res.Body.Bytes()
		if !bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Fatalf("no byte-order mark: %q", b[:min(10, len(b))])
		}
		recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 8 || recs[0][2] != "社工站-应建社工站数量" || recs[0][16] != "区划代码" {
			t.Fatalf("csv = %q", recs)
		}
		for i, want := range seedTable {
			if got := recs[i+1][:16]; i < 5 && !slices.Equal(got, want) {
				t.Errorf("csv row %d = %q, want %q", i+1, got, want)
			}
		}
		if tot := recs[7]; tot[0] != "合计" || tot[2] != "63" || tot[11] != "364" || tot[15] != "10次" {
			t.Errorf("csv total = %q", tot)
		}
	})

	t.Run("json", func(t *testing.T) {
		t.Parallel()
		c := f.API(t, "yunfu-admin")
		res := c.Get(t, "/api/v1/reports/progress?region=4453&date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK)
		var out progress.ProgressJSON
		webtest.Decode(t, res, &out)
		if out.Region != "4453" || out.RegionName != "云浮市" || out.Unit != "云浮市民政局" || out.Date != "2021-08-09" ||
			out.Title != "云浮市2021年“双百工程”社工站（点）建设进度情况一览表" || len(out.Rows) != 6 {
			t.Fatalf("table = %+v", out)
		}
		yc := out.Rows[0]
		if yc.Code != "445302" || yc.Name != "云城区" || !yc.PlanIssued || yc.CityLevel || !yc.Coordination || yc.Management ||
			yc.Stations != (progress.SiteCountsJSON{8, 8, 8, "基本配备", 16}) || yc.Points != (progress.SiteCountsJSON{19, 19, 19, "基本配备", 47}) ||
			yc.Funding != "正在测算费用，拟报区政府。" || yc.Trainings != 1 {
			t.Errorf("云城区 = %+v", yc)
		}
		if self := out.Rows[5]; !self.CityLevel || self.Code != "4453" || self.Trainings != 2 || self.Stations.Equipment != "" {
			t.Errorf("市本级 = %+v", self)
		}
		if out.Total.Name != "合计" || out.Total.Stations.Built != 63 || out.Total.Points.Staff != 364 || out.Total.Trainings != 10 {
			t.Errorf("合计 = %+v", out.Total)
		}
		// The keys as documented, not only as this package decodes them.
		var raw map[string]any
		webtest.Decode(t, res, &raw)
		row := raw["rows"].([]any)[0].(map[string]any)
		for _, k := range []string{"code", "name", "city_level", "plan_issued", "stations", "points", "coordination", "management", "funding", "trainings"} {
			if _, ok := row[k]; !ok {
				t.Errorf("row lacks %q: %v", k, row)
			}
		}
		for _, k := range []string{"required", "built", "office", "equipment", "staff"} {
			if _, ok := row["stations"].(map[string]any)[k]; !ok {
				t.Errorf("stations lack %q", k)
			}
		}

		x := c.Get(t, "/api/v1/reports/progress.xlsx?region=4453&date=2021-08-09")
		webtest.Expect(t, x, http.StatusOK)
		if got := progressXLSXRows(t, x.Body.Bytes()); !slices.EqualFunc(got, seedTable, slices.Equal) {
			t.Errorf("api xlsx rows = %q", got)
		}
		var e struct {
			Error ui.ErrorBody `json:"error"`
		}
		res = c.Get(t, "/api/v1/reports/progress?region=4453&date=2099-01-01")
		webtest.Expect(t, res, http.StatusUnprocessableEntity)
		if webtest.Decode(t, res, &e); e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, "不能统计未来的日期") {
			t.Errorf("future: %+v", e)
		}
		webtest.Expect(t, f.API(t, "yuncheng-admin").Get(t, "/api/v1/reports/progress?region=4453"), http.StatusNotFound, `"code":"not_found"`)
		webtest.Expect(t, f.API(t, "yuncheng-admin").Get(t, "/api/v1/reports/progress.xlsx?region=4453"), http.StatusNotFound, `"code":"not_found"`)
	})

	t.Run("county user", func(t *testing.T) {
		t.Parallel()
		yc := f.As(t, "yuncheng-admin")
		res := yc.Get(t, "/reports/progress?date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK, "云城区2021年“双百工程”社工站（点）建设进度情况一览表", "制表单位：云城区民政局", "这是云城区在全市进度表中的一行")
		webtest.ExpectNot(t, res, "<tfoot>", "罗定市", "导入县级填报表")
		if got := progressRows(res.Body.String()); len(got) != 1 || !slices.Equal(got[0], seedTable[0]) {
			t.Errorf("county rows = %q", got)
		}
		for _, path := range []string{
			"/reports/progress?region=4453", "/reports/progress?region=445381", "/reports/progress.xlsx?region=4453",
			"/reports/progress.csv?region=4453", "/reports/progress/sites?region=445381&kind=station",
			"/reports/progress/sites?region=4453&kind=point&show=built", "/reports/progress/staff?region=445381&kind=point",
			"/reports/progress/trainings?region=445381", "/reports/progress/trainings?region=4453&within=1",
			"/reports/progress/facts/445381", "/reports/progress/facts/4453",
		} {
			webtest.Expect(t, yc.Get(t, path), http.StatusNotFound)
		}
		webtest.Expect(t, yc.Get(t, "/reports/progress/sites?region=445302&kind=station&show=built&date=2021-08-09"), http.StatusOK, "已完成社工站数量：<strong>8</strong>")
	})

	t.Run("town user", func(t *testing.T) {
		t.Parallel()
		sw := f.As(t, "hekou-sw")
		webtest.Expect(t, sw.Get(t, "/reports/progress"), http.StatusOK, "您的账号属于河口街道", "本辖区社工站", "/reports/progress/sites?date=")
		webtest.Expect(t, sw.Get(t, "/reports/progress?region=445302"), http.StatusNotFound)
		webtest.Expect(t, sw.Get(t, "/reports/progress?region=445302003"), http.StatusUnprocessableEntity, "建设进度表按县（市、区）、市或省统计")
		webtest.Expect(t, sw.Get(t, "/reports/progress/sites?region=445302003&kind=point"), http.StatusOK, "双上村社工点")
	})

	t.Run("drill-down", func(t *testing.T) {
		t.Parallel()
		testDrillDown(t, f)
	})

	t.Run("province", func(t *testing.T) {
		t.Parallel()
		storetest.User(t, f.DB, "gd.admin", shuangbai.RoleCityAdmin, "44", webtest.Hash())
		gd := &webtest.Client{H: f.Srv.Handler()}
		res := gd.PostForm(t, "/login", url.Values{"username": {"gd.admin"}, "password": {webtest.Password}})
		gd.Cookie = res.Result().Cookies()[0]
		res = gd.Get(t, "/reports/progress?date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK, "广东省2021年“双百工程”社工站（点）建设进度情况一览表",
			`href="/reports/progress?date=2021-08-09&amp;region=4453"`, `<option value="4453">云浮市</option>`)
		rows := progressRows(res.Body.String())
		if len(rows) != 3 || rows[0][0] != "云浮市" || rows[1][0] != "省本级" || rows[2][0] != "合计" || rows[0][3] != "63" || rows[2][11] != "364" {
			t.Errorf("province rows = %q", rows)
		}
		webtest.Expect(t, gd.Get(t, "/reports/progress?region=4453&date=2021-08-09"), http.StatusOK, "云浮市2021年")
	})

	t.Run("bad drill-down parameters", func(t *testing.T) {
		t.Parallel()
		for _, path := range []string{"/reports/progress/sites?region=4453&kind=x", "/reports/progress/sites?region=4453&show=x", "/reports/progress/staff?region=x"} {
			webtest.Expect(t, city.Get(t, path), http.StatusBadRequest)
		}
		webtest.Expect(t, city.Get(t, "/reports/progress/sites?region=4453&date=2099-01-01"), http.StatusUnprocessableEntity, "不能统计未来的日期")
		webtest.Expect(t, city.Get(t, "/reports/progress/facts/445302003"), http.StatusNotFound)
	})
}

// testDrillDown checks that every list behind a number of the table is as
// long as the number says.
func testDrillDown(t *testing.T, f *webtest.Fixture) {
	city := f.As(t, "yunfu-admin")
	tab, err := f.DB.Progress(t.Context(), shuangbai.Scope{Code: "4453"}, "4453", demo.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	rows := append(slices.Clone(tab.Rows[:len(tab.Rows)-1]), tab.Total)
	for _, r := range rows {
		code, within := r.Code, ""
		if r.Name == "合计" {
			code, within = "4453", "&within=1"
		}
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			q := "region=" + code + "&date=2021-08-09"
			for _, kind := range []struct {
				name string
				c    shuangbai.SiteCounts
			}{{"station", r.Stations}, {"point", r.Points}} {
				for _, show := range []struct {
					show string
					n    int
				}{{"required", kind.c.Required}, {"built", kind.c.Built}, {"office", kind.c.Office}} {
					res := city.Get(t, "/reports/progress/sites?"+q+"&kind="+kind.name+"&show="+show.show)
					webtest.Expect(t, res, http.StatusOK, "<strong>"+strconv.Itoa(show.n)+"</strong>")
					listed := progressDrillRows(res.Body.String()) + strings.Count(res.Body.String(), `<li><a href="/regions/`)
					if listed != show.n {
						t.Errorf("%s %s: %d listed, table says %d", kind.name, show.show, listed, show.n)
					}
				}
				if r.Name != "合计" {
					res := city.Get(t, "/reports/progress/sites?"+q+"&kind="+kind.name+"&show=equipment")
					webtest.Expect(t, res, http.StatusOK, "设备设施情况：<strong>"+kind.c.Equipment.String()+"</strong>", "缺少的设备")
				}
				res := city.Get(t, "/reports/progress/staff?"+q+"&kind="+kind.name)
				webtest.Expect(t, res, http.StatusOK, "人员配备数量：<strong>"+strconv.Itoa(kind.c.Staff)+"</strong>")
			}
			res := city.Get(t, "/reports/progress/trainings?"+q+within)
			webtest.Expect(t, res, http.StatusOK, "<strong>"+strconv.Itoa(r.Trainings)+"次</strong>")
			if n := progressDrillRows(res.Body.String()); n != r.Trainings {
				t.Errorf("trainings: %d listed, table says %d", n, r.Trainings)
			}
		})
	}
	t.Run("all sites and back link", func(t *testing.T) {
		t.Parallel()
		res := city.Get(t, "/reports/progress/sites?region=445302003&kind=station&date=2021-08-09")
		webtest.Expect(t, res, http.StatusOK, "河口街道社工站", `href="/reports/progress?date=2021-08-09&amp;region=4453"`, "查看社工点")
	})
}

// progressDrillRows counts the body rows of a drill-down list.
func progressDrillRows(body string) int {
	_, table, ok := strings.Cut(body, `<table class="drill`)
	if !ok {
		return 0
	}
	table, _, _ = strings.Cut(table, "</table>")
	_, tbody, _ := strings.Cut(table, "<tbody>")
	return strings.Count(tbody, "<tr")
}

// progressXLSXRows reads the data rows of an exported table, columns A–P.
func progressXLSXRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("进度情况一览表")
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, r := range rows[4:] {
		if len(r) > 0 && strings.HasPrefix(r[0], "备注") {
			break
		}
		r = append(r, make([]string, 16)...)[:16]
		out = append(out, r)
	}
	return out
}
