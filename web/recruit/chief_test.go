package recruit_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// TestChiefPages: the city admin appoints the city's chief supervisor on
// the supervisors page, then a successor; the predecessor's term ends on
// the eve and stays in the table, and either can be ended there.
func TestChiefPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ycSup, _ := w.supervisors(t)
	c := w.As(t, webtest.CityAdmin)
	webtest.Expect(t, c.Get(t, "/supervisors"), http.StatusOK, "任命总督导", "没有在任的总督导", `<option value="4453"`, "云城督导")
	// The county admin is offered their own county only.
	yc := w.As(t, webtest.YcAdmin).Get(t, "/supervisors")
	webtest.Expect(t, yc, http.StatusOK, "任命总督导", `<option value="445302"`)
	webtest.ExpectNot(t, yc, `<option value="4453"`, `<option value="445381"`)
	// A viewer reads, and is offered no form.
	webtest.ExpectNot(t, w.As(t, webtest.YcViewer).Get(t, "/supervisors"), "任命总督导")

	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"no person", url.Values{"region": {"4453"}, "from": {"2021-01-01"}}, http.StatusUnprocessableEntity, "请选择督导"},
		{"no day", url.Values{"person_id": {webtest.ID(ycSup.ID)}, "region": {"4453"}}, http.StatusUnprocessableEntity, "请填写任职日期"},
		{"a town", url.Values{"person_id": {webtest.ID(ycSup.ID)}, "region": {"445302003"}, "from": {"2021-01-01"}}, http.StatusUnprocessableEntity, "请选择总督导负责的省、市或县"},
		{"not a supervisor", url.Values{"person_id": {webtest.ID(w.YcPerson.ID)}, "region": {"4453"}, "from": {"2021-01-01"}}, http.StatusUnprocessableEntity, "不是督导"},
		{"appointed", url.Values{"person_id": {webtest.ID(ycSup.ID)}, "region": {"4453"}, "from": {"2021-01-01"}, "title": {"“双百工程”市总督导"}}, http.StatusSeeOther, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, c.PostForm(t, "/supervisors/chiefs", tt.form), tt.status, tt.want)
		})
	}
	webtest.Expect(t, c.Get(t, "/supervisors"), http.StatusOK, "现任：<strong>云城督导</strong>", "“双百工程”市总督导", "2021年1月1日")

	// A successor from 2021-09-01: the first term ends on 2021-08-31.
	succ := &shuangbai.Person{Region: "4453", Name: "市督导乙", Gender: "男", Role: shuangbai.StaffSupervisor}
	if err := w.DB.CreatePerson(t.Context(), shuangbai.SystemUser, succ); err != nil {
		t.Fatal(err)
	}
	webtest.Expect(t, c.PostForm(t, "/supervisors/chiefs", url.Values{"person_id": {webtest.ID(succ.ID)}, "region": {"4453"}, "from": {"2021-06-30"}}),
		http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, "/supervisors/chiefs", url.Values{"person_id": {webtest.ID(ycSup.ID)}, "region": {"4453"}, "from": {"2021-06-30"}}),
		http.StatusConflict, "新任日期应晚于此")
	page := c.Get(t, "/supervisors")
	webtest.Expect(t, page, http.StatusOK, "现任：<strong>市督导乙</strong>", "2021年6月29日", "云城督导")
	terms, err := w.DB.ChiefTerms(t.Context(), webtest.AdminScope)
	if err != nil || len(terms) != 2 {
		t.Fatalf("terms %+v, %v", terms, err)
	}
	end := "/supervisors/chiefs/" + webtest.ID(terms[0].ID) + "/end"
	webtest.Expect(t, w.As(t, webtest.YcAdmin).PostForm(t, end, url.Values{"to": {"2021-12-31"}}), http.StatusNotFound)
	webtest.Expect(t, w.As(t, webtest.YcViewer).PostForm(t, end, url.Values{"to": {"2021-12-31"}}), http.StatusForbidden)
	webtest.Expect(t, c.PostForm(t, end, url.Values{"to": {"2021-01-01"}}), http.StatusUnprocessableEntity, "请填写不早于 2021-06-30 的离任日期")
	// An ended term has no form on the page: its refusal is said above the terms.
	ended := "/supervisors/chiefs/" + webtest.ID(terms[1].ID) + "/end"
	res := c.PostForm(t, ended, url.Values{"to": {"2021-13-99"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `<p class="alert" role="alert">未能登记离任：`)
	webtest.ExpectNot(t, res, `action="`+ended+`"`)
	webtest.Expect(t, c.PostForm(t, end, url.Values{"to": {"2021-12-31"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/supervisors"), http.StatusOK, "2021年12月31日")
}

// TestChiefAPI: the API shows who is chief and every term, appoints and
// ends terms; a county admin may not appoint the city's chief, and the
// other county's people, regions and terms are not found.
func TestChiefAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ycSup, ldSup := w.supervisors(t)
	city, yc := w.API(t, webtest.CityAdmin), w.API(t, webtest.YcAdmin)
	res := city.JSON(t, "POST", "/api/v1/supervisors/chiefs", map[string]any{"person_id": ycSup.ID, "region": "4453", "from": "2021-01-01", "title": "市总督导"})
	webtest.Expect(t, res, http.StatusCreated, `"name":"云城督导"`, `"region":"4453"`, `"to":null`)
	var first struct {
		ID int64 `json:"id"`
	}
	webtest.Decode(t, res, &first)
	// The county's own chief, by its admin.
	webtest.Expect(t, yc.JSON(t, "POST", "/api/v1/supervisors/chiefs", map[string]any{"person_id": ycSup.ID, "region": "445302", "from": "2021-03-01"}),
		http.StatusCreated, `"title":"总督导"`)
	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		body   map[string]any
		status int
		want   string
	}{
		{"county admin, the city's chief", yc, map[string]any{"person_id": ycSup.ID, "region": "4453", "from": "2021-08-01"}, http.StatusForbidden, "不能任命上级区划的总督导"},
		{"county admin, the other county", yc, map[string]any{"person_id": ycSup.ID, "region": "445381", "from": "2021-08-01"}, http.StatusNotFound, ""},
		{"county admin, the other's person", yc, map[string]any{"person_id": ldSup.ID, "region": "445302", "from": "2021-08-01"}, http.StatusNotFound, ""},
		{"viewer", w.API(t, webtest.YcViewer), map[string]any{"person_id": ycSup.ID, "region": "445302", "from": "2021-08-01"}, http.StatusForbidden, ""},
		{"unknown field", city, map[string]any{"person": ycSup.ID, "region": "4453", "from": "2021-08-01"}, http.StatusBadRequest, "未知字段"},
		{"bad day", city, map[string]any{"person_id": ycSup.ID, "region": "4453", "from": "2021/08/01"}, http.StatusUnprocessableEntity, `"from"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, tt.c.JSON(t, "POST", "/api/v1/supervisors/chiefs", tt.body), tt.status, tt.want)
		})
	}
	// A successor closes the first term on the eve.
	webtest.Expect(t, city.JSON(t, "POST", "/api/v1/supervisors/chiefs", map[string]any{"person_id": ldSup.ID, "region": "4453", "from": "2021-09-01"}),
		http.StatusCreated)
	list := city.Get(t, "/api/v1/supervisors?on=2021-09-05")
	var out struct {
		Chiefs []struct{ Name, Region string } `json:"chiefs"`
		Terms  []struct {
			ID       int64
			Name, To string
		} `json:"chief_terms"`
	}
	webtest.Decode(t, list, &out)
	if len(out.Chiefs) != 2 || out.Chiefs[0].Name != "罗定督导" || out.Chiefs[1].Name != "云城督导" || out.Chiefs[1].Region != "445302" ||
		len(out.Terms) != 3 || out.Terms[1].ID != first.ID || out.Terms[1].To != "2021-08-31" {
		t.Errorf("chiefs %+v", out)
	}
	// The county reads the city's chief over it, and not the other county's.
	webtest.Expect(t, yc.Get(t, "/api/v1/supervisors?region=445302"), http.StatusOK, `"name":"罗定督导","region":"4453"`)
	webtest.Expect(t, yc.Get(t, "/api/v1/supervisors?region=445381"), http.StatusNotFound)

	patch := "/api/v1/supervisors/chiefs/" + webtest.ID(first.ID)
	webtest.Expect(t, yc.JSON(t, "PATCH", patch, map[string]any{"to": "2021-08-15"}), http.StatusNotFound)
	webtest.Expect(t, city.JSON(t, "PATCH", patch, map[string]any{}), http.StatusUnprocessableEntity, "请填写离任日期")
	webtest.Expect(t, city.JSON(t, "PATCH", patch, map[string]any{"to": "2021-09-15"}), http.StatusConflict, "已于 2021-08-31 结束")
	webtest.Expect(t, city.JSON(t, "PATCH", patch, map[string]any{"to": "2021-08-15"}), http.StatusOK, `"to":"2021-08-15"`)
	webtest.Expect(t, city.JSON(t, "PATCH", "/api/v1/supervisors/chiefs/999999", map[string]any{"to": "2021-08-15"}), http.StatusNotFound)
}
