package casework_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// exported returns the people the access log says were exported, with the
// reason and note of one of their lines.
func exported(t *testing.T, f *webtest.Case) (map[int64]bool, store.AccessEntry) {
	t.Helper()
	l, err := f.DB.AccessLog(t.Context(), webtest.AdminScope, 0, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]bool{}
	var last store.AccessEntry
	for _, e := range l {
		if e.Action == store.AccessExport {
			out[e.BeneficiaryID], last = true, e
		}
	}
	return out, last
}

// TestExport checks the CSV export: a reason is required, each exported
// person is logged, numbers are in full and written as ="…" so Excel keeps
// every digit, and formula cells are escaped.
func TestExport(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	admin := f.As(t, webtest.YcAdmin)

	res := admin.PostForm(t, "/beneficiaries.csv", url.Values{"group": {"disabled"}, "reason": {""}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写理由", `name="group" value="disabled"`)

	res = admin.PostForm(t, "/beneficiaries.csv", url.Values{"status": {"all"}, "reason": {"年度核查"}})
	webtest.Expect(t, res, http.StatusOK)
	if ct := res.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("Content-Type = %q", ct)
	}
	if cd := res.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	body := strings.TrimPrefix(res.Body.String(), "\ufeff")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][4] != "身份证号" || rows[0][6] != "区划代码" {
		t.Fatalf("rows = %d, header %v; want a header and 4 people", len(rows), rows[0])
	}
	var chen []string
	for _, r := range rows {
		if r[1] == "陈志明" {
			chen = r
		}
	}
	if chen == nil || chen[3] != "1996-05-12" || chen[4] != `="`+f.Chen.IDNumber+`"` || chen[5] != `="13800138001"` || chen[6] != `="445302003208"` ||
		chen[8] != `'=HYPERLINK("http://x")` || chen[15] != "一级" {
		t.Errorf("陈志明's row = %q", chen)
	}
	people, e := exported(t, f)
	if len(people) != 4 || !people[f.Chen.ID] || people[f.Li.ID] || e.Reason != "年度核查" || !strings.Contains(e.Detail, "CSV 服务对象名册 4 人") {
		t.Errorf("exported = %v, %+v; want the four 云城区 files", people, e)
	}
}

// openXLSX opens a workbook sent as a download.
func openXLSX(t *testing.T, res *httptest.ResponseRecorder) *excelize.File {
	t.Helper()
	if ct := res.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("Content-Type = %q; body %.500s", ct, res.Body)
	}
	x, err := excelize.OpenReader(bytes.NewReader(res.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// sheetRow returns the 1-based row of x's only sheet whose column B (the
// name) is name, and the sheet's name.
func sheetRow(t *testing.T, x *excelize.File, name string) (string, int) {
	t.Helper()
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[1] == name {
			return sheet, i + 1
		}
	}
	t.Fatalf("no row of %s in %s: %q", name, sheet, rows)
	return "", 0
}

// checkText checks that cell holds want as text: an identifier Excel shows
// as typed.
func checkText(t *testing.T, x *excelize.File, sheet, cell, want string) {
	t.Helper()
	typ, _ := x.GetCellType(sheet, cell)
	got, _ := x.GetCellValue(sheet, cell)
	if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString || got != want {
		t.Errorf("%s = %q (type %v), want the text %q", cell, got, typ, want)
	}
}

// checkDate checks that cell holds the day want as a date: a serial number
// with a date format.
func checkDate(t *testing.T, x *excelize.File, sheet, cell string, want shuangbai.Date) {
	t.Helper()
	raw, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s = %q, not a date serial", cell, raw)
		return
	}
	day, _ := excelize.ExcelDateToTime(serial, false)
	id, _ := x.GetCellStyle(sheet, cell)
	style, _ := x.GetStyle(id)
	if shuangbai.DateOf(day) != want || style == nil || style.CustomNumFmt == nil || !strings.Contains(*style.CustomNumFmt, "yyyy") {
		t.Errorf("%s = %v (style %+v), want the date %v", cell, day, style, want)
	}
	if shown, _ := x.GetCellValue(sheet, cell); !strings.Contains(shown, "年") {
		t.Errorf("%s shows %q", cell, shown)
	}
}

// checkLayout checks the header row, the frozen panes (the header and the
// number and name columns) and a column's width.
func checkLayout(t *testing.T, x *excelize.File, sheet, col string, width float64, header ...string) {
	t.Helper()
	rows, _ := x.GetRows(sheet)
	if len(rows) == 0 || strings.Join(rows[0][:len(header)], ",") != strings.Join(header, ",") {
		t.Errorf("header = %q, want %q…", rows, header)
	}
	panes, err := x.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 2 || panes.TopLeftCell != "C2" {
		t.Errorf("panes = %+v, %v; want the header row and two columns frozen", panes, err)
	}
	if w, _ := x.GetColWidth(sheet, col); w != width {
		t.Errorf("width of %s = %v, want %v", col, w, width)
	}
}

// TestExportXLSX exports the register, its visits and applications and a
// worklist as workbooks, opened again with excelize: ID and phone numbers
// and region codes are text, dates are dates, the header row and the name
// stay in view, and each person in a file is logged with the reason.
func TestExportXLSX(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	app := &shuangbai.Application{BeneficiaryID: f.Huang.ID, Kind: shuangbai.AppOldAge, Status: shuangbai.AppApproved, PreparedOn: shuangbai.NewDate(2021, 8, 1),
		SubmittedOn: shuangbai.NewDate(2021, 8, 2), DecidedOn: shuangbai.NewDate(2021, 8, 6), Amount: 200}
	if err := f.DB.SaveApplication(t.Context(), shuangbai.SystemUser, app); err != nil {
		t.Fatal(err)
	}
	admin, lead := f.As(t, webtest.YcAdmin), f.As(t, webtest.YcLead)
	all := func(more ...string) url.Values {
		v := url.Values{"status": {"all"}, "reason": {"年度核查"}}
		for i := 0; i+1 < len(more); i += 2 {
			v.Set(more[i], more[i+1])
		}
		return v
	}
	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		path   string
		form   url.Values
		people []int64
		check  func(t *testing.T, x *excelize.File)
	}{
		{"register", admin, "/beneficiaries.xlsx", all(), []int64{f.Chen.ID, f.Huang.ID, f.Zhang.ID, f.Lin.ID}, func(t *testing.T, x *excelize.File) {
			sheet, n := sheetRow(t, x, "陈志明")
			checkLayout(t, x, sheet, "E", 21, "编号", "姓名", "性别", "出生日期", "身份证号", "电话", "区划代码")
			row := strconv.Itoa(n)
			checkText(t, x, sheet, "E"+row, f.Chen.IDNumber)
			checkText(t, x, sheet, "F"+row, "13800138001")
			checkText(t, x, sheet, "G"+row, "445302003208")
			checkText(t, x, sheet, "I"+row, `=HYPERLINK("http://x")`) // text, never a formula
			checkDate(t, x, sheet, "D"+row, shuangbai.NewDate(1996, 5, 12))
			checkDate(t, x, sheet, "T"+row, shuangbai.NewDate(2021, 8, 5))
			if formula, _ := x.GetCellFormula(sheet, "I"+row); formula != "" {
				t.Errorf("the address became the formula %q", formula)
			}
		}},
		{"visits in days", admin, "/beneficiaries.xlsx", all("what", "visits", "from", "2021-08-05", "to", "2021-08-09"), []int64{f.Zhang.ID, f.Lin.ID},
			func(t *testing.T, x *excelize.File) {
				sheet, n := sheetRow(t, x, "林伯")
				checkLayout(t, x, sheet, "I", 50, "服务对象编号", "姓名", "身份证号", "区划代码", "所在区划", "探访日期")
				row := strconv.Itoa(n)
				checkDate(t, x, sheet, "F"+row, shuangbai.NewDate(2021, 8, 8))
				if rows, _ := x.GetRows(sheet); len(rows) != 3 || rows[n-1][8] != "林伯情况稳定" || rows[n-1][10] != "系统" {
					t.Errorf("rows = %q; want 张小红's and 林伯's visits, recorded by 系统", rows)
				}
			}},
		{"applications", admin, "/beneficiaries.xlsx", all("what", "applications"), []int64{f.Huang.ID}, func(t *testing.T, x *excelize.File) {
			sheet, n := sheetRow(t, x, "黄阿婆")
			row := strconv.Itoa(n)
			checkText(t, x, sheet, "C"+row, f.Huang.IDNumber)
			checkDate(t, x, sheet, "J"+row, shuangbai.NewDate(2021, 8, 6))
			if v, _ := x.GetCellValue(sheet, "K"+row); v != "200" {
				t.Errorf("amount = %q", v)
			}
		}},
		{"worklist", lead, "/worklist.xlsx", url.Values{"reason": {"安排本周入户探访"}}, []int64{f.Chen.ID, f.Huang.ID, f.Zhang.ID}, func(t *testing.T, x *excelize.File) {
			sheet, n := sheetRow(t, x, "陈志明")
			checkLayout(t, x, sheet, "M", 30, "服务对象编号", "姓名", "身份证号", "电话")
			row := strconv.Itoa(n)
			checkText(t, x, sheet, "D"+row, "13800138001")
			checkDate(t, x, sheet, "J"+row, shuangbai.NewDate(2021, 8, 5))
			if told, _ := x.GetCellValue(sheet, "M"+row); told != "社工 8月6日 · 站长 8月7日 · 督导 8月9日" {
				t.Errorf("told = %q", told)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := exportLines(t, f)
			res := tt.c.PostForm(t, tt.path, tt.form)
			webtest.Expect(t, res, http.StatusOK)
			if cd := res.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".xlsx") {
				t.Errorf("Content-Disposition = %q", cd)
			}
			tt.check(t, openXLSX(t, res))
			after := exportLines(t, f)
			for _, id := range tt.people {
				if n := len(after[id]) - len(before[id]); n != 1 {
					t.Errorf("person %d has %d new export lines, want 1", id, n)
				} else if e := after[id][0]; e.Reason != tt.form.Get("reason") || !strings.Contains(e.Detail, "Excel") {
					t.Errorf("export entry = %+v", e)
				}
			}
			for id, l := range after {
				if len(l) != len(before[id]) && !slices.Contains(tt.people, id) {
					t.Errorf("person %d was logged but is not in the file", id)
				}
			}
		})
	}
}

// exportLines returns each person's export lines in the access log, newest
// first.
func exportLines(t *testing.T, f *webtest.Case) map[int64][]store.AccessEntry {
	t.Helper()
	l, err := f.DB.AccessLog(t.Context(), webtest.AdminScope, 0, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64][]store.AccessEntry{}
	for _, e := range l {
		if e.Action == store.AccessExport {
			out[e.BeneficiaryID] = append(out[e.BeneficiaryID], e)
		}
	}
	return out
}

// TestExportRefused: bad choices are field errors next to their field,
// without a file or a log line; a worker may not export a worklist; a
// worklist's CSV keeps its numbers whole too.
func TestExportRefused(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	admin, lead, sw := f.As(t, webtest.YcAdmin), f.As(t, webtest.YcLead), f.As(t, webtest.YcWorker)
	for _, tt := range []struct {
		name string
		c    *webtest.Client
		path string
		form url.Values
		code int
		want []string
	}{
		{"unknown kind", admin, "/beneficiaries.xlsx", url.Values{"what": {"money"}, "reason": {"年度核查"}}, 422, []string{"请选择导出名册、探访记录或协助申请"}},
		{"days reversed", admin, "/beneficiaries.xlsx", url.Values{"what": {"visits"}, "from": {"2021-08-09"}, "to": {"2021-08-01"}, "reason": {"年度核查"}}, 422,
			[]string{"截止日期不能早于开始日期", `value="2021-08-09"`}},
		{"bad day", admin, "/beneficiaries.csv", url.Values{"what": {"visits"}, "from": {"8月1日"}, "reason": {"年度核查"}}, 422, []string{"日期格式应为"}},
		{"worklist without reason", lead, "/worklist.xlsx", url.Values{"reason": {""}}, 422, []string{"请填写理由", "导出探访清单"}},
		{"worker", sw, "/worklist.xlsx", url.Values{"reason": {"安排本周入户探访"}}, 403, nil},
		{"another county", admin, "/worklist.csv", url.Values{"region": {"445381"}, "reason": {"安排本周入户探访"}}, 404, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, tt.c.PostForm(t, tt.path, tt.form), tt.code, tt.want...)
		})
	}
	if people, _ := exported(t, f); len(people) != 0 {
		t.Fatalf("refused exports were logged: %v", people)
	}
	webtest.Expect(t, lead.Get(t, "/worklist.xlsx"), http.StatusOK, "导出探访清单", "逾期及 2021年8月15日 前到期的个案", "导出 Excel", "导出 CSV")
	webtest.Expect(t, sw.Get(t, "/worklist.xlsx"), http.StatusForbidden)

	res := lead.PostForm(t, "/worklist.csv", url.Values{"reason": {"安排本周入户探访"}})
	// CSV doubles the quotes of ="…" inside a quoted field; Excel undoes that.
	webtest.Expect(t, res, http.StatusOK, `"=""13800138001"""`, `"=""`+f.Chen.IDNumber+`"""`, "2021-08-05", "社工 8月6日")
	if people, _ := exported(t, f); len(people) != 3 {
		t.Errorf("worklist CSV logged %v; want its three people", people)
	}
}
