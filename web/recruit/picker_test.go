package recruit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// manyStations adds 200 towns with a station each to 云安区, 新兴县 and
// 罗定市: 602 stations in the city, more than one page of the store
// holds. It returns the stations of 罗定市's last town and 云安区's first.
func manyStations(t *testing.T, w *world) (last, other *shuangbai.Station) {
	t.Helper()
	ctx := t.Context()
	built := shuangbai.NewDate(2021, 1, 1)
	err := w.DB.BulkLoad(ctx, func(b *store.Bulk) error {
		for _, county := range []struct{ code, name string }{{"445303", "云安区"}, {"445321", "新兴县"}, {"445381", ""}} {
			if county.name != "" {
				if err := b.Region(ctx, shuangbai.Region{Code: county.code, Name: county.name, Parent: "4453"}); err != nil {
					return err
				}
			}
			for i := 200; i < 400; i++ {
				code := fmt.Sprintf("%s%03d", county.code, i)
				if err := b.Region(ctx, shuangbai.Region{Code: code, Name: code[6:] + "乡", Parent: county.code}); err != nil {
					return err
				}
				s := &shuangbai.Station{Region: code, Site: shuangbai.Site{Name: code + "社工站", Status: shuangbai.SiteBuilt, BuiltOn: built}}
				if err := b.Station(ctx, s); err != nil {
					return err
				}
				switch code {
				case "445381399":
					last = s
				case "445303200":
					other = s
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return last, other
}

// TestStationPickerAtScale: with 602 stations in the city, the city admin
// still reaches the last of them for a post (county first), a signing and
// a supervisor; a station outside the post's town is refused whatever the
// form sends.
func TestStationPickerAtScale(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	last, other := manyStations(t, w)
	if _, total, err := w.DB.Stations(context.Background(), shuangbai.Scope{Code: "4453"}, shuangbai.SiteFilter{Limit: 1}); err != nil || total <= 500 {
		t.Fatalf("stations = %d, %v; the test needs more than 500", total, err)
	}
	c := w.As(t, webtest.CityAdmin)
	lastOpt := fmt.Sprintf(`<option value="%d">445381399社工站</option>`, last.ID)

	// The campaign page asks for the county first, then lists its stations and towns.
	page := c.Get(t, w.base())
	webtest.Expect(t, page, http.StatusOK, "列出社工站", "请先选择县（市、区）", `<option value="445381">罗定市</option>`)
	webtest.ExpectNot(t, page, "445381399社工站")
	page = c.Get(t, w.base()+"?county=445381")
	webtest.Expect(t, page, http.StatusOK, lastOpt, `<option value="445381399"`, "只列出所选县（市、区）的")
	webtest.ExpectNot(t, page, "445303200社工站", `<option value="445303200"`)
	webtest.Expect(t, c.Get(t, w.base()+"?county=445202"), http.StatusNotFound)
	webtest.Expect(t, c.Get(t, w.base()+"?county=4453"), http.StatusBadRequest)

	post := url.Values{"code": {"LD-99"}, "title": {"399乡社工站社工"}, "region": {"445381399"}, "places": {"1"}}
	post.Set("station_id", webtest.ID(other.ID))
	webtest.Expect(t, c.PostForm(t, w.base()+"/posts", post), http.StatusUnprocessableEntity, "所选社工站不在岗位所在的乡镇（街道）",
		lastOpt) // the form again, with the posted town's county listed
	post.Set("station_id", "999999")
	webtest.Expect(t, c.PostForm(t, w.base()+"/posts", post), http.StatusUnprocessableEntity, "所选社工站不在岗位所在的乡镇（街道）")
	post.Set("station_id", webtest.ID(last.ID))
	webtest.Expect(t, c.PostForm(t, w.base()+"/posts", post), http.StatusSeeOther)
	// The posts table names a station past the 500th.
	webtest.Expect(t, c.Get(t, w.base()), http.StatusOK, "<td>445381399社工站</td>")
	// So does the API's post.
	webtest.Expect(t, w.API(t, webtest.CityAdmin).JSON(t, "POST", "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/posts",
		map[string]any{"code": "LD-98", "title": "x", "region": "445381398", "station_id": last.ID - 1, "places": 1}), http.StatusCreated)

	// Signing a county post of 罗定市 offers its last station.
	ctx, sys := t.Context(), shuangbai.SystemUser
	county := &shuangbai.Post{CampaignID: w.c.ID, Code: "LD-00", Region: "445381", Title: "罗定市社工", Places: 1}
	if err := w.DB.SavePost(ctx, sys, county); err != nil {
		t.Fatal(err)
	}
	a := &shuangbai.Applicant{PostID: county.ID, Name: "罗县岗", IDNumber: idNumber(40), Phone: "13900000040",
		Education: shuangbai.EduBachelor, Major: "社会工作", Review: shuangbai.ReviewEligible}
	if err := w.DB.CreateApplicants(ctx, sys, w.c.ID, []*shuangbai.Applicant{a}); err != nil {
		t.Fatal(err)
	}
	if err := w.DB.SetScores(ctx, sys, w.c.ID, a.ID, shuangbai.ScoreOf(8000), shuangbai.ScoreOf(8000)); err != nil {
		t.Fatal(err)
	}
	if err := w.DB.SetMedical(ctx, sys, w.c.ID, a.ID, shuangbai.MedicalPass); err != nil {
		t.Fatal(err)
	}
	sign := c.Get(t, w.base()+"/sign")
	webtest.Expect(t, sign, http.StatusOK, "罗县岗", lastOpt)
	webtest.ExpectNot(t, sign, "445303200社工站")

	// A supervisor of 罗定市 is offered its last station; one of the city
	// chooses the county first.
	ld := &shuangbai.Person{Region: "445381", Name: "罗定督导", Gender: "女", Role: shuangbai.StaffSupervisor}
	city := &shuangbai.Person{Region: "4453", Name: "市级督导", Gender: "男", Role: shuangbai.StaffSupervisor}
	for _, p := range []*shuangbai.Person{ld, city} {
		if err := w.DB.CreatePerson(ctx, sys, p); err != nil {
			t.Fatal(err)
		}
	}
	sups := c.Get(t, "/supervisors")
	webtest.Expect(t, sups, http.StatusOK, lastOpt, `id="county-`+webtest.ID(city.ID)+`"`)
	if n := strings.Count(sups.Body.String(), "445381399社工站"); n != 1 {
		t.Errorf("445381399社工站 offered %d times, want once (to 罗定督导)", n)
	}
	sups = c.Get(t, "/supervisors?county=445381")
	if n := strings.Count(sups.Body.String(), lastOpt); n != 2 {
		t.Errorf("with county=445381, the last station is offered %d times, want twice", n)
	}
	webtest.Expect(t, c.PostForm(t, "/supervisors/"+webtest.ID(city.ID)+"/stations", url.Values{"station_id": {webtest.ID(last.ID)}, "from": {"2021-09-01"}}),
		http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/supervisors"), http.StatusOK, "445381399社工站 <small")
}
