package roster_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/roster"
	"shuangbai/web/webtest"
)

func TestRosterImportAPI(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.API(t, webtest.YcAdmin)
	csv := "姓名,身份证号,村名,电话\n" +
		"陈小明," + idChen + ",双上村,13800138000\n" +
		"李阿婆," + idLi + ",腰古村,\n" +
		"张小红," + idZhang[:17] + "0,双上村,\n" // bad check digit (…0 is wrong for this number)
	if IDOK := shuangbai.ValidIDNumber(idZhang[:17] + "0"); IDOK {
		t.Fatal("test ID unexpectedly valid")
	}
	post := func(query, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/v1/beneficiaries/import?"+query, strings.NewReader(body))
		req.Header.Set("Content-Type", "text/csv")
		return c.Do(req)
	}
	var out roster.ImportJSON

	// A dry run checks and counts, and writes nothing.
	res := post("dry_run=true&filename=a.csv", csv)
	webtest.Expect(t, res, http.StatusOK, `"severity":"error"`, "身份证号校验位不正确", `"column":"B 身份证号"`, `"field":"village"`)
	webtest.Decode(t, res, &out)
	if !out.DryRun || out.Imported || out.Rows != 3 || out.Valid != 2 || out.Invalid != 1 || out.Created != 2 || countCases(t, f) != 0 {
		t.Errorf("dry run: %+v", out)
	}
	// mode=all (the default) with a bad row: 422, nothing imported.
	res = post("", csv)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"code":"invalid"`, "没有导入任何数据")
	if countCases(t, f) != 0 {
		t.Error("all-or-nothing imported something")
	}
	// mode=valid imports exactly the good rows; the mapping moves a column.
	res = c.Upload(t, "/api/v1/beneficiaries/import?mode=valid", "b.csv", []byte(csv), "mapping", `{"D": "", "电话": ""}`)
	webtest.Expect(t, res, http.StatusOK)
	out = roster.ImportJSON{}
	webtest.Decode(t, res, &out)
	if !out.Imported || out.Created != 2 || out.Skipped != 1 || countCases(t, f) != 2 || out.Mapping[3].Field != "" {
		t.Errorf("valid rows: %+v", out)
	}
	// Again, with the phone column now: updated in place, never twice.
	res = post("mode=valid", csv)
	out = roster.ImportJSON{}
	webtest.Decode(t, res, &out)
	if out.Created != 0 || out.Updated != 1 || out.Unchanged != 1 || countCases(t, f) != 2 {
		t.Errorf("re-import: %+v", out)
	}

	for _, tt := range []struct {
		query, body string
		status      int
		want        string
	}{
		{"mode=some", csv, http.StatusBadRequest, "参数 mode"},
		{"dry_run=maybe", csv, http.StatusBadRequest, "参数 dry_run"},
		{"mapping=" + url.QueryEscape("[1]"), csv, http.StatusBadRequest, "mapping 应为 JSON 对象"},
		{"mapping=" + url.QueryEscape(`{"Z": "name"}`), csv, http.StatusUnprocessableEntity, "不是文件中的列"},
		{"mapping=" + url.QueryEscape(`{"A": ""}`), csv, http.StatusUnprocessableEntity, "请指定哪一列是“姓名”"},
		{"", "PK\x03\x04garbage", http.StatusUnprocessableEntity, "文件已损坏"},
	} {
		webtest.Expect(t, post(tt.query, tt.body), tt.status, tt.want)
	}
	webtest.Expect(t, f.API(t, webtest.YcViewer).JSON(t, "POST", "/api/v1/beneficiaries/import", csv), http.StatusForbidden, "不能导入名册")
}
