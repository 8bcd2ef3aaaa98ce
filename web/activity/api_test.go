package activity_test

import (
	"net/http"
	"testing"

	"shuangbai/web/webtest"
)

func TestActivityAPI(t *testing.T) {
	f := world(t)
	api := f.API(t, LdWorker)
	body := map[string]any{"title": "禁毒宣传活动", "kind": "禁毒宣传", "held_on": "2021-07-29", "station_id": f.LdStation.ID,
		"region": "445381004", "reached": 300, "materials": "禁毒宣传资料", "handed_out": 300}
	res := api.JSON(t, "POST", "/api/v1/activities", body)
	webtest.Expect(t, res, http.StatusCreated, `"kind":"anti_drug"`, `"station":"双东街道社工站"`)
	var a struct {
		ID      int64  `json:"id"`
		Reached int    `json:"reached"`
		HeldOn  string `json:"held_on"`
	}
	webtest.Decode(t, res, &a)
	loc := res.Header().Get("Location")
	if loc != "/api/v1/activities/"+webtest.ID(a.ID) {
		t.Fatalf("Location = %q", loc)
	}
	// Refused with the reason on the field; nothing saved.
	for _, tt := range []struct {
		name   string
		body   any
		status int
		want   string
	}{
		{"future", map[string]any{"title": "x", "kind": "policy", "held_on": "2030-01-01", "station_id": f.LdStation.ID, "region": "445381004"}, http.StatusUnprocessableEntity, `"held_on":"活动日期不能晚于今天"`},
		{"unknown field", map[string]any{"title": "x", "colour": "red"}, http.StatusBadRequest, "未知字段：colour"},
		{"not an object", "[1,2]", http.StatusBadRequest, "请求体应为 JSON 对象"},
		{"reach as text", map[string]any{"title": "x", "kind": "policy", "held_on": "2021-07-01", "station_id": f.LdStation.ID, "region": "445381004", "reached": "many"}, http.StatusUnprocessableEntity, `"reached"`},
	} {
		webtest.Expect(t, api.JSON(t, "POST", "/api/v1/activities", tt.body), tt.status, tt.want)
	}
	res = api.JSON(t, "PATCH", loc, map[string]any{"reached": 320, "volunteers": 12})
	webtest.Expect(t, res, http.StatusOK, `"reached":320`, `"volunteers":12`, `"materials":"禁毒宣传资料"`)
	webtest.Expect(t, api.JSON(t, "PATCH", loc, map[string]any{"held_on": "2031-01-01"}), http.StatusUnprocessableEntity, "活动日期不能晚于今天")

	// A photo as the raw body, then as a form; a PDF refused.
	img := photo(t, 300, 200)
	res = api.PostBody(t, loc+"/photos?name=现场.png", "image/png", img)
	webtest.Expect(t, res, http.StatusCreated, `"type":"image/png"`, `"name":"现场.png"`)
	webtest.Expect(t, api.Upload(t, loc+"/photos", "b.png", img), http.StatusCreated)
	webtest.Expect(t, api.PostBody(t, loc+"/photos", "application/pdf", []byte("%PDF-1.7")), http.StatusUnprocessableEntity, "只能上传 JPEG 或 PNG 照片")

	// Participants: one on file, one filed from the activity.
	webtest.Expect(t, api.JSON(t, "POST", loc+"/participants", map[string]any{"beneficiary_id": f.Li.ID}), http.StatusCreated, `"name":"李阿婆"`)
	res = api.JSON(t, "POST", loc+"/participants", map[string]any{"name": "黄阿姨"})
	webtest.Expect(t, res, http.StatusCreated)
	var p struct {
		ID int64 `json:"id"`
	}
	webtest.Decode(t, res, &p)
	file := loc + "/participants/" + webtest.ID(p.ID) + "/file"
	webtest.Expect(t, api.JSON(t, "POST", file, map[string]any{"gender": "女", "birth": "1948-02-03", "region": "445381004001", "level": 2,
		"groups": []string{"elderly_alone"}}), http.StatusCreated, `"found_by":"activity"`, `"found_on":"2021-07-29"`)
	webtest.Expect(t, api.JSON(t, "POST", file, map[string]any{"gender": "女"}), http.StatusConflict)

	res = api.Get(t, loc)
	webtest.Expect(t, res, http.StatusOK, `"photos":[`, `"participants":[`, "黄阿姨")

	// Lists and counts, scoped: another county gets 404 on the id and on
	// its region; a viewer reads but cannot write.
	webtest.Expect(t, api.Get(t, "/api/v1/activities?region=445381004"), http.StatusOK, `"next":""`, "禁毒宣传活动")
	webtest.Expect(t, api.Get(t, "/api/v1/activities/counts?from=2021-07-01&to=2021-07-31"), http.StatusOK, `"kind":"anti_drug"`, `"activities":1`, `"reached":320`)
	yc := f.API(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, loc), http.StatusNotFound)
	webtest.Expect(t, yc.JSON(t, "PATCH", loc, map[string]any{"reached": 1}), http.StatusNotFound)
	webtest.Expect(t, yc.Get(t, "/api/v1/activities?region=445381"), http.StatusNotFound)
	webtest.Expect(t, yc.PostBody(t, loc+"/photos", "image/png", img), http.StatusNotFound)
	res = yc.Get(t, "/api/v1/activities")
	webtest.Expect(t, res, http.StatusOK)
	webtest.ExpectNot(t, res, "禁毒宣传活动")
	viewer := f.API(t, webtest.YcViewer)
	webtest.Expect(t, viewer.JSON(t, "POST", "/api/v1/activities", body), http.StatusForbidden)
	webtest.Expect(t, f.API(t, webtest.CityAudit).Get(t, "/api/v1/activities"), http.StatusForbidden)
	city := f.API(t, webtest.CityAdmin)
	webtest.Expect(t, city.Get(t, "/api/v1/activities.xlsx"), http.StatusOK)
}

func TestActivityAPIPaging(t *testing.T) {
	f := world(t)
	api := f.API(t, LdWorker)
	for i := range 5 {
		webtest.Expect(t, api.JSON(t, "POST", "/api/v1/activities", map[string]any{"title": "政策宣传", "kind": "policy",
			"held_on": "2021-07-0" + string(rune('1'+i%3)), "station_id": f.LdStation.ID, "region": "445381004"}), http.StatusCreated)
	}
	seen := map[int64]bool{}
	path := "/api/v1/activities?limit=2"
	for range 5 {
		var page struct {
			Activities []struct {
				ID int64 `json:"id"`
			} `json:"activities"`
			Next string `json:"next"`
		}
		webtest.Decode(t, api.Get(t, path), &page)
		for _, a := range page.Activities {
			if seen[a.ID] {
				t.Fatalf("activity %d on two pages", a.ID)
			}
			seen[a.ID] = true
		}
		if page.Next == "" {
			break
		}
		path = "/api/v1/activities?limit=2&before=" + page.Next
	}
	if len(seen) != 5 {
		t.Errorf("pages held %d activities, want 5", len(seen))
	}
	webtest.Expect(t, api.Get(t, "/api/v1/activities?limit=0"), http.StatusBadRequest)
}
