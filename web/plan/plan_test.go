package plan_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai/web/webtest"
)

// template53111 posts the city's template through its form.
func template53111(t *testing.T, f *webtest.Case) {
	t.Helper()
	res := f.As(t, webtest.CityAdmin).PostForm(t, "/plan-templates", url.Values{"region": {"4453"}, "name": {"53111"},
		"line.0.measure": {"cases"}, "line.0.label": {"个案"}, "line.0.least": {"5"},
		"line.1.measure": {"groups"}, "line.1.label": {"小组"}, "line.1.least": {"3"},
		"line.2.measure": {"entered"}, "line.2.label": {"调研报告"}, "line.2.least": {"1"},
		"line.3.measure": {"cases"}, "line.3.label": {""}, "line.3.least": {""}})
	webtest.Expect(t, res, http.StatusSeeOther)
}

type planOut struct {
	ID      int64  `json:"id"`
	Region  string `json:"region"`
	Targets []struct {
		Label   string `json:"label"`
		Measure string `json:"measure"`
		Target  int    `json:"target"`
		Done    int    `json:"done"`
		Fixed   bool   `json:"fixed"`
		LineID  int64  `json:"template_line_id"`
	} `json:"targets"`
}

func TestPlanJourneyByForm(t *testing.T) {
	f := webtest.NewCase(t)
	template53111(t, f)
	lead := f.As(t, webtest.YcLead)
	// The new form starts with the template's three lines.
	res := lead.Get(t, "/plans/new")
	webtest.Expect(t, res, http.StatusOK, "河口街道社工站", "个案", "小组", "调研报告", `name="target.0.line_id"`)
	form := url.Values{"station_id": {webtest.ID(f.YcStation.ID)}, "year": {"2021"}, "summary": {"城郊街道，独居老人多"},
		"goal.0.problem": {"独居老人缺少照顾"}, "goal.0.goal": {"建立邻里互助网络"}, "goal.0.strategy": {"退休教师结对"},
		"goal.1.problem": {""}, "goal.1.goal": {""}, "goal.1.strategy": {""},
		"asset.0.kind": {"people"}, "asset.0.name": {"退休教师 6 人"}, "asset.0.note": {""},
		"target.0.label": {"个案"}, "target.0.measure": {"cases"}, "target.0.target": {"4"}, "target.0.goal": {"1"}, "target.0.due": {""}, "target.0.entered": {""},
		"target.1.label": {"小组"}, "target.1.measure": {"groups"}, "target.1.target": {"3"}, "target.1.goal": {"0"}, "target.1.due": {"2021-06-30"}, "target.1.entered": {""},
		"target.2.label": {"调研报告"}, "target.2.measure": {"entered"}, "target.2.target": {"1"}, "target.2.goal": {"0"}, "target.2.due": {"2022-01-01"}, "target.2.entered": {"1"},
	}
	// The template and its line ids come from the form it filled.
	body := res.Body.String()
	sel := regexp.MustCompile(`<option value="(\d+)" selected>53111</option>`).FindStringSubmatch(body)
	if sel == nil {
		t.Fatal("the new form does not offer the template, selected")
	}
	form.Set("template_id", sel[1])
	for i := range 3 {
		key := `name="target.` + string(rune('0'+i)) + `.line_id" value="`
		at := strings.Index(body, key)
		if at < 0 {
			t.Fatalf("no line id for target %d", i)
		}
		rest := body[at+len(key):]
		form.Set("target."+string(rune('0'+i))+".line_id", rest[:strings.IndexByte(rest, '"')])
	}
	// Below the template's least, and a due day outside the year: both
	// refused next to their fields, nothing stored.
	res = lead.PostForm(t, "/plans", form)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "模板“53111”要求“个案”不少于 5", "完成时间应在计划年度 2021 年内", "独居老人缺少照顾")
	if list := lead.Get(t, "/plans?year=2021"); !strings.Contains(list.Body.String(), "这里还没有站点计划") {
		t.Fatalf("a refused plan was stored:\n%.2000s", list.Body)
	}
	form.Set("target.0.target", "5")
	form.Set("target.2.due", "2021-12-31")
	res = lead.PostForm(t, "/plans", form)
	webtest.Expect(t, res, http.StatusSeeOther)
	loc := res.Header().Get("Location")
	show := lead.Get(t, loc)
	webtest.Expect(t, show, http.StatusOK, "河口街道社工站 2021 年度计划", "独居老人缺少照顾", "退休教师 6 人", "落后")

	// The API gives the same plan with its progress: 河口's four files of
	// 2021 count as cases; the report is as entered.
	id := strings.TrimPrefix(loc, "/plans/")
	var got planOut
	r := f.API(t, webtest.YcAdmin).Get(t, "/api/v1/plans/"+id+"?date=2021-08-09")
	webtest.Expect(t, r, http.StatusOK)
	webtest.Decode(t, r, &got)
	if got.Region != "445302003" || len(got.Targets) != 3 || got.Targets[0].Done != 4 || got.Targets[2].Done != 1 || !got.Targets[0].Fixed {
		t.Errorf("API plan = %+v", got)
	}

	// Word: a document whose text holds the plan.
	doc := lead.Get(t, loc+"/plan.docx?date=2021-08-09")
	webtest.Expect(t, doc, http.StatusOK)
	if text := docxText(t, doc.Body.Bytes()); !strings.Contains(text, "建立邻里互助网络") || !strings.Contains(text, "统计至2021年8月9日") {
		t.Errorf("docx text lacks the plan: %.500s", text)
	}
	// Excel: a row per target.
	x := f.As(t, webtest.CityAdmin).Get(t, "/plans.xlsx?year=2021")
	webtest.Expect(t, x, http.StatusOK)
	wb, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("站点计划")
	if len(rows) != 4 || rows[1][1] != "河口街道社工站" || rows[1][2] != "445302003" {
		t.Errorf("xlsx rows = %v", rows)
	}

	// Editing keeps the template's lines; removing one is refused.
	edit := lead.Get(t, loc+"/edit")
	webtest.Expect(t, edit, http.StatusOK, "修改站点计划", "独居老人缺少照顾")
	form.Del("station_id")
	form.Set("target.0.label", "")
	form.Set("target.0.target", "")
	form.Set("target.0.line_id", "")
	res = lead.PostForm(t, loc, form)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "模板“53111”要求的指标“个案”不能删除")
}

func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			var out strings.Builder
			for _, part := range strings.Split(string(raw), "<w:t") {
				if i := strings.Index(part, ">"); i >= 0 {
					if j := strings.Index(part, "</w:t>"); j > i {
						out.WriteString(part[i+1 : j])
					}
				}
			}
			return out.String()
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
