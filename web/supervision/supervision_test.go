package supervision_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/web/supervision"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, supervision.Pages) }

var testNow = time.Date(2021, 8, 9, 10, 0, 0, 0, shuangbai.China)

// world is the web fixture with a supervisor of 云城区 covering 河口街道
// and the chief supervisor over the province.
type world struct {
	*webtest.Fixture
	sup, chief *shuangbai.Person
}

func newWorld(t *testing.T) *world {
	t.Helper()
	f := webtest.New(t)
	f.DB.Now = func() time.Time { return testNow }
	ctx, sys := t.Context(), shuangbai.SystemUser
	w := &world{Fixture: f}
	w.sup = &shuangbai.Person{Region: "445302", Name: "云城督导", Gender: "女", Role: shuangbai.StaffSupervisor}
	w.chief = &shuangbai.Person{Region: "44", Name: "张和清", Gender: "男", Role: shuangbai.StaffSupervisor}
	for _, p := range []*shuangbai.Person{w.sup, w.chief} {
		if err := f.DB.CreatePerson(ctx, sys, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.DB.CoverStation(ctx, sys, &shuangbai.Coverage{PersonID: w.sup.ID, StationID: f.YcStation.ID, From: shuangbai.NewDate(2021, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.AppointChief(ctx, sys, &shuangbai.ChiefSupervisor{PersonID: w.chief.ID, Region: "44", Title: "“双百工程”项目总督导", From: shuangbai.NewDate(2021, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) form() url.Values {
	return url.Values{"station_id": {webtest.ID(w.YcStation.ID)}, "point_id": {webtest.ID(w.YcPoint.ID)}, "supervisor_id": {webtest.ID(w.chief.ID)},
		"visited_on": {"2021-08-01"}, "forms": {"field", "meeting"}, "topics": {"了解站点困难"}, "advice": {"夯实专业能力"},
		"item1_title": {""}, "item2_title": {"制定共学计划"}, "item2_owner": {"陈云城"}, "item2_due": {"2021-08-31"}}
}

var visitPath = regexp.MustCompile(`^/supervision/(\d+)$`)

func TestVisitJourney(t *testing.T) {
	w := newWorld(t)
	c := w.As(t, webtest.YcAdmin)
	webtest.Expect(t, c.Get(t, "/supervision/new"), http.StatusOK, "记录督导", "张和清（“双百工程”项目总督导）", "云城督导", "双上村社工点")
	// An item without an owner: refused with the message beside the row, nothing saved.
	bad := w.form()
	bad.Del("item2_owner")
	res := c.PostForm(t, "/supervision", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "待办事项1的责任人", `name="item1_title" value="制定共学计划"`)
	webtest.Expect(t, c.Get(t, "/supervision"), http.StatusOK, "还没有督导记录")
	res = c.PostForm(t, "/supervision", w.form())
	m := visitPath.FindStringSubmatch(res.Header().Get("Location"))
	if res.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	page := "/supervision/" + m[1]
	webtest.Expect(t, c.Get(t, page), http.StatusOK, "双上村社工点", "实地走访、座谈", "制定共学计划", "未完成", "增加待办事项")
	webtest.Expect(t, c.Get(t, "/supervision?region=445302003"), http.StatusOK, "张和清", "双上村社工点")
	// Add an item: without a due day, refused next to the field.
	webtest.Expect(t, c.PostForm(t, page+"/items", url.Values{"title": {"更新个案记录"}, "owner": {"陈云城"}}), http.StatusUnprocessableEntity, "完成期限")
	if res := c.PostForm(t, page+"/items", url.Values{"title": {"更新个案记录"}, "owner": {"陈云城"}, "due": {"2021-08-05"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("add item: %d %s", res.Code, res.Body)
	}
	// The item due on 2021-08-05 is overdue on the 9th.
	items := c.Get(t, "/action-items")
	webtest.Expect(t, items, http.StatusOK, "更新个案记录", "逾期")
	webtest.ExpectNot(t, items, "制定共学计划")
	webtest.Expect(t, c.Get(t, "/action-items?status=open&kind=supervision"), http.StatusOK, "制定共学计划", "更新个案记录")
	id := regexp.MustCompile(`/action-items/(\d+)">更新个案记录`).FindStringSubmatch(items.Body.String())
	if id == nil {
		t.Fatal("no item link")
	}
	item := "/action-items/" + id[1]
	webtest.Expect(t, c.Get(t, item), http.StatusOK, "标记完成")
	webtest.Expect(t, c.PostForm(t, item+"/done", url.Values{"done_on": {"2021-08-08"}}), http.StatusUnprocessableEntity, "请简要写明完成情况")
	res = c.PostForm(t, item+"/done", url.Values{"done_on": {"2021-08-08"}, "done_note": {"已更新 45 户记录"}, "next": {"//evil.example"}})
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != page {
		t.Fatalf("close: %d %s", res.Code, res.Header().Get("Location"))
	}
	webtest.Expect(t, c.Get(t, page), http.StatusOK, "2021年8月8日 完成", "已更新 45 户记录")
	webtest.Expect(t, c.Get(t, "/action-items"), http.StatusOK, "没有逾期未完成的事项")
	// Exports.
	doc := c.Get(t, page+"/report.docx")
	if doc.Code != http.StatusOK || !bytes.HasPrefix(doc.Body.Bytes(), []byte("PK")) {
		t.Fatalf("docx: %d", doc.Code)
	}
	for _, path := range []string{"/supervision.xlsx", "/action-items.xlsx?status=all"} {
		res := c.Get(t, path)
		f, err := excelize.OpenReader(res.Body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows, _ := f.GetRows(f.GetSheetName(0))
		if len(rows) < 3 {
			t.Errorf("%s: rows %q", path, rows)
		}
		f.Close()
	}

	// Scope: the other county does not find it; the viewer reads, cannot write.
	ld := w.As(t, webtest.LdAdmin)
	for _, path := range []string{page, page + "/report.docx", item, "/api/v1/supervision-visits/" + m[1], "/supervision?region=445302"} {
		cl := ld
		if path[:4] == "/api" {
			cl = w.API(t, webtest.LdAdmin)
		}
		webtest.Expect(t, cl.Get(t, path), http.StatusNotFound)
	}
	webtest.ExpectNot(t, ld.Get(t, "/supervision"), "张和清")
	webtest.Expect(t, ld.PostForm(t, item+"/done", url.Values{"done_on": {"2021-08-08"}, "done_note": {"x"}}), http.StatusNotFound)
	view := w.As(t, webtest.YcViewer)
	webtest.Expect(t, view.Get(t, page), http.StatusOK, "制定共学计划")
	webtest.ExpectNot(t, view.Get(t, page), "增加待办事项")
	webtest.Expect(t, view.Get(t, "/supervision/new"), http.StatusForbidden)
	webtest.Expect(t, view.PostForm(t, "/supervision", w.form()), http.StatusForbidden)
	webtest.Expect(t, w.API(t, webtest.YcViewer).JSON(t, "POST", "/api/v1/action-items/"+id[1]+"/done", map[string]string{"done_on": "2021-08-08", "done_note": "x"}), http.StatusForbidden)
}

func TestVisitAPI(t *testing.T) {
	w := newWorld(t)
	api := w.API(t, webtest.YcAdmin)
	body := map[string]any{"station_id": w.YcStation.ID, "supervisor_id": w.sup.ID, "visited_on": "2021-08-02", "forms": []string{"case", "online"},
		"topics": "个案研讨", "items": []map[string]string{{"title": "补充评估", "owner": "陈云城", "due": "2021-08-20"}, {"title": "建立支持网络", "due": "2021-08-20"}}}
	res := api.JSON(t, "POST", "/api/v1/supervision-visits", body)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "item2_owner")
	body["items"] = []map[string]string{{"title": "补充评估", "owner": "陈云城", "due": "2021-08-20"}}
	res = api.JSON(t, "POST", "/api/v1/supervision-visits", body)
	webtest.Expect(t, res, http.StatusCreated, `"forms":["case","online"]`, `"open_items":1`)
	var v struct {
		ID    int64 `json:"id"`
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	webtest.Decode(t, res, &v)
	list := api.Get(t, "/api/v1/supervision-visits?region=445302003")
	webtest.Expect(t, list, http.StatusOK, `"total":1`, "云城督导")
	webtest.Expect(t, w.API(t, webtest.LdAdmin).Get(t, "/api/v1/supervision-visits"), http.StatusOK, `"total":0`)
	webtest.Expect(t, api.JSON(t, "POST", fmt.Sprintf("/api/v1/action-items/%d/done", v.Items[0].ID), map[string]string{"done_on": "2021-08-09", "done_note": "已完成"}),
		http.StatusOK, `"done_on":"2021-08-09"`)
	webtest.Expect(t, api.Get(t, "/api/v1/action-items?status=all"), http.StatusOK, `"total":1`, "已完成")
	webtest.Expect(t, api.Get(t, "/api/v1/action-items?status=late"), http.StatusBadRequest)
	webtest.Expect(t, api.JSON(t, "POST", "/api/v1/supervision-visits", map[string]any{"station_id": w.YcStation.ID, "bogus": 1}), http.StatusBadRequest)
	webtest.Expect(t, api.JSON(t, "POST", "/api/v1/supervision-visits", map[string]any{"station_id": w.YcStation.ID, "supervisor_id": w.sup.ID,
		"visited_on": "2021-08-02", "forms": []string{"visit"}}), http.StatusUnprocessableEntity, "forms")
}
