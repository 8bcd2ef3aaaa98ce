package roster_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/roster"
	"shuangbai/web/webtest"
)

// rosterXLSX builds a register as a township office would type it: a title
// row, then the header, then the people.
func rosterXLSX(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"河口街道服务对象名册"}}, rows...)
	for i, r := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The header has a cell a spreadsheet would run as a formula: the error
// report must neutralise it.
var rosterHeader = []any{"序号", "姓名", "公民身份号码", `=HYPERLINK("http://evil.example","联系电话")`, "家庭地址", "村（社区）代码", "人员类别", "残疾类别等级", "户主姓名"}

var (
	idChen  = webtest.IDNum("44530219900101123")
	idLi    = webtest.IDNum("44530219400301002")
	idZhang = webtest.IDNum("44530220100615004")
)

// rosterRowsMixed has three good rows (sheet rows 3, 4 and 7, the first of
// an ID number given twice) and four bad ones (rows 5, 6, 8 and 9).
func rosterRowsMixed() [][]any {
	badCheck := idZhang[:17] + map[bool]string{true: "1", false: "2"}[idZhang[17] != '1']
	idZhao := webtest.IDNum("44530219700101005")
	return [][]any{
		rosterHeader,
		{1, "陈小明", idChen, "13800138000", "双上村12号", "445302003208", "残疾人、低保", "肢体二级", "陈大明"},
		{2, "李阿婆", idLi, "", "", "445302102201", "高龄独居老人", "", ""},
		{3, "张小红", badCheck, "", "", "445302003208", "", "", ""},                               // bad check digit
		{4, "罗定人", webtest.IDNum("44538119600101004"), "", "", "445381004001", "", "", ""},     // outside 云城区
		{5, "赵一", idZhao, "", "", "445302003208", "", "", ""},                                  // the same ID: kept …
		{6, "赵二", idZhao, "", "", "445302003208", "", "", ""},                                  // … twice: refused
		{7, "王五", webtest.IDNum("44530219500101003"), "12345", "", "445302003208", "", "", ""}, // bad phone
	}
}

// rosterRedirect returns the redirect target of a 303 and its token.
func rosterRedirect(t *testing.T, res *httptest.ResponseRecorder, prefix string) (string, string) {
	t.Helper()
	loc := res.Header().Get("Location")
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("status %d, Location %q, want 303 to %s; body:\n%.2000s", res.Code, loc, prefix, res.Body)
	}
	u, _ := url.Parse(loc)
	return loc, u.Query().Get("t")
}

// waitRoster polls the status of an import until it is done.
func waitRoster(t *testing.T, c *webtest.Client, token string) roster.ImportStatus {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res := c.Get(t, "/beneficiaries/import/status?t="+token)
		var st roster.ImportStatus
		if res.Code != http.StatusOK || json.Unmarshal(res.Body.Bytes(), &st) != nil {
			t.Fatalf("status: %d %s", res.Code, res.Body)
		}
		if st.State == roster.StateDone {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("import still %s after 20s", st.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func countCases(t *testing.T, f *webtest.Fixture) int {
	t.Helper()
	n, err := f.DB.PersonalRecords(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMain fails a full run in which a page template of package roster was
// never rendered.
func TestMain(m *testing.M) { webtest.Main(m, roster.Pages) }

func TestRosterImportPages(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcAdmin)

	webtest.Expect(t, c.Get(t, "/beneficiaries/import"), http.StatusOK, "导入服务对象名册", "可以识别的列", `enctype="multipart/form-data"`)
	webtest.Expect(t, f.As(t, webtest.YcViewer).Get(t, "/beneficiaries/import"), http.StatusForbidden, "只能查看")
	webtest.Expect(t, c.Upload(t, "/beneficiaries/import", "照片.png", []byte("\x89PNG\r\n\x1a\n\x00\x00")), http.StatusUnprocessableEntity,
		"不是 Excel（.xlsx）或 CSV 格式", "上传并核对列")

	// 1. Upload: the columns are guessed from the header.
	loc, token := rosterRedirect(t, c.Upload(t, "/beneficiaries/import", "河口名册.xlsx", rosterXLSX(t, rosterRowsMixed()...)), "/beneficiaries/import/mapping?t=")
	res := c.Get(t, loc)
	webtest.Expect(t, res, http.StatusOK, "河口名册.xlsx", "表头在第 2 行（上方的标题已跳过），下面有 7 行", `<option value="id_number" selected>身份证号</option>`,
		`<option value="region" selected>村（社区）代码</option>`, shuangbai.MaskIDNumber(idChen))
	webtest.ExpectNot(t, res, idChen, "已按上次导入") // sample ID numbers are masked; nothing remembered yet

	// Another user cannot use the token.
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, loc), http.StatusNotFound, "已过期或不存在")

	// 2. Mapping: one without a name is refused; then leave the address out.
	form := url.Values{"t": {token}, "level": {"3"}}
	for i, field := range []string{"", "", "id_number", "phone", "address", "region", "groups", "disability", "head_name"} {
		form.Set("col"+webtest.ID(int64(i)), field)
	}
	webtest.Expect(t, c.PostForm(t, "/beneficiaries/import/preview", form), http.StatusUnprocessableEntity, "请指定哪一列是“姓名”")
	form.Set("col1", "name")
	form.Set("col4", "")
	loc, _ = rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/preview", form), "/beneficiaries/import/preview?t=")

	// 3. Preview: every problem, with its row.
	res = c.Get(t, loc)
	// The first row of a repeated ID number is kept, the later refused; a
	// bad phone number shows as typed, for the uploader to correct; "all"
	// is not offered, since with errors it would import nothing.
	webtest.Expect(t, res, http.StatusOK, "共 7 行", "新建 3 人", "身份证号校验位不正确", "第 5 行", "不在您的管辖范围内", "身份证号在第8行再次出现",
		"与第7行身份证号重复", "联系电话格式不正确（填写的是“12345”）", "只导入无误的行（3 行）", "“全部导入”什么也不会导入", "陈小明", "三级")
	webtest.ExpectNot(t, res, `value="all"`, "全部导入（有错误则全部不导入）", "*****")
	// The store's own refusal appears too: the village check runs there again.
	if got := strings.Count(res.Body.String(), "field-error"); got < 4 {
		t.Errorf("%d errors listed", got)
	}

	// The error report: Excel-ready CSV, formula cells neutralised.
	res = c.Get(t, "/beneficiaries/import/errors.csv?t="+token)
	webtest.Expect(t, res, http.StatusOK, "\uFEFF行号,列,表头,类型,问题\r\n", "5,C,公民身份号码,错误,身份证号校验位不正确", `"'=HYPERLINK(""http://evil.example"",""联系电话"")",错误,联系电话格式不正确`)
	if cd := res.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}

	// 4. Apply the valid rows: the page polls, the rows are filed.
	loc, _ = rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/apply", url.Values{"t": {token}, "mode": {"valid"}}), "/beneficiaries/import/progress?t=")
	st := waitRoster(t, c, token)
	if !st.Imported || st.Created != 3 || st.Skipped != 4 || st.Households != 1 || st.Done != 7 || st.Total != 7 {
		t.Errorf("status %+v", st)
	}
	webtest.Expect(t, c.Get(t, loc), http.StatusOK, "导入完成", "人新建档案", "下载未导入行的错误报告")
	// The phone number typed wrong is the uploader's to see, not the logs':
	// the audit log keeps counts and masked numbers.
	log, err := f.DB.AuditLog(t.Context(), webtest.AdminScope, store.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if strings.Contains(e.Before+e.After, "12345") {
			t.Errorf("the audit log holds the phone typed: %+v", e)
		}
	}
	if n := countCases(t, f); n != 3 {
		t.Errorf("%d cases filed, want 3", n)
	}
	// Applying twice does nothing more.
	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/apply", url.Values{"t": {token}, "mode": {"valid"}}), "/beneficiaries/import/progress?t=")
	if n := countCases(t, f); n != 3 {
		t.Errorf("%d cases after a second apply", n)
	}

	// A second file of the same shape comes pre-mapped with the choices made
	// for the first (the address left out, level unchanged), and all-or-
	// nothing imports nothing when a row is bad.
	rows := rosterRowsMixed()
	rows[1][3] = "13900139000" // 陈小明's new phone
	loc, token = rosterRedirect(t, c.Upload(t, "/beneficiaries/import", "河口名册2.xlsx", rosterXLSX(t, rows...)), "/beneficiaries/import/mapping?t=")
	res = c.Get(t, loc)
	webtest.Expect(t, res, http.StatusOK, "已按上次导入同样表头的名册时的选择自动对应", `<option value="name" selected>姓名</option>`)
	webtest.ExpectNot(t, res, `<option value="address" selected>`)
	form.Set("t", token)
	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/preview", form), "/beneficiaries/import/preview?t=")
	webtest.Expect(t, c.Get(t, "/beneficiaries/import/preview?t="+token), http.StatusOK, "更新已建档的 3 人")
	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/apply", url.Values{"t": {token}, "mode": {"all"}}), "/beneficiaries/import/progress?t=")
	st = waitRoster(t, c, token)
	if st.Imported || !strings.Contains(st.Message, "没有导入任何数据") {
		t.Errorf("all-or-nothing with bad rows: %+v", st)
	}
	webtest.Expect(t, c.Get(t, "/beneficiaries/import/progress?t="+token), http.StatusOK, "没有导入", "有 4 行有误")

	// Only the good rows, again: the phone changes, nobody is filed twice.
	rows = rows[:3]
	_, token = rosterRedirect(t, c.Upload(t, "/beneficiaries/import", "河口名册3.xlsx", rosterXLSX(t, rows...)), "/beneficiaries/import/mapping?t=")
	form.Set("t", token)
	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/preview", form), "/beneficiaries/import/preview?t=")
	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/apply", url.Values{"t": {token}, "mode": {"all"}}), "/beneficiaries/import/progress?t=")
	st = waitRoster(t, c, token)
	if !st.Imported || st.Created != 0 || st.Updated != 1 || st.Unchanged != 1 {
		t.Errorf("re-import: %+v", st)
	}
	got, err := f.DB.Beneficiaries(t.Context(), webtest.AdminScope, shuangbai.BeneficiaryFilter{IDNumber: idChen})
	if err != nil || len(got) != 1 || got[0].Phone != "13900139000" || got[0].Level != 3 {
		t.Errorf("after re-import: %+v %v", got, err)
	}
	if n := countCases(t, f); n != 3 {
		t.Errorf("%d cases after re-import, want 3", n)
	}
	webtest.Expect(t, c.Get(t, "/beneficiaries/import/status?t=nope"), http.StatusNotFound)
}

// TestRosterTemplateDownload: any user who may import gets the blank
// register, linked from the upload form.
func TestRosterTemplateDownload(t *testing.T) {
	f := webtest.NewCase(t)
	res := f.As(t, webtest.YcWorker).Get(t, "/beneficiaries/import/template.xlsx")
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || res.Body.Len() < 1000 {
		t.Fatalf("template: %d %s, %d bytes", res.Code, res.Header().Get("Content-Type"), res.Body.Len())
	}
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/beneficiaries/import"), http.StatusOK, "下载名册模板")
}
