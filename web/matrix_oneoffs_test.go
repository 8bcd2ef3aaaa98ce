package web_test

// The matrix's one-off checks: requests its tables cannot say (a region
// above the account, a dry run, a search term, ids of two places at once).

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// ancestorsChildren checks what an account reads of the regions above its
// home: it may read them (its page's breadcrumbs name them), but of their
// children only those inside its home (the store lists none above it). The other counties of the
// city are outside it, and their names — the region records' only content,
// so no fixture secret — must not be listed.
func (f *matrixFixture) ancestorsChildren(t *testing.T) {
	for _, r := range matrixRoles {
		for _, n := range []int{2, 4, 6, 9} {
			if n >= len(r.region) {
				break
			}
			c := call{method: http.MethodGet, path: "/api/v1/regions/" + r.region[:n] + "/children", api: true}
			res := f.do(t, r.user, c)
			if res.Code != http.StatusOK {
				t.Errorf("%s GET %s: status %d, want 200 (a region above its home); body %.300s", r.user, c.path, res.Code, res.Body)
				continue
			}
			var list struct {
				Items []struct{ Code, Name string }
			}
			if err := json.Unmarshal(res.Body.Bytes(), &list); err != nil {
				t.Fatalf("%s GET %s: %v", r.user, c.path, err)
			}
			for _, k := range list.Items {
				if !strings.HasPrefix(r.region, k.Code) && !strings.HasPrefix(k.Code, r.region) {
					t.Errorf("%s GET %s lists %s %s, outside %s", r.user, c.path, k.Code, k.Name, r.region)
				}
			}
		}
	}
}

// elsewhereDryRun checks an import's dry run of an ID number filed outside
// the account: it answers as for a number filed nowhere, so that a dry run
// is no way to ask who is on file elsewhere (the real import refuses it,
// which creates checks).
func (f *matrixFixture) elsewhereDryRun(t *testing.T) {
	answer := func(idNumber string) (int, string) {
		c := call{method: http.MethodPost, path: "/api/v1/beneficiaries/import?mode=all&dry_run=true", api: true,
			body: "姓名,身份证号,村名\n矩阵导入," + idNumber + "," + f.ids["place"][pHK]["villagename"] + "\n"}
		res := f.do(t, webtest.YcAdmin, c)
		return res.Code, res.Body.String()
	}
	code, body := answer(f.ids["place"][pSD]["idnumber"])
	newCode, newBody := answer(webtest.IDNum("44530219700101999"))
	if code != newCode || body != newBody {
		t.Errorf("%s's dry run of 双东's ID number: %d %.300s; want it as for a new number: %d %.300s", webtest.YcAdmin, code, body, newCode, newBody)
	}
}

// searchTerm finds each county's item in the search index.
const searchTerm = "检索条目"

// searched checks the search with a term that finds every county's item:
// each account finds only those of its scope and above it.
func (f *matrixFixture) searched(t *testing.T) {
	for _, r := range matrixRoles {
		for _, p := range []string{"GET /search", "GET /api/v1/search"} {
			path := strings.TrimPrefix(p, "GET ") + "?q=" + url.QueryEscape(searchTerm)
			f.read(t, r.user, r.region, p, matrixRoutes[p], call{method: http.MethodGet, path: path, api: strings.Contains(p, "/api/")})
		}
	}
}

// foreignCoverage ends, as 云城区's admin, a coverage of 双东 under a
// supervisor of 河口: the handler finds the supervisor in scope, and only
// the store's look-up of the coverage, by its id alone, is left to refuse
// it. The last day is before the first, so nothing is written even if it
// is not refused.
func (f *matrixFixture) foreignCoverage(t *testing.T) {
	c := call{method: http.MethodPost, body: "to=2021-01-01",
		path: "/supervisors/" + f.ids["supervisor"][pHK]["id"] + "/stations/" + f.ids["supervisor"][pSD]["cid"] + "/end"}
	if res := f.do(t, webtest.YcAdmin, c); !refused(res.Code) {
		t.Errorf("%s POST %s (河口's supervisor, 双东's coverage): status %d, want 404 or 403; body %.300s", webtest.YcAdmin, c.path, res.Code, res.Body)
	}
}

// movedStaff moves 双东's worker and supervisor to 河口, as a transfer
// does: their assignment and coverage at 双东's station stay where they
// were, outside 云城区, and 云城区's pages of them show neither.
func (f *matrixFixture) movedStaff(t *testing.T) {
	ctx := t.Context()
	sid, _ := strconv.ParseInt(f.ids["station"][pSD]["id"], 10, 64)
	st, err := f.DB.Station(ctx, webtest.AdminScope, sid)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, k := range []string{"person", "supervisor"} {
		pid := f.ids["place"][pSD][k]
		id, _ := strconv.ParseInt(pid, 10, 64)
		p, err := f.DB.Person(ctx, webtest.AdminScope, id)
		if err != nil {
			t.Fatal(err)
		}
		if k == "person" {
			// Her account stays with 罗定市, which gave it: 云城区's page of
			// her does not list it.
			if err := f.DB.CreateUser(ctx, shuangbai.SystemUser, &shuangbai.User{Username: "sd.moved", Name: "双东调动社工账号",
				Role: shuangbai.RoleWorker, Region: placeRegion[pSD], PersonID: id}, webtest.Hash()); err != nil {
				t.Fatal(err)
			}
		}
		p.Region = placeRegion[pHK]
		if err := f.DB.UpdatePerson(ctx, shuangbai.SystemUser, &p); err != nil {
			t.Fatal(err)
		}
		// (The worker's record names 双东's station rightly: her contract
		// was signed for it.)
		paths = append(paths, "/staff/"+pid)
		if k == "supervisor" {
			paths = append(paths, "/records/"+pid)
		}
	}
	for _, path := range append(paths, "/supervisors") {
		res := f.do(t, webtest.YcAdmin, call{method: http.MethodGet, path: path})
		// Nor link to it: a row of an outside assignment names its station
		// by its link, its name being looked up in scope.
		link := `"/stations/` + f.ids["station"][pSD]["id"] + `"`
		if body := res.Body.String(); res.Code != http.StatusOK || strings.Contains(body, st.Name) || strings.Contains(body, link) {
			t.Errorf("%s GET %s: status %d, want 200 without %s (%s), where the moved staff worked; body %.300s", webtest.YcAdmin, path, res.Code, st.Name, link, gist(res.Body.Bytes()))
		}
		if body := res.Body.String(); strings.Contains(body, "sd.moved") || strings.Contains(body, "双东调动社工账号") {
			t.Errorf("%s GET %s lists the moved worker's account of 罗定市 (sd.moved); body %.300s", webtest.YcAdmin, path, gist(res.Body.Bytes()))
		}
	}
}

// assignAbove places, as 云城区's admin, a member of the city's staff
// (above the county) at 河口's station: the station is inside, the person
// lives in a region that holds it, and only the look-up of the person in
// scope refuses it — the handler reads nothing first.
func (f *matrixFixture) assignAbove(t *testing.T) {
	ctx := t.Context()
	p := &shuangbai.Person{Region: "4453", Name: "市级社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := f.DB.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	c := call{method: http.MethodPost, path: "/staff/" + strconv.FormatInt(p.ID, 10) + "/assignments",
		body: "site=station:" + f.ids["station"][pHK]["id"] + "&from=2021-08-05"}
	if res := f.do(t, webtest.YcAdmin, c); !refused(res.Code) {
		t.Errorf("%s POST %s (the city's person, 河口's station): status %d, want 404 or 403; body %.300s", webtest.YcAdmin, c.path, res.Code, gist(res.Body.Bytes()))
	}
	if as, err := f.DB.Assignments(ctx, webtest.AdminScope, p.ID); err != nil || len(as) != 0 {
		t.Errorf("the city's person is assigned: %+v, %v", as, err)
	}
}

// rosterNamesake has 云城区's admin name, in an import's dry run, a
// responsible worker whose name only one person of 云城区 has, and a
// person of 罗定市 too: the row is the worker's all the same, as for a name
// no one outside has, so that a register is no way to ask who works
// elsewhere. The row's village is 河口's, the two namesakes' towns
// neither's, so that where they work does not tell them apart.
func (f *matrixFixture) rosterNamesake(t *testing.T) {
	ctx := t.Context()
	for _, p := range []*shuangbai.Person{
		{Region: placeRegion[pYG], Name: "矩阵同名甲", Gender: "女", Role: shuangbai.StaffWorker},
		{Region: placeRegion[pYG], Name: "矩阵同名乙", Gender: "女", Role: shuangbai.StaffWorker},
		{Region: placeRegion[pSD], Name: "矩阵同名甲", Gender: "男", Role: shuangbai.StaffWorker},
	} {
		if err := f.DB.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
	}
	idNumber := webtest.IDNum("44530219700101998")
	answer := func(worker string) (int, string) {
		c := call{method: http.MethodPost, path: "/api/v1/beneficiaries/import?mode=all&dry_run=true", api: true,
			body: "姓名,身份证号,村名,责任社工\n矩阵导入," + idNumber + "," + f.ids["place"][pHK]["villagename"] + "," + worker + "\n"}
		res := f.do(t, webtest.YcAdmin, c)
		return res.Code, res.Body.String()
	}
	code, body := answer("矩阵同名甲")
	wantCode, want := answer("矩阵同名乙")
	if wantCode != http.StatusOK || !strings.Contains(want, `"valid":1,`) {
		t.Fatalf("%s's dry run naming 腰古's worker: %d %.300s; want the row valid", webtest.YcAdmin, wantCode, want)
	}
	if body = strings.ReplaceAll(body, "矩阵同名甲", "矩阵同名乙"); code != wantCode || body != want {
		t.Errorf("%s's dry run naming a worker who has a namesake in 罗定市: %d %.300s; want it as for a name no one outside has: %d %.300s",
			webtest.YcAdmin, code, body, wantCode, want)
	}
}

// outsideSessions gives an account of 广州市 a token: the city's security
// administrator, who lists and revokes the sessions of 云浮市's accounts,
// does not see it.
func (f *matrixFixture) outsideSessions(t *testing.T) {
	ctx := t.Context()
	u := &shuangbai.User{Username: "gz.outside", Name: "广州市账号", Role: shuangbai.RoleCityAdmin, Region: placeRegion[pOther]}
	if err := f.DB.CreateUser(ctx, shuangbai.SystemUser, u, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.DB.CreateSession(ctx, u.ID, auth.NewToken(), store.SessionAPI, "广州令牌", time.Hour); err != nil {
		t.Fatal(err)
	}
	res := f.do(t, webtest.CitySec, call{method: http.MethodGet, path: "/security"})
	if body := res.Body.String(); res.Code != http.StatusOK || strings.Contains(body, "gz.outside") || strings.Contains(body, "广州令牌") {
		t.Errorf("%s GET /security: status %d, want 200 without 广州市's account and token; body %.300s", webtest.CitySec, res.Code, gist(res.Body.Bytes()))
	}
}
