package network_test

import (
	"net/http"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
	"testing"

	"shuangbai"
)

// stationOut is the part of a station's JSON the tests look at.
type stationOut struct {
	ID             int64           `json:"id"`
	Region         string          `json:"region"`
	RegionName     string          `json:"region_name"`
	Name           string          `json:"name"`
	Status         string          `json:"status"`
	BuiltOn        *string         `json:"built_on"`
	Office         bool            `json:"office"`
	OfficeAddress  string          `json:"office_address"`
	Equipment      map[string]bool `json:"equipment"`
	EquipmentClass string          `json:"equipment_class"`
	Missing        []string        `json:"missing"`
	Lat            *float64        `json:"lat"`
	Phone          string          `json:"phone"`
	StationID      int64           `json:"station_id"`
}

// errorOut is a JSON error answer.
type errorOut struct {
	Error ui.ErrorBody `json:"error"`
}

func TestAPIStations(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.API(t, webtest.YcAdmin)

	var list struct {
		Items []stationOut `json:"items"`
		Total int          `json:"total"`
	}
	webtest.Decode(t, c.Get(t, "/api/v1/stations?region=445302&status=built"), &list)
	if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Name != "河口街道社工站" || list.Items[0].RegionName != "河口街道" ||
		list.Items[0].EquipmentClass != "全部配备" || list.Items[0].Missing == nil || !list.Items[0].Equipment["phone"] {
		t.Fatalf("list = %+v", list)
	}
	for _, q := range []string{"?status=done", "?limit=x", "?limit=0", "?offset=-1", "?region=12345"} {
		webtest.Expect(t, c.Get(t, "/api/v1/stations"+q), http.StatusBadRequest, `"code":"bad_request"`)
	}

	// A bad body is a 422 naming each field, and stores nothing.
	res := c.JSON(t, "POST", "/api/v1/stations", `{"region":"445302102","name":"","status":"built","built_on":"2021/07/15",
		"office":true,"equipment":{"desk":true,"sofa":true},"lat":95,"lng":112}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity)
	var e errorOut
	webtest.Decode(t, res, &e)
	for _, field := range []string{"name", "built_on", "office_address", "equipment", "lat"} {
		if e.Error.Fields[field] == "" {
			t.Errorf("fields lack %s: %+v", field, e.Error)
		}
	}
	if e.Error.Code != "invalid" || e.Error.Message == "" {
		t.Errorf("error = %+v", e.Error)
	}
	webtest.Expect(t, c.JSON(t, "POST", "/api/v1/stations", `{"region":"445302102","nmae":"x"}`), http.StatusBadRequest, "nmae")
	webtest.Expect(t, c.JSON(t, "POST", "/api/v1/stations", `{"region":"445302102","name":5}`), http.StatusBadRequest, `"name"`)
	webtest.Expect(t, c.JSON(t, "POST", "/api/v1/stations", `not json`), http.StatusBadRequest)
	webtest.Expect(t, c.JSON(t, "POST", "/api/v1/stations", `{"region":"445302003","name":"x","status":"planned"}`), http.StatusConflict, "已有社工站")
	if _, total, _ := f.DB.Stations(t.Context(), webtest.AdminScope, shuangbai.SiteFilter{}); total != 2 {
		t.Fatalf("bad bodies stored stations: total %d", total)
	}

	res = c.JSON(t, "POST", "/api/v1/stations", map[string]any{
		"region": "445302102", "name": "腰古镇社工站", "status": "built", "built_on": "2021-07-15",
		"office": true, "office_address": "腰古镇政府", "equipment": map[string]bool{"desk": true, "computer": true},
		"phone": "0766-8812345",
	})
	webtest.Expect(t, res, http.StatusCreated)
	var st stationOut
	webtest.Decode(t, res, &st)
	if res.Header().Get("Location") != "/api/v1/stations/"+webtest.ID(st.ID) || st.EquipmentClass != "未配备齐全" || len(st.Missing) != 6 ||
		*st.BuiltOn != "2021-07-15" || st.Lat != nil || st.Phone != "0766-8812345" {
		t.Fatalf("created = %+v, Location %q", st, res.Header().Get("Location"))
	}

	// PATCH changes only what the body names; equipment merges item by item.
	path := "/api/v1/stations/" + webtest.ID(st.ID)
	res = c.JSON(t, "PATCH", path, `{"name":"腰古镇社会工作服务站","equipment":{"printer":true,"computer":false},"lat":22.9,"lng":112.1}`)
	webtest.Expect(t, res, http.StatusOK)
	webtest.Decode(t, c.Get(t, path), &st)
	if st.Name != "腰古镇社会工作服务站" || st.OfficeAddress != "腰古镇政府" || !st.Equipment["desk"] || !st.Equipment["printer"] ||
		st.Equipment["computer"] || st.Lat == nil || *st.Lat != 22.9 || st.Phone != "0766-8812345" {
		t.Fatalf("patched = %+v", st)
	}
	res = c.JSON(t, "PATCH", path, `{"status":"built","built_on":null,"region":"445302003"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"built_on"`, `"region"`)
	webtest.Expect(t, c.JSON(t, "PATCH", path, `{"colour":"red"}`), http.StatusBadRequest, "colour")
	webtest.Expect(t, c.JSON(t, "PATCH", path, `[1]`), http.StatusBadRequest)
	webtest.Decode(t, c.Get(t, path), &st)
	if st.BuiltOn == nil || st.Name != "腰古镇社会工作服务站" {
		t.Fatalf("a rejected PATCH changed the station: %+v", st)
	}
	webtest.Expect(t, c.Get(t, "/api/v1/stations/999999"), http.StatusNotFound)
	webtest.Expect(t, c.Get(t, "/api/v1/stations/abc"), http.StatusNotFound)

	webtest.Decode(t, c.Get(t, "/api/v1/stations?limit=1&offset=1&q=社"), &list)
	if list.Total != 2 || len(list.Items) != 1 {
		t.Fatalf("paged list = %+v", list)
	}
}

func TestAPIPoints(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.API(t, webtest.CityAdmin)

	// No station in 腰古镇 yet: the point has nowhere to belong.
	res := c.JSON(t, "POST", "/api/v1/points", `{"region":"445302102201","name":"腰古村社工点","status":"planned"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"region"`)
	res = c.JSON(t, "POST", "/api/v1/points", `{"region":"445302102201","station_id":`+webtest.ID(f.YcStation.ID)+`,"name":"腰古村社工点","status":"planned"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"station_id"`)

	// The point of a village whose town has a station finds it by itself.
	res = c.JSON(t, "POST", "/api/v1/points", `{"region":"445381004001","name":"重复","status":"planned"}`)
	webtest.Expect(t, res, http.StatusConflict, "已有社工点")
	var p stationOut
	webtest.Decode(t, c.Get(t, "/api/v1/points/"+webtest.ID(f.YcPoint.ID)), &p)
	if p.StationID != f.YcStation.ID || p.RegionName != "双上村民委员会" {
		t.Fatalf("point = %+v", p)
	}
	res = c.JSON(t, "PATCH", "/api/v1/points/"+webtest.ID(f.YcPoint.ID), `{"status":"planned","built_on":null,"station_id":`+webtest.ID(f.LdStation.ID)+`}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"station_id"`)
	res = c.JSON(t, "PATCH", "/api/v1/points/"+webtest.ID(f.YcPoint.ID), `{"status":"planned","built_on":null,"office":false}`)
	webtest.Expect(t, res, http.StatusOK, `"status":"planned"`, `"built_on":null`, `"office":false`, `"name":"双上村社工点"`)

	var list struct {
		Items []stationOut `json:"items"`
		Total int          `json:"total"`
	}
	webtest.Decode(t, c.Get(t, "/api/v1/points?station_id="+webtest.ID(f.LdStation.ID)), &list)
	if list.Total != 1 || list.Items[0].Name != "双东社区社工点" {
		t.Fatalf("points of 罗定 station = %+v", list)
	}
	webtest.Expect(t, c.Get(t, "/api/v1/points?station_id=x"), http.StatusBadRequest)
}

func TestAPIPeopleAndRegions(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.API(t, webtest.YcAdmin)

	res := c.Get(t, "/api/v1/people")
	webtest.Expect(t, res, http.StatusOK, `"total":1`, `"name":"陈云城"`, `"phone":"138****8000"`)
	webtest.ExpectNot(t, res, "13800138000")
	webtest.Expect(t, c.Get(t, "/api/v1/people/"+webtest.ID(f.YcPerson.ID)), http.StatusOK, `"assignments":[{`, `"station_id":`+webtest.ID(f.YcStation.ID), `"from":"2021-08-01"`, `"to":null`)

	res = c.JSON(t, "POST", "/api/v1/people", `{"region":"445381004","name":"","gender":"?","role":"boss"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"name"`, `"gender"`, `"role"`)
	res = c.JSON(t, "POST", "/api/v1/people", `{"region":"445302102","name":"王芳","gender":"女","role":"worker","phone":"13600000000"}`)
	webtest.Expect(t, res, http.StatusCreated, `"name":"王芳"`, `"role_label":"社工"`, `"region_name":"云城区 / 腰古镇"`)
	webtest.Expect(t, c.Get(t, "/api/v1/people?region=445302102"), http.StatusOK, `"total":1`, "王芳")
	webtest.Expect(t, c.Get(t, "/api/v1/people?role=nope"), http.StatusBadRequest)

	webtest.Expect(t, c.Get(t, "/api/v1/regions/445302"), http.StatusOK, `"name":"云城区"`, `"kind":"county"`, `"level":3`)
	// Ancestors are visible for breadcrumbs; their children only inside scope.
	webtest.Expect(t, c.Get(t, "/api/v1/regions/4453"), http.StatusOK, `"name":"云浮市"`)
	res = c.Get(t, "/api/v1/regions/445302/children")
	webtest.Expect(t, res, http.StatusOK, `"total":2`, "河口街道", "腰古镇")
	webtest.Expect(t, c.Get(t, "/api/v1/regions/999999/children"), http.StatusNotFound)
}
