package plan_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/webtest"
)

func TestTemplateForms(t *testing.T) {
	f := webtest.NewCase(t)
	city := f.As(t, webtest.CityAdmin)
	webtest.Expect(t, city.Get(t, "/plan-templates"), http.StatusOK, "还没有计划模板")
	webtest.Expect(t, city.Get(t, "/plan-templates/new"), http.StatusOK, "新建计划模板")
	// Errors show next to their rows: a blank row in between is dropped,
	// and the next row's error is filed under its place among those kept.
	res := city.PostForm(t, "/plan-templates", url.Values{"region": {"4453"}, "name": {"53111"},
		"line.0.measure": {"cases"}, "line.0.label": {"个案"}, "line.0.least": {"5"},
		"line.1.measure": {"cases"}, "line.1.label": {""}, "line.1.least": {""},
		"line.2.measure": {"groups"}, "line.2.label": {"个案"}, "line.2.least": {"x"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "指标名称“个案”重复", "最低目标应为整数", `name="line.1.label" value="个案"`)
	template53111(t, f)
	list := city.Get(t, "/plan-templates")
	webtest.Expect(t, list, http.StatusOK, "53111", "调研报告", "修改")
	var tpls struct {
		Items []struct {
			ID    int64 `json:"id"`
			Lines []struct {
				Label string `json:"label"`
				Least int    `json:"least"`
			} `json:"lines"`
		} `json:"items"`
	}
	r := f.API(t, webtest.YcAdmin).Get(t, "/api/v1/plan-templates")
	webtest.Expect(t, r, http.StatusOK)
	webtest.Decode(t, r, &tpls)
	if len(tpls.Items) != 1 || len(tpls.Items[0].Lines) != 3 || tpls.Items[0].Lines[0].Least != 5 {
		t.Fatalf("county's templates = %+v", tpls)
	}
	id := webtest.ID(tpls.Items[0].ID)
	// A county sees the city's template but neither changes it nor makes one.
	yc := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, "/plan-templates"), http.StatusOK, "53111")
	webtest.ExpectNot(t, yc.Get(t, "/plan-templates"), "/plan-templates/"+id+"/edit")
	webtest.Expect(t, yc.Get(t, "/plan-templates/"+id+"/edit"), http.StatusForbidden)
	webtest.Expect(t, yc.PostForm(t, "/plan-templates", url.Values{"region": {"445302"}, "name": {"x"}}), http.StatusForbidden)
	webtest.Expect(t, f.API(t, webtest.YcAdmin).JSON(t, "PUT", "/api/v1/plan-templates/"+id, map[string]any{"region": "4453", "name": "y"}), http.StatusForbidden)
	// The city edits it through the form and the API.
	webtest.Expect(t, city.Get(t, "/plan-templates/"+id+"/edit"), http.StatusOK, `value="调研报告"`)
	r = f.API(t, webtest.CityAdmin).JSON(t, "PUT", "/api/v1/plan-templates/"+id, map[string]any{"region": "4453", "name": "53111",
		"lines": []map[string]any{{"measure": "cases", "label": "个案", "least": 6}, {"measure": "groups", "label": "小组", "least": 3}}})
	webtest.Expect(t, r, http.StatusOK, `"least":6`)
	// Unknown fields are refused, not ignored.
	webtest.Expect(t, f.API(t, webtest.CityAdmin).JSON(t, "POST", "/api/v1/plan-templates", map[string]any{"region": "4453", "name": "z", "lnies": []int{}}),
		http.StatusBadRequest, "lnies")
}
