package roster_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// Two numbers of women born on the same day: one filed in 罗定市 by
// fileLuoding, one filed nowhere.
var (
	idLuoding = webtest.IDNum("44538119600101004")
	idNew     = webtest.IDNum("44530219600101026") // a woman too: the gender shown is the row's own
)

// fileLuoding files a person in 罗定市 under idLuoding.
func fileLuoding(t *testing.T, f *webtest.Fixture) *shuangbai.Beneficiary {
	t.Helper()
	b := &shuangbai.Beneficiary{Region: "445381004001", Name: "罗定人", IDNumber: idLuoding, Level: 3}
	if err := f.DB.FileBeneficiary(t.Context(), shuangbai.SystemUser, b, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

// oracleCSV is a register of one person of 双上村 with the given number,
// and one more filed nowhere.
func oracleCSV(id string) string {
	return "姓名,身份证号,村（社区）代码,电话\n" +
		"罗定人," + id + ",445302003208,13700137000\n" +
		"陈小明," + idChen + ",445302003208,\n"
}

// apiImport posts a register to the import API.
func apiImport(t *testing.T, c *webtest.Client, query, csv string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/beneficiaries/import?"+query, strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	return c.Do(req)
}

// TestPreviewIsNoOracle: the preview page and the API's dry run answer a
// number filed in another county byte for byte as a number filed nowhere:
// the same counts, the same (absent) problems. Only the row's own number,
// masked, differs on the page.
func TestPreviewIsNoOracle(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	fileLuoding(t, f)
	c, api := f.As(t, webtest.YcAdmin), f.API(t, webtest.YcAdmin)

	preview := func(id string) string {
		t.Helper()
		_, token := rosterRedirect(t, c.Upload(t, "/beneficiaries/import", "名册.csv", []byte(oracleCSV(id))), "/beneficiaries/import/mapping?t=")
		form := url.Values{"t": {token}, "level": {"3"}, "col0": {"name"}, "col1": {"id_number"}, "col2": {"region"}, "col3": {"phone"}}
		loc, _ := rosterRedirect(t, c.PostForm(t, "/beneficiaries/import/preview", form), "/beneficiaries/import/preview?t=")
		res := c.Get(t, loc)
		webtest.Expect(t, res, http.StatusOK, "新建 2 人", "没有发现问题")
		body := strings.ReplaceAll(res.Body.String(), token, "TOKEN")
		return strings.ReplaceAll(body, shuangbai.MaskIDNumber(id), "MASK")
	}
	if a, b := preview(idLuoding), preview(idNew); a != b {
		al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := range min(len(al), len(bl)) {
			if al[i] != bl[i] {
				t.Errorf("the preview tells a number filed elsewhere from a new one, line %d:\n%s\n%s", i+1, al[i], bl[i])
			}
		}
	}
	dry := func(id string) string {
		t.Helper()
		res := apiImport(t, api, "dry_run=true&mode=valid", oracleCSV(id))
		webtest.Expect(t, res, http.StatusOK, `"created":2`)
		return res.Body.String()
	}
	if a, b := dry(idLuoding), dry(idNew); a != b {
		t.Errorf("the dry run tells a number filed elsewhere from a new one:\n%s\n%s", a, b)
	}
	ld, _, err := f.DB.UserByName(t.Context(), webtest.LdAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := f.DB.UnreadAlerts(t.Context(), ld); n != 0 {
		t.Errorf("dry runs raised %d alerts", n)
	}
}

// TestAppliedImportAlerts: applying the import refuses the row in the
// usual neutral words and alerts 罗定市's admins (and the city's), on the
// alerts page and the home page, not 云城区's.
func TestAppliedImportAlerts(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	fileLuoding(t, f)
	res := apiImport(t, f.API(t, webtest.YcAdmin), "mode=valid&filename=a.csv", oracleCSV(idLuoding))
	webtest.Expect(t, res, http.StatusOK, `"created":1`, "该身份证号无法在此建档或导入，请联系上级民政部门核实")
	webtest.ExpectNot(t, res, "罗定", "445381")
	for _, tt := range []struct {
		user   string
		alerts bool
	}{{webtest.LdAdmin, true}, {webtest.CityAdmin, true}, {webtest.YcAdmin, false}} {
		c := f.As(t, tt.user)
		home, list := c.Get(t, "/"), c.Get(t, "/alerts")
		if tt.alerts {
			webtest.Expect(t, home, http.StatusOK, "安全提醒（1）", `href="/alerts"`)
			webtest.Expect(t, list, http.StatusOK, webtest.YcAdmin, "名册导入", "1 个已在本辖区建档的身份证号", "标记为已处理")
			webtest.ExpectNot(t, list, idLuoding, "13700137000", "陈小明", idChen)
		} else {
			webtest.ExpectNot(t, home, "安全提醒")
			webtest.Expect(t, list, http.StatusOK, "没有安全提醒")
		}
	}
}

// TestImportLimit: a user's 21st upload or API import within an hour is
// refused with 429 and a Chinese message, whichever way it comes; other
// users are not held up.
func TestImportLimit(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c, api := f.As(t, webtest.YcAdmin), f.API(t, webtest.YcAdmin)
	csv := []byte(oracleCSV(idNew))
	for i := range 20 {
		var res *httptest.ResponseRecorder
		if i%2 == 0 {
			res = c.Upload(t, "/beneficiaries/import", fmt.Sprintf("名册%d.csv", i), csv)
		} else {
			res = apiImport(t, api, "dry_run=true", string(csv))
		}
		if res.Code != http.StatusSeeOther && res.Code != http.StatusOK {
			t.Fatalf("upload %d: status %d %.300s", i+1, res.Code, res.Body)
		}
	}
	res := c.Upload(t, "/beneficiaries/import", "名册21.csv", csv)
	webtest.Expect(t, res, http.StatusTooManyRequests, "每人每小时最多上传或导入 20 次名册", "60 分钟后再试", "上传并核对列")
	if res.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	webtest.Expect(t, apiImport(t, api, "dry_run=true", string(csv)), http.StatusTooManyRequests, `"code":"too_many_requests"`, "20 次")
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Upload(t, "/beneficiaries/import", "名册.csv", csv), http.StatusSeeOther)
}
