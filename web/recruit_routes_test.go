package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// recruitRoute matches a route of web/routes.go served by recruitment,
// supervisors and staff records.
var recruitRoute = regexp.MustCompile(`mux\.Handle\("(\w+) ([^"]+)", (?:lagOK\()?s\.ui\.(Page|API)\(s\.recruit\.(\w+)`)

// TestRecruitRoutes: every recruitment route, read from routes.go so that a
// new one is covered as it is added, refuses the three administrators
// (applicants and staff records are personal data) and refuses a viewer
// every change, on ids that exist and that the viewer may read. Who
// supervises which station is read like the roster (/staff), which the
// administrators read too.
func TestRecruitRoutes(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	ctx, sys := t.Context(), shuangbai.SystemUser
	c := &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignWorker, Title: "招聘", MedicalRatio: 10,
		Posts: []shuangbai.Post{{Code: "YC-01", Region: "445302003", StationID: f.YcStation.ID, Title: "社工", Places: 1}}}
	if err := f.DB.CreateCampaign(ctx, sys, c); err != nil {
		t.Fatal(err)
	}
	first := "44530219950101001"
	a := &shuangbai.Applicant{PostID: c.Posts[0].ID, Name: "应聘甲", IDNumber: first + string(shuangbai.IDCheckDigit(first)), Phone: "13900000001",
		Education: shuangbai.EduBachelor, Review: shuangbai.ReviewEligible}
	if err := f.DB.CreateApplicants(ctx, sys, c.ID, []*shuangbai.Applicant{a}); err != nil {
		t.Fatal(err)
	}
	sup := &shuangbai.Person{Region: "445302", Name: "督导甲", Gender: "女", Role: shuangbai.StaffSupervisor}
	if err := f.DB.CreatePerson(ctx, sys, sup); err != nil {
		t.Fatal(err)
	}
	cover := &shuangbai.Coverage{PersonID: sup.ID, StationID: f.YcStation.ID, From: webtest.Day}
	if err := f.DB.CoverStation(ctx, sys, cover); err != nil {
		t.Fatal(err)
	}
	chief := &shuangbai.ChiefSupervisor{PersonID: sup.ID, Region: "445302", From: webtest.Day}
	if err := f.DB.AppointChief(ctx, sys, chief); err != nil {
		t.Fatal(err)
	}
	ids := func(path string) string {
		var r *strings.Replacer
		switch id := webtest.ID; {
		case strings.Contains(path, "/chiefs/"):
			r = strings.NewReplacer("{id}", id(chief.ID))
		case strings.HasPrefix(path, "/supervisors/"):
			r = strings.NewReplacer("{id}", id(sup.ID), "{cid}", id(cover.ID))
		case strings.Contains(path, "/records/"), strings.Contains(path, "/staff/"):
			r = strings.NewReplacer("{id}", id(sup.ID), "{cid}", "1")
		default:
			r = strings.NewReplacer("{id}", id(c.ID), "{aid}", id(a.ID), "{token}", "x")
		}
		return r.Replace(path)
	}

	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := recruitRoute.FindAllStringSubmatch(string(src), -1)
	if len(routes) < 50 {
		t.Fatalf("found %d recruitment routes in routes.go; the pattern no longer matches", len(routes))
	}
	readLikeRoster := map[string]bool{"SupervisorList": true, "APISupervisorList": true}
	for _, user := range []string{webtest.CitySys, webtest.CitySec, webtest.CityAudit, webtest.YcViewer} {
		page, api := f.As(t, user), f.API(t, user)
		t.Run(user, func(t *testing.T) {
			for _, m := range routes {
				method, path, kind, handler := m[1], ids(m[2]), m[3], m[4]
				if user == webtest.YcViewer && method == http.MethodGet || readLikeRoster[handler] {
					continue
				}
				cl := page
				if kind == "API" {
					cl = api
				}
				if res := cl.Do(httptest.NewRequest(method, path, nil)); res.Code != http.StatusForbidden {
					t.Errorf("%s %s (%s): status %d, want 403", method, path, handler, res.Code)
				}
			}
		})
	}
	// The viewer reads them all.
	page, api := f.As(t, webtest.YcViewer), f.API(t, webtest.YcViewer)
	for _, m := range routes {
		method, path, kind, handler := m[1], ids(m[2]), m[3], m[4]
		if method != http.MethodGet || strings.HasSuffix(path, "/new") || strings.HasSuffix(path, "/edit") ||
			strings.Contains(path, "/scores/") || strings.Contains(path, "/sign") {
			continue // the forms that change things are the admins'
		}
		cl := page
		if kind == "API" {
			cl = api
		}
		if res := cl.Do(httptest.NewRequest(method, path, nil)); res.Code != http.StatusOK {
			t.Errorf("viewer: %s %s (%s): status %d, want 200", method, path, handler, res.Code)
		}
	}
}
