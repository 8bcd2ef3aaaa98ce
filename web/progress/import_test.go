package progress_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store/storetest"
	"shuangbai/web/progress"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// editProgressXLSX returns the workbook b with cells of its table changed.
func editProgressXLSX(t *testing.T, b []byte, cells map[string]any) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for cell, v := range cells {
		if err := x.SetCellValue("进度情况一览表", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := x.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// progressFlash returns the one-time notice a response sets for the next page.
func progressFlash(res *httptest.ResponseRecorder) string {
	for _, c := range res.Result().Cookies() {
		if c.Name == ui.FlashCookie {
			msg, _ := url.QueryUnescape(c.Value)
			return msg
		}
	}
	return ""
}

var importTokenRe = regexp.MustCompile(`action="/reports/progress/import/([A-Za-z0-9_-]+)"`)

func importToken(t *testing.T, body string) string {
	t.Helper()
	m := importTokenRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirm form:\n%.3000s", body)
	}
	return m[1]
}

// TestProgressImport walks a county's filled-in sheet through the upload,
// the preview and the confirmation, on the small Yunfu fixture. The rows of
// its exported sheet are 5 云城区, 6 罗定市, 7 市本级, 8 合计; the columns are
// those of the form: C 应建社工站数量, L points staff, N 站点管理机制, O funding.
func TestProgressImport(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	city := f.As(t, webtest.CityAdmin)
	res := city.Get(t, "/reports/progress.xlsx?region=4453&date=2021-08-01")
	webtest.Expect(t, res, http.StatusOK)
	sheet := res.Body.Bytes()

	webtest.Expect(t, city.Get(t, "/reports/progress/import"), http.StatusOK, "上传并预览", `enctype="multipart/form-data"`)
	webtest.Expect(t, f.As(t, webtest.YcViewer).Get(t, "/reports/progress/import"), http.StatusForbidden)

	t.Run("unchanged sheet", func(t *testing.T) {
		res := city.Upload(t, "/reports/progress/import", "进度表.xlsx", sheet)
		webtest.Expect(t, res, http.StatusOK, "将要修改（0 项）", "没有需要导入的修改", "进度表.xlsx")
		webtest.ExpectNot(t, res, "确认导入")
	})

	t.Run("refused files", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			data []byte
			want string
		}{
			{"名单.txt", []byte("姓名,电话\n"), "文件不是 Excel（.xlsx）格式"},
			{"空.xlsx", nil, "请选择要上传的文件"},
			{"大.xlsx", append([]byte("PK\x03\x04"), make([]byte, 10<<20)...), "文件超过 10 MB"},
		} {
			res := city.Upload(t, "/reports/progress/import", tt.name, tt.data)
			webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want, "系统中的数据没有任何改动", "上传并预览")
		}
		// A county's own table is for reading, not for importing.
		county := f.As(t, webtest.YcAdmin).Get(t, "/reports/progress.xlsx?region=445302&date=2021-08-01")
		webtest.Expect(t, county, http.StatusOK)
		webtest.Expect(t, city.Upload(t, "/reports/progress/import", "云城区.xlsx", county.Body.Bytes()), http.StatusUnprocessableEntity, "这份表格是云城区的单县表")
		// A county officer may not import the city's sheet.
		webtest.Expect(t, f.As(t, webtest.YcAdmin).Upload(t, "/reports/progress/import", "a.xlsx", sheet), http.StatusForbidden, "交回市民政局")
		webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, "/reports/progress/import"), http.StatusForbidden, "交回市民政局")
		webtest.Expect(t, f.As(t, webtest.YcViewer).Upload(t, "/reports/progress/import", "a.xlsx", sheet), http.StatusForbidden)
	})

	t.Run("sheet with problems", func(t *testing.T) {
		bad := editProgressXLSX(t, sheet, map[string]any{"C5": "八个", "N6": "有"})
		res := city.Upload(t, "/reports/progress/import", "进度表.xlsx", bad)
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "表格中有 2 处需要修改，不能导入", "第5行", "C 应建社工站数量", "第6行", "重新上传")
		webtest.ExpectNot(t, res, "确认导入")
	})

	edited := editProgressXLSX(t, sheet, map[string]any{
		"O6": "已落实，50万元。", // 罗定市 funding
		"N5": "是",         // 云城区 now has its management mechanism
		"L5": 3,           // 云城区 points staff: the registry's figure stands
		"L8": 3,           // the typed 合计 follows the rows
	})

	t.Run("preview and confirm", func(t *testing.T) {
		res := city.Upload(t, "/reports/progress/import", "云浮市进度表（填报）.xlsx", edited)
		webtest.Expect(t, res, http.StatusOK, "将要修改（2 项）", "不予采用（1 项）", "（空）", "已落实，50万元。",
			"是否建立站点管理机制", "填写 3", "社工点-人员配备数量", "确认导入", "本表有 2 个县（市、区）的内容与系统不同",
			`name="region" value="445302" checked`, `name="region" value="445381" checked`)
		token := importToken(t, res.Body.String())

		// Only the uploader may confirm, and only an administrator.
		webtest.Expect(t, f.As(t, webtest.YcViewer).PostForm(t, "/reports/progress/import/"+token, nil), http.StatusForbidden)
		storetest.User(t, f.DB, "city2", shuangbai.RoleCityAdmin, "4453", webtest.Hash())
		webtest.Expect(t, f.As(t, "city2").PostForm(t, "/reports/progress/import/"+token, url.Values{"region": {"445381"}}), http.StatusNotFound, "已过期")
		webtest.Expect(t, f.As(t, webtest.LdAdmin).PostForm(t, "/reports/progress/import/"+token, nil), http.StatusForbidden)
		// At least one county is ticked.
		webtest.Expect(t, city.PostForm(t, "/reports/progress/import/"+token, nil), http.StatusUnprocessableEntity, "请至少勾选一个", "确认导入")

		// 罗定市 alone: 云城区's row is left as it is.
		res = city.PostForm(t, "/reports/progress/import/"+token, url.Values{"region": {"445381"}})
		webtest.Expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/reports/progress?date=2021-08-01&region=4453" {
			t.Errorf("Location = %q", loc)
		}
		if msg := progressFlash(res); msg != "已导入 1 项修改" {
			t.Errorf("flash = %q", msg)
		}
		page := city.Get(t, "/reports/progress?date=2021-08-01")
		webtest.Expect(t, page, http.StatusOK, "已落实，50万元。")
		if rows := progressRows(page.Body.String()); rows[0][13] != "否" {
			t.Errorf("云城区 changed: %q", rows[0])
		}
		// A token is used once.
		webtest.Expect(t, city.PostForm(t, "/reports/progress/import/"+token, url.Values{"region": {"445381"}}), http.StatusNotFound)

		// Then 云城区.
		res = city.Upload(t, "/reports/progress/import", "again.xlsx", edited)
		webtest.Expect(t, res, http.StatusOK, "将要修改（1 项）", "不予采用（1 项）")
		webtest.ExpectNot(t, res, "本表有")
		res = city.PostForm(t, "/reports/progress/import/"+importToken(t, res.Body.String()), url.Values{"region": {"445302"}})
		webtest.Expect(t, res, http.StatusSeeOther)
		if msg := progressFlash(res); msg != "已导入 1 项修改，1 项未采用" {
			t.Errorf("flash = %q", msg)
		}
		page = city.Get(t, "/reports/progress?date=2021-08-01")
		if rows := progressRows(page.Body.String()); rows[0][13] != "是" || rows[0][11] != "0" {
			t.Errorf("after import: 云城区 %q", rows[0])
		}
		// A sheet exported now changes nothing.
		now := city.Get(t, "/reports/progress.xlsx?region=4453&date=2021-08-01").Body.Bytes()
		webtest.Expect(t, city.Upload(t, "/reports/progress/import", "now.xlsx", now), http.StatusOK, "将要修改（0 项）", "没有需要导入的修改")
	})

	t.Run("data changed after the preview", func(t *testing.T) {
		// The sheet as first exported: its 罗定市 row is older than the table.
		stale := editProgressXLSX(t, sheet, map[string]any{"O5": "已批复。"})
		res := city.Upload(t, "/reports/progress/import", "x.xlsx", stale)
		webtest.Expect(t, res, http.StatusOK, "本表有 2 个县（市、区）的内容与系统不同")
		token := importToken(t, res.Body.String())
		err := f.DB.RecordFacts(t.Context(), shuangbai.SystemUser, &shuangbai.CountyFacts{Region: "445302", Effective: webtest.Day,
			Management: true, FundingStatus: shuangbai.FundingApproved, FundingNote: "已批复，100万元。"})
		if err != nil {
			t.Fatal(err)
		}
		only := url.Values{"region": {"445302"}}
		res = city.PostForm(t, "/reports/progress/import/"+token, only)
		webtest.Expect(t, res, http.StatusConflict, "预览之后系统中的数据有变化", "已批复，100万元。", "确认导入",
			`name="region" value="445302" checked`, `name="region" value="445381">`)
		webtest.Expect(t, city.PostForm(t, "/reports/progress/import/"+token, only), http.StatusSeeOther)
		webtest.Expect(t, city.Get(t, "/reports/progress?date=2021-08-01"), http.StatusOK, "已批复。", "已落实，50万元。")
	})

	t.Run("expired", func(t *testing.T) {
		res := city.Upload(t, "/reports/progress/import", "x.xlsx", editProgressXLSX(t, sheet, map[string]any{"O6": "已落实，90万元。"}))
		token := importToken(t, res.Body.String())
		f.DB.Now = func() time.Time { return time.Now().Add(progress.ImportTTL + time.Second) }
		defer func() { f.DB.Now = time.Now }()
		webtest.Expect(t, city.PostForm(t, "/reports/progress/import/"+token, nil), http.StatusNotFound, "已过期")
	})

	t.Run("api", func(t *testing.T) {
		c := f.API(t, webtest.CityAdmin)
		// A fresh export: the subtests above changed the table.
		sheet := c.Get(t, "/api/v1/reports/progress.xlsx?region=4453&date=2021-08-01").Body.Bytes()
		changed := editProgressXLSX(t, sheet, map[string]any{"O6": "已落实，120万元。"})
		var out progress.ImportJSON
		res := c.PostBody(t, "/api/v1/reports/progress/import", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", changed)
		webtest.Expect(t, res, http.StatusOK)
		webtest.Decode(t, res, &out)
		if out.Applied || out.Region != "4453" || out.RegionName != "云浮市" || out.Date != "2021-08-01" || len(out.Changes) != 1 ||
			out.Changes[0] != (progress.ChangeJSON{"445381", "罗定市", "落实经费情况", "已落实，50万元。", "已落实，120万元。"}) ||
			len(out.Refused) != 0 {
			t.Fatalf("plan = %+v", out)
		}
		// Limited to another county, the sheet changes nothing.
		res = c.Upload(t, "/api/v1/reports/progress/import?apply=true&region=445302", "x.xlsx", changed)
		webtest.Expect(t, res, http.StatusOK, `"applied":false`, `"changes":[]`)
		res = c.Upload(t, "/api/v1/reports/progress/import?apply=true&region=445381", "x.xlsx", changed)
		webtest.Expect(t, res, http.StatusOK, `"applied":true`)
		webtest.Expect(t, city.Get(t, "/reports/progress?date=2021-08-01"), http.StatusOK, "已落实，120万元。")

		webtest.Expect(t, c.PostBody(t, "/api/v1/reports/progress/import?apply=yes", "application/octet-stream", changed), http.StatusBadRequest, `"code":"bad_request"`)
		webtest.Expect(t, c.PostBody(t, "/api/v1/reports/progress/import", "text/plain", []byte("hello")), http.StatusUnprocessableEntity,
			`"code":"invalid"`, "文件不是 Excel（.xlsx）格式")
		res = c.PostBody(t, "/api/v1/reports/progress/import", "application/octet-stream", editProgressXLSX(t, sheet, map[string]any{"D5": -1}))
		webtest.Expect(t, res, http.StatusUnprocessableEntity, `"code":"invalid"`, `"problems":[{"sheet":"进度情况一览表","row":5`)
		webtest.Expect(t, f.API(t, webtest.YcViewer).PostBody(t, "/api/v1/reports/progress/import", "application/octet-stream", changed), http.StatusForbidden)
	})
}
