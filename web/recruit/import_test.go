package recruit_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai/web/webtest"
)

var header = []any{"准考证号", "姓名", "笔试成绩", "面试成绩"}

// TestScoreImport: a sheet with bad rows names each by its row and
// imports nothing; a good one is previewed, then confirmed once.
func TestScoreImport(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := w.As(t, webtest.CityAdmin)
	a, b, d := w.yc[0], w.yc[1], w.yc[2]
	bad := scoreSheet(t, header,
		[]any{a.Number, a.Name, 90, nil},
		[]any{b.Number, b.Name, 105, nil},           // row 3: out of range
		[]any{"2021999999", "无此人", 80, nil},         // row 4: unknown
		[]any{d.Number, "别人", 70, nil},              // row 5: name does not match
		[]any{w.ld[0].Number, w.ld[0].Name, 60, 61}, // row 6: fine for the city
	)
	res := c.Upload(t, w.base()+"/scores/import", "成绩.xlsx", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "第 3 行", "成绩应为 0 到 100 之间的数字", "全部未导入")
	// Once the cells are fine, the rows are checked against the campaign.
	bad = scoreSheet(t, header,
		[]any{a.Number, a.Name, 90, nil},
		[]any{"2021999999", "无此人", 80, nil},
		[]any{d.Number, "别人", 70, nil},
		[]any{b.Number, b.Name, nil, 80}, // row 5: not sent to the interview (no written score)
	)
	res = c.Upload(t, w.base()+"/scores/import", "成绩.xlsx", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "第 3 行", "不在本次招聘的报名名单中", "第 4 行", "与准考证号", "第 5 行", "未入围面试")
	if got, _ := w.DB.Applicant(t.Context(), webtest.AdminScope, w.c.ID, a.ID); got.Written.Valid() {
		t.Fatal("a refused sheet was half applied")
	}

	good := scoreSheet(t, header,
		[]any{a.Number, a.Name, 90, 70},
		[]any{b.Number, b.Name, 85.5, 90},
		[]any{d.Number, d.Name, "缺考", nil},
	)
	res = c.Upload(t, w.base()+"/scores/import", "成绩.xlsx", good)
	webtest.Expect(t, res, http.StatusOK, "核对无误", "将更新 <strong>2</strong> 人的成绩", "确认导入")
	token := regexp.MustCompile(`/scores/import/([A-Za-z0-9_-]+)"`).FindStringSubmatch(res.Body.String())
	if token == nil {
		t.Fatal("no token in the preview")
	}
	// Another admin cannot confirm this upload.
	webtest.Expect(t, w.As(t, webtest.YcAdmin).PostForm(t, w.base()+"/scores/import/"+token[1], nil), http.StatusNotFound)
	webtest.Expect(t, c.PostForm(t, w.base()+"/scores/import/"+token[1], nil), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, w.base()+"/scores/import/"+token[1], nil), http.StatusNotFound, "已导入、已放弃或已过期")
	got, _ := w.DB.Applicant(t.Context(), webtest.AdminScope, w.c.ID, b.ID)
	if got.Written.String() != "85.5" || got.Interview.String() != "90" {
		t.Errorf("scores after import %v %v", got.Written, got.Interview)
	}
	webtest.Expect(t, c.Get(t, w.base()+"/ranking"), http.StatusOK, "87.75")
	// A county's admin imports only its own candidates: 罗定市's are unknown to it.
	res = w.As(t, webtest.YcAdmin).Upload(t, w.base()+"/scores/import", "成绩.xlsx", scoreSheet(t, header, []any{w.ld[0].Number, w.ld[0].Name, 60, nil}))
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "不在本次招聘的报名名单中（或不在您的管辖范围内）")
	// Not a workbook at all.
	webtest.Expect(t, c.Upload(t, w.base()+"/scores/import", "a.xlsx", []byte("PK\x03\x04junk")), http.StatusUnprocessableEntity, "文件已损坏")
}

// TestScoreTemplate: the blank sheet lists the eligible candidates and its
// download is logged as an export of each.
func TestScoreTemplate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res := w.As(t, webtest.YcAdmin).Get(t, w.base()+"/scores/template.xlsx")
	webtest.Expect(t, res, http.StatusOK)
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("成绩")
	if len(rows) != 4 || rows[1][1] != "林小燕" || rows[0][3] != "笔试成绩" {
		t.Errorf("template rows %v: the three of 云城区 under the header", rows)
	}
}

// TestAPIScoreImport: the API answers a refused sheet with every problem
// by row, and a dry run writes nothing.
func TestAPIScoreImport(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	api := w.API(t, webtest.CityAdmin)
	a := w.yc[0]
	path := "/api/v1/campaigns/" + webtest.ID(w.c.ID) + "/scores"
	ctype := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	res := api.PostBody(t, path, ctype, scoreSheet(t, header, []any{a.Number, a.Name, -1, nil}, []any{"x", "", 80, nil}))
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"row":2`, `"row":3`, "准考证号 x 不在本次招聘")
	res = api.PostBody(t, path+"?dry_run=true", ctype, scoreSheet(t, header, []any{a.Number, a.Name, 77, nil}))
	webtest.Expect(t, res, http.StatusOK, `"changed":1`, `"dry_run":true`)
	if got, _ := w.DB.Applicant(t.Context(), webtest.AdminScope, w.c.ID, a.ID); got.Written.Valid() {
		t.Fatal("a dry run wrote")
	}
	webtest.Expect(t, api.PostBody(t, path, ctype, scoreSheet(t, header, []any{a.Number, a.Name, 77, nil})), http.StatusOK, `"changed":1`)
}
