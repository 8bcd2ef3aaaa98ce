package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
)

// TestScope checks that a 云城区 county admin never sees or changes what
// belongs to 罗定市: every show is a 404, every list leaves it out, and a
// filter naming 罗定市 is a 404 rather than an empty list.
func TestScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	yc, ycAPI := f.as(t, ycAdmin), f.api(t, ycAdmin)

	t.Run("show is 404", func(t *testing.T) {
		for _, path := range []string{
			"/stations/" + id(f.ldStation.ID),
			"/stations/" + id(f.ldStation.ID) + "/edit",
			"/points/" + id(f.ldPoint.ID),
			"/points/" + id(f.ldPoint.ID) + "/edit",
			"/staff/" + id(f.ldPerson.ID),
			"/regions/445381",
			"/regions/445381004",
			"/stations?region=445381",
			"/points?region=445381004",
			"/staff?region=445381",
			"/points/new?station=" + id(f.ldStation.ID),
		} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				res := yc.get(t, path)
				expect(t, res, http.StatusNotFound, "不存在")
				expectNot(t, res, "双东")
			})
		}
	})

	t.Run("api show is 404", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/stations/" + id(f.ldStation.ID),
			"/api/v1/points/" + id(f.ldPoint.ID),
			"/api/v1/people/" + id(f.ldPerson.ID),
			"/api/v1/regions/445381",
			"/api/v1/regions/445381/children",
			"/api/v1/stations?region=445381",
			"/api/v1/points?region=445381",
			"/api/v1/people?region=445381",
		} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				res := ycAPI.get(t, path)
				expect(t, res, http.StatusNotFound, `"code":"not_found"`)
				expectNot(t, res, "双东")
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
			{"/users", ycViewer, ldAdmin},
			{"/audit", "河口街道", "双东"},
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
				res := c.get(t, tt.path)
				expect(t, res, http.StatusOK, tt.want)
				expectNot(t, res, tt.bad)
			})
		}
	})

	t.Run("writes to other counties are 404", func(t *testing.T) {
		t.Parallel()
		form := url.Values{"name": {"改名"}, "status": {"planned"}}
		expect(t, yc.postForm(t, "/stations/"+id(f.ldStation.ID), form), http.StatusNotFound)
		expect(t, yc.postForm(t, "/points/"+id(f.ldPoint.ID), form), http.StatusNotFound)
		expect(t, yc.postForm(t, "/staff/"+id(f.ldPerson.ID)+"/assignments",
			url.Values{"site": {"station:" + id(f.ycStation.ID)}, "from": {"2021-09-01"}}), http.StatusNotFound)
		expect(t, ycAPI.json(t, "PATCH", "/api/v1/stations/"+id(f.ldStation.ID), `{"name":"改名"}`), http.StatusNotFound)
		expect(t, ycAPI.json(t, "PATCH", "/api/v1/points/"+id(f.ldPoint.ID), `{"name":"改名"}`), http.StatusNotFound)
		// Creating inside another county is a field error, not a leak.
		res := ycAPI.json(t, "POST", "/api/v1/stations", `{"region":"445381400","name":"x","status":"planned"}`)
		expect(t, res, http.StatusUnprocessableEntity, `"region"`)
		st, err := f.db.Station(t.Context(), shuangbai.Scope{All: true}, f.ldStation.ID)
		if err != nil || st.Name != "双东街道社工站" {
			t.Errorf("罗定 station changed: %+v, %v", st, err)
		}
	})

	t.Run("city admin sees both", func(t *testing.T) {
		t.Parallel()
		city := f.as(t, cityAdmin)
		expect(t, city.get(t, "/stations"), http.StatusOK, "河口街道社工站", "双东街道社工站")
		expect(t, city.get(t, "/stations/"+id(f.ldStation.ID)), http.StatusOK, "双东街道社工站")
	})
}
