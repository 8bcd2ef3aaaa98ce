package network_test

import (
	"net/http"
	"net/url"
	"shuangbai/web/webtest"
	"strings"
	"testing"

	"shuangbai"
)

// TestScope checks that a 云城区 county admin never sees or changes what
// belongs to 罗定市: every show is a 404, every list leaves it out, and a
// filter naming 罗定市 is a 404 rather than an empty list.
func TestScope(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc, ycAPI := f.As(t, webtest.YcAdmin), f.API(t, webtest.YcAdmin)

	t.Run("show is 404", func(t *testing.T) {
		for _, path := range []string{
			"/stations/" + webtest.ID(f.LdStation.ID),
			"/stations/" + webtest.ID(f.LdStation.ID) + "/edit",
			"/points/" + webtest.ID(f.LdPoint.ID),
			"/points/" + webtest.ID(f.LdPoint.ID) + "/edit",
			"/staff/" + webtest.ID(f.LdPerson.ID),
			"/regions/445381",
			"/regions/445381004",
			"/stations?region=445381",
			"/points?region=445381004",
			"/staff?region=445381",
			"/points/new?station=" + webtest.ID(f.LdStation.ID),
		} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				res := yc.Get(t, path)
				webtest.Expect(t, res, http.StatusNotFound, "不存在")
				webtest.ExpectNot(t, res, "双东")
			})
		}
	})

	t.Run("api show is 404", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/stations/" + webtest.ID(f.LdStation.ID),
			"/api/v1/points/" + webtest.ID(f.LdPoint.ID),
			"/api/v1/people/" + webtest.ID(f.LdPerson.ID),
			"/api/v1/regions/445381",
			"/api/v1/regions/445381/children",
			"/api/v1/stations?region=445381",
			"/api/v1/points?region=445381",
			"/api/v1/people?region=445381",
		} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				res := ycAPI.Get(t, path)
				webtest.Expect(t, res, http.StatusNotFound, `"code":"not_found"`)
				webtest.ExpectNot(t, res, "双东")
			})
		}
	})

	t.Run("lists exclude other counties", func(t *testing.T) {
		for _, tt := range []struct {
			path      string
			want, bad string
		}{
			{"/stations", "河口街道社工站", "双东街道社工站"},
			{"/points", "双上村社工点", "双东社区社工点"},
			{"/staff", "陈云城", "罗定人"},
			{"/regions/445302", "河口街道", "双东街道"},
			{"/regions/4453", "云城区", "罗定市"},
			{"/", "云城区", "罗定市"},
			{"/api/v1/stations", "河口街道社工站", "双东街道社工站"},
			{"/api/v1/points", "双上村社工点", "双东社区社工点"},
			{"/api/v1/people", "陈云城", "罗定人"},
			{"/api/v1/regions/4453/children", "云城区", "罗定市"},
		} {
			t.Run(tt.path, func(t *testing.T) {
				t.Parallel()
				c := yc
				if strings.HasPrefix(tt.path, "/api") {
					c = ycAPI
				}
				res := c.Get(t, tt.path)
				webtest.Expect(t, res, http.StatusOK, tt.want)
				webtest.ExpectNot(t, res, tt.bad)
			})
		}
	})

	t.Run("writes to other counties are 404", func(t *testing.T) {
		t.Parallel()
		form := url.Values{"name": {"改名"}, "status": {"planned"}}
		webtest.Expect(t, yc.PostForm(t, "/stations/"+webtest.ID(f.LdStation.ID), form), http.StatusNotFound)
		webtest.Expect(t, yc.PostForm(t, "/points/"+webtest.ID(f.LdPoint.ID), form), http.StatusNotFound)
		webtest.Expect(t, yc.PostForm(t, "/staff/"+webtest.ID(f.LdPerson.ID)+"/assignments",
			url.Values{"site": {"station:" + webtest.ID(f.YcStation.ID)}, "from": {"2021-09-01"}}), http.StatusNotFound)
		webtest.Expect(t, ycAPI.JSON(t, "PATCH", "/api/v1/stations/"+webtest.ID(f.LdStation.ID), `{"name":"改名"}`), http.StatusNotFound)
		webtest.Expect(t, ycAPI.JSON(t, "PATCH", "/api/v1/points/"+webtest.ID(f.LdPoint.ID), `{"name":"改名"}`), http.StatusNotFound)
		// Creating inside another county is a field error, not a leak.
		res := ycAPI.JSON(t, "POST", "/api/v1/stations", `{"region":"445381400","name":"x","status":"planned"}`)
		webtest.Expect(t, res, http.StatusUnprocessableEntity, `"region"`)
		st, err := f.DB.Station(t.Context(), shuangbai.Scope{All: true}, f.LdStation.ID)
		if err != nil || st.Name != "双东街道社工站" {
			t.Errorf("罗定 station changed: %+v, %v", st, err)
		}
	})

	t.Run("city admin sees both", func(t *testing.T) {
		t.Parallel()
		city := f.As(t, webtest.CityAdmin)
		webtest.Expect(t, city.Get(t, "/stations"), http.StatusOK, "河口街道社工站", "双东街道社工站")
		webtest.Expect(t, city.Get(t, "/stations/"+webtest.ID(f.LdStation.ID)), http.StatusOK, "双东街道社工站")
	})
}
