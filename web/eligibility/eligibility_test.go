package eligibility_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/eligibility"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, eligibility.Pages) }

// TestList: the fixture's 黄阿婆 (85, no 高龄津贴) and 陈志明 (残疾人, 肢体二级)
// are on 云城区's list with the rule, the reason and its source; 林伯 (71)
// and 张小红 are not; the responsible worker sees hers marked and can open
// the application form for the benefit; an application of the kind takes
// the person off.
func TestList(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	huang, chen := webtest.ID(f.Huang.ID), webtest.ID(f.Chen.ID)
	worker := f.As(t, webtest.YcWorker)

	res := worker.Get(t, "/eligible")
	webtest.Expect(t, res, http.StatusOK, "政策找人", "河口街道", "双上村",
		`<a href="/beneficiaries/`+huang+`">黄阿婆</a> <span class="tag-group">我负责</span>`, "年满80周岁（现85岁）", "尚无“高龄津贴”申请",
		"广东省80周岁以上高龄老人津贴制度",
		`<a href="/beneficiaries/`+chen+`">陈志明</a>`, "重度残疾人护理补贴", "残疾人，残疾二级", "国发〔2015〕52号",
		"高龄津贴 1 人", "重度残疾人护理补贴 1 人", "困难残疾人生活补贴 0 人", "陈云城",
		`href="/beneficiaries/`+huang+`/applications/new?kind=old_age"`, "登记协助申请", "其中您负责的 2 人排在前面")
	webtest.ExpectNot(t, res, "林伯", "张小红", "李阿婆", "导出 Excel", "445302193603011")

	// The lead sees the station's list, nobody's "own"; the viewer reads it
	// but is not offered the application form.
	webtest.ExpectNot(t, f.As(t, webtest.YcLead).Get(t, "/eligible"), "我负责")
	res = f.As(t, webtest.YcViewer).Get(t, "/eligible")
	webtest.Expect(t, res, http.StatusOK, "黄阿婆", "陈志明")
	webtest.ExpectNot(t, res, "登记协助申请")

	// The form the link opens has the benefit chosen.
	webtest.Expect(t, worker.Get(t, "/beneficiaries/"+huang+"/applications/new?kind=old_age"), http.StatusOK,
		`<option value="old_age" selected>高龄津贴</option>`)
	// One benefit: the counts stay, the rows are of that benefit only.
	res = worker.Get(t, "/eligible?benefit=disability_care")
	webtest.Expect(t, res, http.StatusOK, "陈志明", "高龄津贴 1 人", `<strong class="due due-soon">重度残疾人护理补贴 1 人</strong>`)
	webtest.ExpectNot(t, res, "黄阿婆</a>")

	res = worker.PostForm(t, "/beneficiaries/"+huang+"/applications", url.Values{"kind": {"old_age"}, "status": {"preparing"}, "prepared_on": {"2021-08-09"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	res = worker.Get(t, "/eligible")
	webtest.Expect(t, res, http.StatusOK, "陈志明", "高龄津贴 0 人")
	webtest.ExpectNot(t, res, "黄阿婆")

	for _, bad := range []string{"/eligible?benefit=pension", "/eligible?date=2021-13-01"} {
		webtest.Expect(t, worker.Get(t, bad), http.StatusBadRequest)
	}
}

// TestDatedRules: the city lowers 高龄津贴 to 70 from 2021-09-01 through the
// form. 林伯 (71) is on 云城区's list for that day on, not before; the rule
// pages show the version in its history and, for that day, in force. A
// county's own version applies to that county only, also on the city's
// list.
func TestDatedRules(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	city, yc := f.As(t, webtest.CityAdmin), f.As(t, webtest.YcAdmin)
	if err := f.DB.UpdateUser(t.Context(), shuangbai.SystemUser, webtest.CityAdmin, "市民政局王科长", "4453", 0); err != nil {
		t.Fatal(err)
	}
	rule := url.Values{"benefit": {"old_age"}, "name": {"高龄津贴（云浮市）"}, "source": {"云浮市民政局关于调整高龄津贴发放对象的通知"},
		"min_age": {"70"}, "valid_from": {"2021-09-01"}}
	webtest.Expect(t, city.PostForm(t, "/settings/eligibility", rule), http.StatusSeeOther)

	webtest.ExpectNot(t, yc.Get(t, "/eligible"), "林伯")
	webtest.ExpectNot(t, yc.Get(t, "/eligible?date=2021-08-31"), "林伯")
	res := yc.Get(t, "/eligible?date=2021-09-02")
	webtest.Expect(t, res, http.StatusOK, "林伯", "年满70周岁（现71岁）", "高龄津贴（云浮市）", "云浮市民政局关于调整高龄津贴发放对象的通知",
		"按 2021年9月2日 当天有效的规则", "黄阿婆")

	res = city.Get(t, "/settings/eligibility")
	webtest.Expect(t, res, http.StatusOK, "现行规则", "年满80周岁", "系统预置", "本辖区记录的版本", "高龄津贴（云浮市）", "年满70周岁",
		"2021年9月1日 至 今", "<td>市民政局王科长</td>", "记录新版本（适用于云浮市）")
	res = yc.Get(t, "/settings/eligibility?date=2021-09-02")
	webtest.Expect(t, res, http.StatusOK, "2021年9月2日规则", "高龄津贴（云浮市）", "云浮市", "2021年9月1日起",
		"本辖区还没有记录过规则", "记录新版本（适用于云城区）")
	webtest.Expect(t, yc.Get(t, "/settings/eligibility?date=2015-06-01"), http.StatusOK, "这一天没有施行的规则")
	// The form filled in from the rule in force, to record its next version.
	webtest.Expect(t, yc.Get(t, "/settings/eligibility?benefit=disability_care"), http.StatusOK,
		`name="disability_grades" value="2" checked`, `name="all_groups" value="disabled" checked`)

	// 罗定市 asks 90 from 2021-08-05: 李阿婆 (81) leaves 罗定市's list and
	// the city's, where 黄阿婆 (85, 云城区) stays by the city's rule.
	ld := f.As(t, webtest.LdAdmin)
	webtest.Expect(t, ld.Get(t, "/eligible"), http.StatusOK, "李阿婆")
	rule = url.Values{"benefit": {"old_age"}, "name": {"高龄津贴（罗定市）"}, "source": {"罗定市高龄津贴实施办法"},
		"min_age": {"90"}, "valid_from": {"2021-08-05"}}
	webtest.Expect(t, ld.PostForm(t, "/settings/eligibility", rule), http.StatusSeeOther)
	webtest.ExpectNot(t, ld.Get(t, "/eligible"), "李阿婆")
	res = city.Get(t, "/eligible")
	webtest.Expect(t, res, http.StatusOK, "黄阿婆", "高龄津贴 1 人")
	webtest.ExpectNot(t, res, "李阿婆")
	webtest.Expect(t, city.Get(t, "/eligible?date=2021-08-04"), http.StatusOK, "李阿婆", "高龄津贴 2 人")
}

// TestScope: 罗定市's people are never on 云城区's list, another county's
// region is a 404, and the city's region filter narrows.
func TestScope(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	yc := f.As(t, webtest.YcAdmin)
	res := yc.Get(t, "/eligible")
	webtest.Expect(t, res, http.StatusOK, "黄阿婆", `<select name="region">`)
	webtest.ExpectNot(t, res, "李阿婆")
	webtest.Expect(t, yc.Get(t, "/eligible?region=445381"), http.StatusNotFound)
	webtest.Expect(t, yc.Get(t, "/eligible?region=445381004"), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/eligible?region=445302"), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, "/eligible"), http.StatusOK, "李阿婆", "年满80周岁（现81岁）")

	city := f.As(t, webtest.CityAdmin)
	webtest.Expect(t, city.Get(t, "/eligible"), http.StatusOK, "黄阿婆", "李阿婆", "高龄津贴 2 人")
	res = city.Get(t, "/eligible?region=445381")
	webtest.Expect(t, res, http.StatusOK, "李阿婆", "高龄津贴 1 人")
	webtest.ExpectNot(t, res, "黄阿婆")
}

// TestRuleForm: an impossible rule is answered with the form and the
// message at its field (422), and nothing is saved; only a city or county
// admin may record one.
func TestRuleForm(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	city := f.As(t, webtest.CityAdmin)
	good := url.Values{"benefit": {"old_age"}, "name": {"高龄津贴（云浮市）"}, "source": {"云浮市民政局关于调整高龄津贴的通知"},
		"min_age": {"80"}, "valid_from": {"2021-09-01"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for key, vs := range good {
			out[key] = vs
		}
		out.Set(k, v)
		return out
	}
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"age 151", with("min_age", "151"), []string{"最低年龄应为 0 到 150 岁"}},
		{"max age 200", with("max_age", "200"), []string{"最高年龄应为 0 到 150 岁"}},
		{"unknown benefit", with("benefit", "pension"), []string{"请选择一项已知的补贴或救助"}},
		{"max below min", with("max_age", "70"), []string{"最高年龄不能小于最低年龄"}},
		{"not a number", with("min_age", "八十"), []string{"最低年龄应为整数（周岁），不限请留空"}},
		{"no condition", with("min_age", ""), []string{"规则至少要有一个条件"}},
		{"unknown group", with("any_groups", "pets"), []string{"未知的人员类别：pets"}},
		{"grade 5", with("disability_grades", "5"), []string{"残疾等级应为一级到四级"}},
		{"no source", with("source", ""), []string{"请写明政策依据"}},
		{"bad day", with("valid_from", "2021-02-30"), []string{"日期格式应为"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := city.PostForm(t, "/settings/eligibility", tt.form)
			webtest.Expect(t, res, http.StatusUnprocessableEntity, append(tt.want, "填写的内容有误", `class="field-error"`)...)
		})
	}
	if h, err := f.DB.EligibilityHistory(t.Context(), webtest.AdminScope); err != nil || len(h) != 0 {
		t.Fatalf("an impossible rule was saved: %+v %v", h, err)
	}

	// A version may not start before the one it replaces.
	webtest.Expect(t, city.PostForm(t, "/settings/eligibility", good), http.StatusSeeOther)
	webtest.Expect(t, city.PostForm(t, "/settings/eligibility", with("valid_from", "2021-08-20")), http.StatusUnprocessableEntity,
		"生效日期应晚于现行规则的生效日期（2021年9月1日）")

	// Others read the rules and may not record one.
	for _, user := range []string{webtest.YcWorker, webtest.YcLead, webtest.YcViewer} {
		c := f.As(t, user)
		res := c.Get(t, "/settings/eligibility")
		webtest.Expect(t, res, http.StatusOK, "现行规则", "规则由市级、县级管理员维护")
		webtest.ExpectNot(t, res, "保存新版本", "改为新版本", "#rule-form")
		webtest.Expect(t, c.PostForm(t, "/settings/eligibility", with("valid_from", "2022-01-01")), http.StatusForbidden)
	}
	if h, _ := f.DB.EligibilityHistory(t.Context(), webtest.AdminScope); len(h) != 1 {
		t.Errorf("history = %+v, want the city's one version", h)
	}
}

// TestAdministrators: the three administrators get none of it.
func TestAdministrators(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	for _, admin := range []string{webtest.CitySys, webtest.CitySec, webtest.CityAudit} {
		c := f.As(t, admin)
		for _, path := range []string{"/eligible", "/eligible.xlsx", "/settings/eligibility"} {
			webtest.Expect(t, c.Get(t, path), http.StatusForbidden, "不查看服务对象档案")
		}
		webtest.Expect(t, c.PostForm(t, "/settings/eligibility", url.Values{"benefit": {"old_age"}}), http.StatusForbidden)
		webtest.Expect(t, f.API(t, admin).Get(t, "/api/v1/eligible"), http.StatusForbidden)
		webtest.ExpectNot(t, c.Get(t, "/"), `href="/eligible"`)
	}
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/worklist"), http.StatusOK, `<a href="/eligible">政策找人</a>`)
	// The guide tells each role where it is.
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/help"), http.StatusOK, "您负责的排在前面")
	webtest.Expect(t, f.As(t, webtest.CityAdmin).Get(t, "/help"), http.StatusOK, `<a href="/settings/eligibility">政策找人规则</a>`)
}

// TestAPI: GET /api/v1/eligible answers the list as JSON, with the same
// filters and scope.
func TestAPI(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	c := f.API(t, webtest.YcAdmin)
	type list struct {
		Date   string         `json:"date"`
		Region string         `json:"region"`
		Counts map[string]int `json:"counts"`
		Items  []struct {
			BeneficiaryID int64  `json:"beneficiary_id"`
			Name          string `json:"name"`
			Village       string `json:"village"`
			Worker        string `json:"worker"`
			Benefit       string `json:"benefit"`
			Rule          string `json:"rule"`
			Reason        string `json:"reason"`
			Source        string `json:"source"`
		} `json:"items"`
		Total int `json:"total"`
	}
	var l list
	res := c.Get(t, "/api/v1/eligible")
	webtest.Expect(t, res, http.StatusOK)
	webtest.Decode(t, res, &l)
	if l.Date != "2021-08-09" || l.Region != "445302" || l.Total != 2 || len(l.Items) != 2 ||
		l.Counts["old_age"] != 1 || l.Counts["disability_care"] != 1 || l.Counts["temporary"] != 0 {
		t.Fatalf("list = %+v", l)
	}
	for _, it := range l.Items {
		if it.Reason == "" || it.Source == "" || it.Rule == "" || it.Village != "双上村民委员会" || it.Worker != "陈云城" {
			t.Errorf("item = %+v", it)
		}
	}
	l = list{}
	res = c.Get(t, "/api/v1/eligible?benefit=old_age&date=2021-08-09&region=445302003")
	webtest.Decode(t, res, &l)
	if l.Total != 1 || len(l.Items) != 1 || l.Items[0].Name != "黄阿婆" || l.Items[0].BeneficiaryID != f.Huang.ID || l.Items[0].Benefit != "old_age" {
		t.Errorf("old_age = %+v", l)
	}
	webtest.ExpectNot(t, res, "445302193603011", "birth", "id_number")
	for path, status := range map[string]int{
		"/api/v1/eligible?region=445381":  http.StatusNotFound,
		"/api/v1/eligible?benefit=x":      http.StatusBadRequest,
		"/api/v1/eligible?date=yesterday": http.StatusBadRequest,
		"/api/v1/eligible?limit=0":        http.StatusBadRequest,
	} {
		res := c.Get(t, path)
		webtest.Expect(t, res, status, `"error"`)
	}
	webtest.Expect(t, f.API(t, webtest.LdAdmin).Get(t, "/api/v1/eligible"), http.StatusOK, "李阿婆")
}

// TestXLSX: a bureau admin downloads the list as a workbook of text cells
// with a header row and no ID or phone numbers; each person in it is in the
// access log; a worker may not download it.
func TestXLSX(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	yc := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, "/eligible"), http.StatusOK, `href="/eligible.xlsx"`, "导出 Excel")
	res := yc.Get(t, "/eligible.xlsx?benefit=old_age")
	webtest.Expect(t, res, http.StatusOK)
	if ct := res.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("content type %q", ct)
	}
	if cd := res.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("disposition %q", cd)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(res.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet := wb.GetSheetName(0)
	rows, err := wb.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || !strings.Contains(rows[0][0], "云城区 政策找人名单（2021年8月9日") || rows[1][1] != "姓名" || rows[1][8] != "政策依据" {
		t.Fatalf("rows = %q", rows)
	}
	if r := rows[2]; r[0] != "1" || r[1] != "黄阿婆" || r[2] != "河口街道" || r[3] != "双上村民委员会" || r[4] != "陈云城" || r[5] != "高龄津贴" ||
		!strings.Contains(r[7], "年满80周岁") || r[8] == "" {
		t.Errorf("黄阿婆's row = %q", r)
	}
	if typ, _ := wb.GetCellType(sheet, "A3"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("序号 is not a text cell: %v", typ)
	}
	for _, r := range rows {
		for _, cell := range r {
			if strings.Contains(cell, "4453021936") || strings.Contains(cell, "13800138001") || strings.Contains(cell, "陈志明") {
				t.Errorf("the file holds %q", cell)
			}
		}
	}
	panes, err := wb.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	log, err := f.DB.AccessLog(t.Context(), webtest.AdminScope, f.Huang.ID, 0, 0)
	if err != nil || len(log) == 0 || log[0].Action != store.AccessExport || log[0].Detail != "政策找人名单 1 人：云城区，按2021年8月9日的规则，高龄津贴" {
		t.Errorf("access log = %+v, %v", log, err)
	}

	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/eligible.xlsx"), http.StatusForbidden)
	webtest.ExpectNot(t, f.As(t, webtest.YcLead).Get(t, "/eligible"), "导出 Excel")
}
