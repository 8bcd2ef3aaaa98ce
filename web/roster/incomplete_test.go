package roster_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/web/roster"
	"shuangbai/web/webtest"
)

// importCSV uploads a CSV register as c, takes the proposed mapping and
// returns the token of the import at its preview.
func importCSV(t *testing.T, c *webtest.Client, name, text string) string {
	t.Helper()
	loc, token := rosterRedirect(t, c.Upload(t, "/beneficiaries/import", name, []byte(text)), "/beneficiaries/import/mapping?t=")
	webtest.Expect(t, c.Get(t, loc), http.StatusOK)
	form := url.Values{"t": {token}, "level": {"4"}}
	for i, field := range []string{"name", "id_number", "region", "groups", "disability", "worker"} {
		form.Set("col"+webtest.ID(int64(i)), field)
	}
	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/preview", form), "/beneficiaries/import/preview?t=")
	return token
}

// TestRosterImportIncomplete: a village's register of a disabled person
// without a grade is imported, the file marked 待补充 on its page, on the
// worker's worklist and in the list of files to complete; the responsible
// worker is named by name, and an unknown name refuses its row, naming it;
// an ID number given twice keeps its first row.
func TestRosterImportIncomplete(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	c := f.As(t, webtest.YcWorker)
	idWang := webtest.IDNum("44530219500101003")
	text := "姓名,身份证号,村（社区）代码,人员类别,残疾类别等级,责任社工\n" +
		"陈小明," + idChen + ",445302003208,残疾人,,陈云城\n" + // row 2: no grade: imported, 待补充
		"陈明," + idChen + ",445302003208,残疾人,肢体二级,陈云城\n" + // row 3: row 2's number again: refused
		"王五," + idWang + ",445302003208,低保,,某某某\n" + // row 4: no such worker: refused
		"李阿婆," + idLi + ",445302003208,残疾人,视力一级,\n" // row 5: complete, no worker
	token := importCSV(t, c, "双上村名册.csv", text)

	res := c.Get(t, "/beneficiaries/import/preview?t="+token)
	webtest.Expect(t, res, http.StatusOK, "新建 2 人", "人缺少残疾类别和等级等内容", "未填写残疾类别和等级：仍可导入",
		"身份证号在第3行再次出现", "与第2行身份证号重复", "找不到责任社工“某某某”", "F 责任社工", "<td>陈云城</td>", "“全部导入”什么也不会导入")
	webtest.ExpectNot(t, res, `value="all"`)

	rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/apply", url.Values{"t": {token}, "mode": {"valid"}}), "/beneficiaries/import/progress?t=")
	st := waitRoster(t, c, token)
	if !st.Imported || st.Created != 2 || st.Skipped != 2 || st.Incomplete != 1 {
		t.Fatalf("status %+v", st)
	}
	webtest.Expect(t, c.Get(t, "/beneficiaries/import/progress?t="+token), http.StatusOK, "人的档案待补充", `href="/beneficiaries/incomplete"`)

	got, err := f.DB.Beneficiaries(t.Context(), webtest.AdminScope, shuangbai.BeneficiaryFilter{IDNumber: idChen})
	if err != nil || len(got) != 1 || got[0].Name != "陈小明" || got[0].WorkerID != f.YcPerson.ID || got[0].Disability != "" {
		t.Fatalf("the first row's file: %+v %v", got, err)
	}
	chen := got[0]

	// The file says what it lacks; the worker's worklist and her list of
	// files to complete name it.
	webtest.Expect(t, c.Get(t, "/beneficiaries/"+webtest.ID(chen.ID)), http.StatusOK, "待补充：残疾类别和等级", "“双上村名册.csv”", `/edit">修改档案</a>补充`)
	webtest.Expect(t, c.Get(t, "/worklist"), http.StatusOK, "您负责的有 1 份档案待补充", `href="/beneficiaries/incomplete"`)
	res = c.Get(t, "/beneficiaries/incomplete")
	webtest.Expect(t, res, http.StatusOK, "待补充的档案", "共 1 份", "陈小明", "残疾类别和等级", "双上村名册.csv", "<strong>我负责的</strong>")
	webtest.ExpectNot(t, res, "李阿婆")
	webtest.Expect(t, c.Get(t, "/beneficiaries/incomplete?view=all"), http.StatusOK, "陈小明", `<strong>本辖区全部</strong>`)
	webtest.Expect(t, c.Get(t, "/beneficiaries/incomplete?view=x"), http.StatusBadRequest)
	// A lead without a person sees the station's; another county none; the
	// three administrators read no case files at all.
	webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/beneficiaries/incomplete"), http.StatusOK, "陈小明", "共 1 份")
	webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/worklist"), http.StatusOK, "有 1 份档案待补充", `href="/beneficiaries/incomplete?view=all"`)
	webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/beneficiaries/incomplete?view=mine"), http.StatusBadRequest, "未关联人员名单")
	res = f.As(t, webtest.LdAdmin).Get(t, "/beneficiaries/incomplete")
	webtest.Expect(t, res, http.StatusOK, "共 0 份", "没有待补充的内容")
	webtest.ExpectNot(t, res, "陈小明")
	webtest.Expect(t, f.As(t, webtest.YcSys).Get(t, "/beneficiaries/incomplete"), http.StatusForbidden)

	// The API counts them too.
	api := f.API(t, webtest.YcWorker)
	res = apiImport(t, api, "dry_run=true", "姓名,身份证号,村（社区）代码,人员类别\n王六,"+webtest.IDNum("44530219600101201")+",445302003208,残疾人\n")
	var out roster.ImportJSON
	if err := json.Unmarshal(res.Body.Bytes(), &out); err != nil || res.Code != http.StatusOK || out.Incomplete != 1 || out.Valid != 1 {
		t.Errorf("API dry run: %d %s", res.Code, res.Body)
	}
}
