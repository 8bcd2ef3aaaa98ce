package recruit_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// supervisors adds a supervisor in each county covering its station.
func (w *world) supervisors(t *testing.T) (yc, ld *shuangbai.Person) {
	t.Helper()
	ctx, sys := t.Context(), shuangbai.SystemUser
	for _, x := range []struct {
		p       **shuangbai.Person
		region  string
		name    string
		station int64
	}{{&yc, "445302", "云城督导", w.YcStation.ID}, {&ld, "445381", "罗定督导", w.LdStation.ID}} {
		p := &shuangbai.Person{Region: x.region, Name: x.name, Gender: "女", Phone: "13700000000", Role: shuangbai.StaffSupervisor}
		if err := w.DB.CreatePerson(ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		if err := w.DB.CoverStation(ctx, sys, &shuangbai.Coverage{PersonID: p.ID, StationID: x.station, From: shuangbai.NewDate(2021, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		*x.p = p
	}
	return yc, ld
}

// TestRecruitScopeLists: every list shows a county's admin its own and
// never the other county's, in the pages and the API.
func TestRecruitScopeLists(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	w.supervisors(t)
	cid := webtest.ID(w.c.ID)
	for _, side := range []struct {
		admin      string
		own, other []string
		otherCode  string
	}{
		{webtest.YcAdmin, []string{"林小燕", "云城督导"}, []string{"罗芳", "罗定督导", "罗定人"}, "445381"},
		{webtest.LdAdmin, []string{"罗芳", "罗定督导"}, []string{"林小燕", "陈明", "云城督导", "陈云城"}, "445302"},
	} {
		t.Run(side.admin, func(t *testing.T) {
			c, api := w.As(t, side.admin), w.API(t, side.admin)
			for _, path := range []string{"/campaigns/" + cid + "/applicants", "/campaigns/" + cid + "/ranking",
				"/api/v1/campaigns/" + cid + "/applications", "/api/v1/campaigns/" + cid + "/ranking"} {
				cl := c
				if path[:4] == "/api" {
					cl = api
				}
				res := cl.Get(t, path)
				webtest.Expect(t, res, http.StatusOK, side.own[0])
				webtest.ExpectNot(t, res, side.other...)
			}
			for _, path := range []string{"/supervisors", "/records", "/api/v1/supervisors", "/api/v1/staff"} {
				cl := c
				if path[:4] == "/api" {
					cl = api
				}
				res := cl.Get(t, path)
				webtest.Expect(t, res, http.StatusOK, side.own[1])
				webtest.ExpectNot(t, res, side.other...)
			}
			// The notice list holds the county's own people.
			sign := c.Get(t, "/campaigns/"+cid+"/sign")
			webtest.Expect(t, sign, http.StatusOK, "拟聘用 1 人")
			webtest.ExpectNot(t, sign, side.other...)
			// Stats count only the county's applicants.
			webtest.ExpectNot(t, c.Get(t, "/campaigns/"+cid+"/stats"), "合计</th><td>3</td>")
			// A region outside is not found, as if it did not exist.
			for _, path := range []string{"/campaigns?region=" + side.otherCode, "/api/v1/campaigns?region=" + side.otherCode,
				"/api/v1/staff?region=" + side.otherCode, "/api/v1/supervisors?region=" + side.otherCode, "/records?region=" + side.otherCode,
				"/campaigns/" + cid + "/applicants?region=" + side.otherCode} {
				cl := c
				if path[:4] == "/api" {
					cl = api
				}
				webtest.Expect(t, cl.Get(t, path), http.StatusNotFound)
			}
		})
	}
}

// TestRecruitScopeWrites: every change to the other county's records is
// refused as if they did not exist, and changes nothing.
func TestRecruitScopeWrites(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	_, ldSup := w.supervisors(t)
	c, api := w.As(t, webtest.YcAdmin), w.API(t, webtest.YcAdmin)
	other := w.base() + "/applicants/" + webtest.ID(w.ld[0].ID)
	apiOther := "/api/v1/campaigns/" + webtest.ID(w.c.ID) + "/applications/" + webtest.ID(w.ld[0].ID)
	for _, tt := range []struct {
		name   string
		do     func() int
		status int
	}{
		{"show", func() int { return c.Get(t, other).Code }, http.StatusNotFound},
		{"review", func() int {
			return c.PostForm(t, other+"/review", url.Values{"review": {"rejected"}, "reject_reason": {"x"}}).Code
		}, http.StatusNotFound},
		{"scores", func() int { return c.PostForm(t, other+"/scores", url.Values{"written": {"1"}}).Code }, http.StatusNotFound},
		{"medical", func() int { return c.PostForm(t, other+"/medical", url.Values{"medical": {"fail"}}).Code }, http.StatusNotFound},
		{"reveal", func() int { return c.PostForm(t, other+"/reveal", url.Values{"reason": {"x"}}).Code }, http.StatusNotFound},
		{"API show", func() int { return api.Get(t, apiOther).Code }, http.StatusNotFound},
		{"API patch", func() int { return api.JSON(t, "PATCH", apiOther, map[string]any{"medical": "fail"}).Code }, http.StatusNotFound},
		{"sign", func() int {
			return c.PostForm(t, w.base()+"/sign", url.Values{"applicant": {webtest.ID(w.ld[0].ID)}, "from": {"2021-09-10"}}).Code
		}, http.StatusUnprocessableEntity},
		{"API sign", func() int {
			return api.JSON(t, "POST", "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/signings",
				map[string]any{"signings": []map[string]any{{"application_id": w.ld[0].ID, "from": "2021-09-10"}}}).Code
		}, http.StatusUnprocessableEntity},
		{"post in the other county", func() int {
			return c.PostForm(t, w.base()+"/posts", url.Values{"code": {"X"}, "title": {"x"}, "region": {"445381004"}, "places": {"1"}}).Code
		}, http.StatusForbidden},
		{"apply to the other's post", func() int {
			return api.JSON(t, "POST", "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/applications", map[string]any{"post_id": w.ldPost.ID, "name": "何一",
				"id_number": idNumber(30), "phone": "13900000030", "education": "bachelor"}).Code
		}, http.StatusUnprocessableEntity},
		{"qualification of the other's staff", func() int {
			return c.PostForm(t, "/records/"+webtest.ID(w.LdPerson.ID)+"/qualifications", url.Values{"level": {"assistant"}}).Code
		}, http.StatusNotFound},
		{"record of the other's staff", func() int { return c.Get(t, "/records/"+webtest.ID(w.LdPerson.ID)).Code }, http.StatusNotFound},
		{"API record", func() int { return api.Get(t, "/api/v1/staff/"+webtest.ID(w.LdPerson.ID)).Code }, http.StatusNotFound},
		{"cover the other's station", func() int {
			return c.PostForm(t, "/supervisors/"+webtest.ID(ldSup.ID)+"/stations", url.Values{"station_id": {webtest.ID(w.YcStation.ID)}, "from": {"2021-09-01"}}).Code
		}, http.StatusNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.do(); got != tt.status {
				t.Errorf("status %d, want %d", got, tt.status)
			}
		})
	}
	got, _ := w.DB.Applicant(t.Context(), webtest.AdminScope, w.c.ID, w.ld[0].ID)
	if got.Review != shuangbai.ReviewEligible || got.Medical != shuangbai.MedicalPass || got.PersonID != 0 {
		t.Errorf("the other county's applicant changed: %+v", got)
	}
}

// TestStaffRegionParam: /api/v1/staff and /api/v1/supervisors take
// region=CODE like every list: it narrows within the user's scope, a
// region outside is not found and a malformed one is a bad request.
func TestStaffRegionParam(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.supervisors(t)
	city := w.API(t, webtest.CityAdmin)
	for _, path := range []string{"/api/v1/staff", "/api/v1/supervisors"} {
		for _, tt := range []struct {
			query     string
			status    int
			want, not []string
		}{
			{"", http.StatusOK, []string{"云城督导", "罗定督导"}, nil},
			{"?region=445302", http.StatusOK, []string{"云城督导"}, []string{"罗定督导", "罗定人"}},
			{"?region=445381", http.StatusOK, []string{"罗定督导"}, []string{"云城督导", "陈云城"}},
			{"?region=4452", http.StatusNotFound, nil, nil},
			{"?region=12345", http.StatusBadRequest, nil, nil},
		} {
			t.Run(path+tt.query, func(t *testing.T) {
				res := city.Get(t, path+tt.query)
				webtest.Expect(t, res, tt.status, tt.want...)
				webtest.ExpectNot(t, res, tt.not...)
			})
		}
	}
	// A county admin: its own county narrows, the city above is not found.
	yc := w.API(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, "/api/v1/staff?region=445302003"), http.StatusOK, "陈云城")
	webtest.Expect(t, yc.Get(t, "/api/v1/staff?region=4453"), http.StatusNotFound)
	webtest.Expect(t, yc.Get(t, "/api/v1/supervisors?region=4453"), http.StatusNotFound)
}
