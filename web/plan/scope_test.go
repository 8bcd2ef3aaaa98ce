package plan_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/webtest"
)

// TestPlanScope: a plan of 河口 is not found from 罗定, a viewer reads but
// does not write, a plan cannot be made for a station outside the scope,
// and the API follows the pages.
func TestPlanScope(t *testing.T) {
	f := webtest.NewCase(t)
	body := map[string]any{"station_id": f.YcStation.ID, "year": 2021,
		"goals":   []map[string]any{{"problem": "留守儿童课后无人看护", "goal": "开设四点半课堂"}},
		"targets": []map[string]any{{"measure": "visits", "label": "入户探访", "target": 20, "due": "2021-12-31"}}}
	r := f.API(t, webtest.YcAdmin).JSON(t, "POST", "/api/v1/plans", body)
	webtest.Expect(t, r, http.StatusCreated, `"station_name":"河口街道社工站"`)
	var p planOut
	webtest.Decode(t, r, &p)
	id := webtest.ID(p.ID)

	for _, path := range []string{"/plans/" + id, "/plans/" + id + "/edit", "/plans/" + id + "/plan.docx"} {
		webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, path), http.StatusNotFound)
	}
	webtest.Expect(t, f.API(t, webtest.LdAdmin).Get(t, "/api/v1/plans/"+id), http.StatusNotFound)
	webtest.Expect(t, f.API(t, webtest.LdAdmin).JSON(t, "PUT", "/api/v1/plans/"+id, body), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.LdAdmin).PostForm(t, "/plans/"+id, url.Values{"summary": {"x"}}), http.StatusNotFound)
	webtest.ExpectNot(t, f.As(t, webtest.LdAdmin).Get(t, "/plans?year=all"), "河口街道社工站")
	webtest.ExpectNot(t, f.As(t, webtest.LdAdmin).Get(t, "/plans.xlsx?year=all"), "河口")
	var list struct {
		Total int `json:"total"`
	}
	r = f.API(t, webtest.LdAdmin).Get(t, "/api/v1/plans?year=all")
	webtest.Decode(t, r, &list)
	if list.Total != 0 {
		t.Errorf("罗定 lists %d plans of 云城", list.Total)
	}
	webtest.Expect(t, f.API(t, webtest.LdAdmin).Get(t, "/api/v1/plans?region=445302"), http.StatusNotFound)

	// 罗定 cannot plan for 河口's station: the station is not offered, and
	// posting it is refused on the field.
	ld := body
	ld["year"] = 2022
	webtest.Expect(t, f.API(t, webtest.LdAdmin).JSON(t, "POST", "/api/v1/plans", ld), http.StatusUnprocessableEntity, "请选择您管辖范围内的社工站")
	webtest.ExpectNot(t, f.As(t, webtest.LdAdmin).Get(t, "/plans/new"), "河口街道社工站")

	// The viewer reads, and is refused every write.
	view := f.As(t, webtest.YcViewer)
	webtest.Expect(t, view.Get(t, "/plans/"+id), http.StatusOK, "开设四点半课堂")
	webtest.ExpectNot(t, view.Get(t, "/plans/"+id), "/plans/"+id+"/edit")
	webtest.Expect(t, view.Get(t, "/plans/new"), http.StatusForbidden)
	webtest.Expect(t, view.PostForm(t, "/plans/"+id, url.Values{"summary": {"x"}}), http.StatusForbidden)
	webtest.Expect(t, f.API(t, webtest.YcViewer).JSON(t, "PUT", "/api/v1/plans/"+id, body), http.StatusForbidden)

	// A second plan for the same station and year is a conflict, named.
	body["year"] = 2021
	webtest.Expect(t, f.API(t, webtest.YcAdmin).JSON(t, "POST", "/api/v1/plans", body), http.StatusConflict, "2021 年的计划已经建立")
	// A whole replacement through the API.
	body["summary"] = "更新"
	webtest.Expect(t, f.API(t, webtest.YcAdmin).JSON(t, "PUT", "/api/v1/plans/"+id, body), http.StatusOK, `"summary":"更新"`)
	// The station's worker reads her station's plan.
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/plans/"+id), http.StatusOK, "更新")
}
