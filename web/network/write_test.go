package network_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// TestReadOnly checks that a viewer can read but every write is a 403, on
// the pages and the API.
func TestReadOnly(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c, api := f.As(t, webtest.YcViewer), f.API(t, webtest.YcViewer)
	webtest.Expect(t, c.Get(t, "/stations/"+webtest.ID(f.YcStation.ID)), http.StatusOK, "河口街道社工站")
	webtest.ExpectNot(t, c.Get(t, "/stations/"+webtest.ID(f.YcStation.ID)), "/edit", "账号管理")

	station := url.Values{"region": {"445302102"}, "name": {"腰古镇社工站"}, "status": {"planned"}}
	for _, tt := range []struct {
		name string
		res  func() int
	}{
		{"GET /stations/new", func() int { return c.Get(t, "/stations/new").Code }},
		{"POST /stations", func() int { return c.PostForm(t, "/stations", station).Code }},
		{"GET /stations/{id}/edit", func() int { return c.Get(t, "/stations/"+webtest.ID(f.YcStation.ID)+"/edit").Code }},
		{"POST /stations/{id}", func() int { return c.PostForm(t, "/stations/"+webtest.ID(f.YcStation.ID), station).Code }},
		{"GET /points/new", func() int { return c.Get(t, "/points/new").Code }},
		{"POST /points", func() int { return c.PostForm(t, "/points", station).Code }},
		{"POST /points/{id}", func() int { return c.PostForm(t, "/points/"+webtest.ID(f.YcPoint.ID), station).Code }},
		{"GET /staff/new", func() int { return c.Get(t, "/staff/new").Code }},
		{"POST /staff", func() int { return c.PostForm(t, "/staff", url.Values{"name": {"x"}}).Code }},
		{"POST /staff/{id}/assignments", func() int {
			return c.PostForm(t, "/staff/"+webtest.ID(f.YcPerson.ID)+"/assignments", url.Values{"site": {"station:1"}}).Code
		}},
		{"POST /api/v1/stations", func() int {
			return api.JSON(t, "POST", "/api/v1/stations", `{"region":"445302102","name":"x","status":"planned"}`).Code
		}},
		{"PATCH /api/v1/stations/{id}", func() int {
			return api.JSON(t, "PATCH", "/api/v1/stations/"+webtest.ID(f.YcStation.ID), `{"name":"x"}`).Code
		}},
		{"POST /api/v1/points", func() int { return api.JSON(t, "POST", "/api/v1/points", `{"region":"445302102201"}`).Code }},
		{"PATCH /api/v1/points/{id}", func() int {
			return api.JSON(t, "PATCH", "/api/v1/points/"+webtest.ID(f.YcPoint.ID), `{"name":"x"}`).Code
		}},
		{"POST /api/v1/people", func() int { return api.JSON(t, "POST", "/api/v1/people", `{"name":"x"}`).Code }},
	} {
		if got := tt.res(); got != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tt.name, got)
		}
	}
	if _, total, _ := f.DB.Stations(t.Context(), webtest.AdminScope, shuangbai.SiteFilter{}); total != 2 {
		t.Errorf("stations = %d, want the fixture's 2", total)
	}
}

// TestStationForm walks a county admin through creating a station with
// mistakes, fixing them, and editing it.
func TestStationForm(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcAdmin)

	res := c.Get(t, "/stations/new")
	webtest.Expect(t, res, http.StatusOK, "腰古镇", "河口街道（已有社工站）")
	webtest.ExpectNot(t, res, "双东街道", "罗平农场")

	bad := url.Values{
		"region": {"445302102"}, "name": {"  "}, "status": {"built"}, "built_on": {"2021-13-40"},
		"office": {"1"}, "office_address": {""}, "lat": {"北纬"}, "lng": {"112.04"}, "phone": {"电话号码"},
		"equipment": {"desk", "printer"},
	}
	res = c.PostForm(t, "/stations", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity,
		"填写的内容有误", "请填写名称", "日期格式应为", "请填写办公场所地址", "纬度应为数字", "电话号码格式不正确",
		`value="电话号码"`, `value="北纬"`, `value="112.04"`, `value="printer" checked`)
	webtest.ExpectNot(t, res, `value="computer" checked`)
	if _, total, _ := f.DB.Stations(t.Context(), webtest.AdminScope, shuangbai.SiteFilter{}); total != 2 {
		t.Fatalf("a bad form stored a station: total %d", total)
	}

	// A town that already has a station is a 409 with the message on the field.
	dup := url.Values{"region": {"445302003"}, "name": {"重复"}, "status": {"planned"}}
	webtest.Expect(t, c.PostForm(t, "/stations", dup), http.StatusConflict, "已有社工站")
	// A region outside the county is a field error.
	dup.Set("region", "445381400")
	webtest.Expect(t, c.PostForm(t, "/stations", dup), http.StatusUnprocessableEntity, "不在您的管辖范围内")

	good := url.Values{
		"region": {"445302102"}, "name": {"腰古镇社工站"}, "status": {"built"}, "built_on": {"2021-07-15"},
		"office": {"1"}, "office_address": {"腰古镇政府大院"}, "phone": {"0766-8812345"},
		"lat": {"22.9"}, "lng": {"112.0"},
	}
	for _, it := range shuangbai.EquipmentItems[:6] {
		good.Add("equipment", it.Key)
	}
	res = c.PostForm(t, "/stations", good)
	webtest.Expect(t, res, http.StatusSeeOther)
	loc := res.Header().Get("Location")
	res = c.Do(withFlash(httptest.NewRequest("GET", loc, nil), res))
	webtest.Expect(t, res, http.StatusOK, "腰古镇社工站", "已新建", "2021年7月15日", "基本配备", "尚缺 2 项：办公文具、消防设施")

	// Edit: the form shows the stored values; a bad edit keeps them typed.
	res = c.Get(t, loc+"/edit")
	webtest.Expect(t, res, http.StatusOK, `value="腰古镇政府大院"`, `value="2021-07-15"`, `value="desk" checked`)
	good.Set("status", "bogus")
	webtest.Expect(t, c.PostForm(t, loc, good), http.StatusUnprocessableEntity, "请选择建设状态")
	good.Set("status", "built")
	good.Add("equipment", "stationery")
	good.Add("equipment", "fire_safety")
	good.Set("name", "腰古镇社会工作服务站")
	webtest.Expect(t, c.PostForm(t, loc, good), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, loc), http.StatusOK, "腰古镇社会工作服务站", "全部配备")

	// Both writes are in the audit log with before and after.
	webtest.Expect(t, c.Get(t, "/audit?entity=station"), http.StatusOK, "腰古镇社工站", "腰古镇社会工作服务站", "修改", "新增")
}

// withFlash copies the cookies a redirect set onto the next request, as a
// browser would, so the flash message shows.
func withFlash(req *http.Request, prev interface{ Result() *http.Response }) *http.Request {
	for _, ck := range prev.Result().Cookies() {
		if ck.Name == ui.FlashCookie {
			req.AddCookie(ck)
		}
	}
	return req
}

func TestPointForm(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcAdmin)

	res := c.Get(t, "/points/new?station="+webtest.ID(f.YcStation.ID))
	webtest.Expect(t, res, http.StatusOK, "双上村民委员会（已有社工点）")
	webtest.ExpectNot(t, res, "腰古村民委员会")

	// 腰古镇 has no station yet: the village cannot have a point.
	form := url.Values{"region": {"445302102201"}, "name": {"腰古村社工点"}, "status": {"planned"}}
	webtest.Expect(t, c.PostForm(t, "/points", form), http.StatusUnprocessableEntity, "还没有社工站")

	st := &shuangbai.Station{Region: "445302102", Site: shuangbai.Site{Name: "腰古镇社工站", Status: shuangbai.SitePlanned}}
	if err := f.DB.CreateStation(t.Context(), shuangbai.SystemUser, st); err != nil {
		t.Fatal(err)
	}
	res = c.PostForm(t, "/points", form)
	webtest.Expect(t, res, http.StatusSeeOther)
	loc := res.Header().Get("Location")
	webtest.Expect(t, c.Get(t, loc), http.StatusOK, "腰古村社工点", "腰古镇社工站", "筹建中")

	form.Set("name", "")
	webtest.Expect(t, c.PostForm(t, loc, form), http.StatusUnprocessableEntity, "请填写名称")
	form.Set("name", "腰古村社工服务点")
	webtest.Expect(t, c.PostForm(t, loc, form), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, loc+"/edit"), http.StatusOK, `value="腰古村社工服务点"`)
	webtest.Expect(t, c.Get(t, "/stations/"+webtest.ID(st.ID)), http.StatusOK, "腰古村社工服务点")
}

func TestStaffForm(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcAdmin)

	webtest.Expect(t, c.Get(t, "/staff/new"), http.StatusOK, "河口街道", "云城区（县级）")
	bad := url.Values{"name": {""}, "gender": {""}, "role": {"boss"}, "region": {"445381004"}, "phone": {"12"}}
	res := c.PostForm(t, "/staff", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写姓名", "请选择性别", "请选择岗位", "电话号码格式不正确")
	if _, total, _ := f.DB.People(t.Context(), webtest.AdminScope, store.PersonFilter{}); total != 2 {
		t.Fatalf("a bad form stored a person: total %d", total)
	}

	res = c.PostForm(t, "/staff", url.Values{"name": {"李新"}, "gender": {"男"}, "role": {"lead"}, "region": {"445302003"}, "phone": {"13712345678"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	loc := res.Header().Get("Location")
	res = c.Get(t, loc)
	webtest.Expect(t, res, http.StatusOK, "李新", "站长", "尚未分配", "河口街道社工站", "双上村社工点")

	site := "station:" + webtest.ID(f.YcStation.ID)
	webtest.Expect(t, c.PostForm(t, loc+"/assignments", url.Values{"site": {""}, "from": {"2021-09-01"}}), http.StatusUnprocessableEntity, "请选择一个社工站或社工点")
	webtest.Expect(t, c.PostForm(t, loc+"/assignments", url.Values{"site": {site}, "from": {"2021-09-01"}, "to": {"2021-08-01"}}),
		http.StatusUnprocessableEntity, "离岗日期不能早于到岗日期", `value="2021-08-01"`)
	webtest.Expect(t, c.PostForm(t, loc+"/assignments", url.Values{"site": {site}, "from": {"2021-09-01"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, loc), http.StatusOK, "2021年9月1日", "在岗")
	webtest.Expect(t, c.Get(t, "/stations/"+webtest.ID(f.YcStation.ID)), http.StatusOK, "李新", "137****5678", "陈云城")
	webtest.Expect(t, c.Get(t, "/staff?role=lead"), http.StatusOK, "李新")
	webtest.ExpectNot(t, c.Get(t, "/staff?role=lead"), "陈云城")
	webtest.Expect(t, c.Get(t, "/staff?role=boss"), http.StatusBadRequest)
}
