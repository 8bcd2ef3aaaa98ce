package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// creates checks the writes that name a place in the body (creates, and
// updates that move a record): refused for every place outside the
// account, changing nothing; then made for 河口 by an account that may,
// so the body is known to be good, changing nothing outside that account.
func (f *matrixFixture) creates(t *testing.T, patterns []string, stop func() bool) {
	ctx := t.Context()
	before, err := f.sums.sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range patterns {
		e := matrixRoutes[p]
		for _, body := range append([]string{e.create}, e.more...) {
			if body == "" || stop() {
				continue
			}
			for _, r := range matrixRoles {
				own := ownPlace(r.region)
				for _, place := range []string{pHK, pYG, pSD} {
					if whereIs(r.region, place) != outside {
						continue
					}
					c := f.placed(t, p, e, body, own, place)
					res := f.do(t, r.user, c)
					n++
					if !refusal(e, res) {
						t.Errorf("%s %s %s naming %s outside: status %d, want a refusal; body %s; answer %.300s", r.user, c.method, c.path, place, res.Code, c.body, res.Body)
					}
					if l := f.leaks(r.region, res.Body.Bytes()); len(l) > 0 {
						t.Errorf("%s %s %s naming %s: the answer holds %v", r.user, c.method, c.path, place, l)
					}
					after, err := f.sums.sums(ctx)
					if err != nil {
						t.Fatal(err)
					}
					var logged []string
					if e.logs {
						logged = logTables
					}
					if ch := before.changed(after, logged...); len(ch) > 0 {
						t.Errorf("%s %s %s naming %s was refused with %d but changed %v; body %s", r.user, c.method, c.path, place, res.Code, ch, c.body)
					}
					before = after
				}
			}
			// Made by an account below the city, it changes nothing of the
			// places outside that account either.
			c := f.placed(t, p, e, body, pHK, pHK)
			creator := cmpOr(e.creator, webtest.YcAdmin)
			home := homeOf(creator)
			out, err := f.sums.outside(ctx, home)
			if err != nil {
				t.Fatal(err)
			}
			if res := f.do(t, creator, c); res.Code >= 300 && res.Code != http.StatusSeeOther || e.batch && refusal(e, res) {
				t.Errorf("%s %s %s naming 河口: status %d: the body is not good; body %s; answer %.300s", creator, c.method, c.path, res.Code, c.body, gist(res.Body.Bytes()))
			}
			after, err := f.sums.outside(ctx, home)
			if err != nil {
				t.Fatal(err)
			}
			if ch := out.changed(after); len(ch) > 0 {
				t.Errorf("%s %s %s naming 河口 changed rows outside %s: %v; body %s", creator, c.method, c.path, home, ch, c.body)
			}
			if before, err = f.sums.sums(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d refused writes naming a place outside, each checksummed", n)

	// Bodies that join records of two towns, both inside the account,
	// that a rule keeps apart (a worker placed at another town's
	// station), or of two counties (cousin, for the city): refused all
	// the same.
	for _, p := range patterns {
		e := matrixRoutes[p]
		for _, j := range []struct {
			bodies []string
			place  string
		}{{e.sibling, pYG}, {e.cousin, pSD}} {
			for _, body := range j.bodies {
				for _, r := range matrixRoles {
					if stop() || ownPlace(r.region) != pHK || whereIs(r.region, j.place) != inside {
						continue
					}
					c := f.placed(t, p, e, body, pHK, j.place)
					before = f.refusedJoin(t, e, r.user, c, "joining 河口 and "+j.place, before)
				}
			}
		}
	}

	// Bodies naming the region above the account's home ({up}: the
	// province for the city's accounts, the city for a county's), with
	// the account's own records: that region is not the account's to
	// write, so they are refused all the same.
	for _, p := range patterns {
		e := matrixRoutes[p]
		for _, body := range e.up {
			for _, r := range matrixRoles {
				if stop() {
					continue
				}
				own := ownPlace(r.region)
				c := f.placed(t, p, e, strings.ReplaceAll(body, "{up}", shuangbai.ParentCode(r.region)), own, own)
				before = f.refusedJoin(t, e, r.user, c, "naming the region above "+r.region, before)
			}
		}
	}
	if !stop() {
		f.retried(t)
	}
}

// refusedJoin sends c as user, which must be refused and change no table
// from before; it returns the tables' sums after.
func (f *matrixFixture) refusedJoin(t *testing.T, e matrixRoute, user string, c call, what string, before tableSums) tableSums {
	t.Helper()
	res := f.do(t, user, c)
	if !refusal(e, res) {
		t.Errorf("%s %s %s %s: status %d, want a refusal; body %s; answer %.300s", user, c.method, c.path, what, res.Code, c.body, gist(res.Body.Bytes()))
	}
	after, err := f.sums.sums(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if ch := before.changed(after); len(ch) > 0 {
		t.Errorf("%s %s %s %s was refused with %d but changed %v; body %s", user, c.method, c.path, what, res.Code, ch, c.body)
	}
	return after
}

// retried checks a phone's retry of a visit whose file has moved out of
// the worker's scope since.
func (f *matrixFixture) retried(t *testing.T) {
	ctx := t.Context()
	// A visit 河口's worker's phone sent before the file moved to 双东 is
	// not its answer to her retry after. The file moves back, as it was.
	key := fmt.Sprintf("5e0c7a52-1b7e-4c1a-9d55-%012d", 999999)
	const findings = "搬走前的探访"
	send := func() *httptest.ResponseRecorder {
		return f.do(t, webtest.YcWorker, call{method: http.MethodPost, path: "/offline/api/visits/batch",
			body: fmt.Sprintf(`{"items":[{"key":"%s","visit":{"beneficiary_id":%s,"on":"2021-08-09","kind":"home","findings":"%s"}}]}`, key, f.ids["place"][pHK]["file"], findings)})
	}
	if res := send(); res.Code != http.StatusOK || itemRefused.Match(res.Body.Bytes()) {
		t.Fatalf("%s's visit of 河口's file: status %d; body %.300s", webtest.YcWorker, res.Code, res.Body)
	}
	hk, _ := strconv.ParseInt(f.ids["place"][pHK]["file"], 10, 64)
	b, err := f.DB.Beneficiary(ctx, webtest.AdminScope, hk)
	if err != nil {
		t.Fatal(err)
	}
	move := func(region string) {
		t.Helper()
		b.Region = region
		if err := f.DB.UpdateBeneficiary(ctx, shuangbai.SystemUser, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	home := b.Region
	move(f.ids["place"][pSD]["village"])
	defer move(home)
	if res := send(); !itemRefused.Match(res.Body.Bytes()) || strings.Contains(res.Body.String(), findings) {
		t.Errorf("%s's retry of a visit of a file moved into 罗定市: status %d, want its item refused; body %.300s", webtest.YcWorker, res.Code, res.Body)
	}
}

// movedKinds are the records that move with a file.
var movedKinds = map[string]bool{"file": true, "attachment": true, "application": true}

// moved moves 腰古's file to 双东 and reads what the routes name of it:
// 罗定市's admin reads it all, 云城区's none of it.
func (f *matrixFixture) moved(t *testing.T, patterns []string) {
	ctx := t.Context()
	id, _ := strconv.ParseInt(f.ids["file"][pYG]["id"], 10, 64)
	b, err := f.DB.Beneficiary(ctx, webtest.AdminScope, id)
	if err != nil {
		t.Fatal(err)
	}
	hh := b.HouseholdID
	b.Region, b.HouseholdID = f.ids["place"][pSD]["village"], 0
	if err := f.DB.UpdateBeneficiary(ctx, shuangbai.SystemUser, b, &shuangbai.Household{HeadName: b.Name}); err != nil {
		t.Fatal(err)
	}
	// A member of 腰古's household moves to 双东 and stays in it, as a
	// roster import that matches her ID number there leaves her: 云城区's
	// page of the household shows her no more.
	m := &shuangbai.Beneficiary{Region: b.Region, HouseholdID: hh, Relation: "配偶", Name: "腰古伯母", IDNumber: webtest.IDNum("44530219500101208"),
		Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 3, 1), Level: 2}
	m.Region = f.ids["place"][pYG]["village"]
	if err := f.DB.FileBeneficiary(ctx, shuangbai.SystemUser, m, nil); err != nil {
		t.Fatal(err)
	}
	m.Region = f.ids["place"][pSD]["village"]
	if err := f.DB.UpdateBeneficiary(ctx, shuangbai.SystemUser, m, nil); err != nil {
		t.Fatal(err)
	}
	hhPath := "/api/v1/households/" + strconv.FormatInt(hh, 10)
	if res := f.do(t, webtest.YcAdmin, call{method: http.MethodGet, path: hhPath, api: true}); res.Code != http.StatusOK || strings.Contains(res.Body.String(), m.Name) {
		t.Errorf("%s GET %s: status %d, want 200 without %s, moved to 罗定市; body %.300s", webtest.YcAdmin, hhPath, res.Code, m.Name, res.Body)
	}
	for _, p := range patterns {
		e := matrixRoutes[p]
		if !strings.HasPrefix(p, "GET ") || !movedKinds[e.rec] {
			continue
		}
		for _, c := range f.calls(t, p, e) {
			if c.place != pYG {
				continue
			}
			if res := f.do(t, webtest.LdAdmin, c); res.Code != http.StatusOK {
				t.Errorf("%s GET %s of a file moved into 罗定市: status %d, want 200", webtest.LdAdmin, c.path, res.Code)
			}
			if res := f.do(t, webtest.YcAdmin, c); !refused(res.Code) {
				t.Errorf("%s GET %s of a file moved out of 云城区: status %d, want 404 or 403", webtest.YcAdmin, c.path, res.Code)
			}
		}
	}
	// Its worker stays at 腰古: 罗定市's list of it names nobody of 云城区.
	// Read twice, so that the name is both read and kept (the store's
	// cache of staff names).
	// (The live writes have renamed every place's staff alike: she gets a
	// name of her own back.)
	const worker = "腰古社工员"
	p, err := f.DB.Person(ctx, webtest.AdminScope, b.WorkerID)
	if err != nil {
		t.Fatal(err)
	}
	p.Name = worker
	if err := f.DB.UpdatePerson(ctx, shuangbai.SystemUser, &p); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		res := f.do(t, webtest.LdAdmin, call{method: http.MethodGet, path: "/beneficiaries?status=all"})
		if body := res.Body.String(); !strings.Contains(body, b.Name) || strings.Contains(body, worker) {
			t.Errorf("%s GET /beneficiaries?status=all: want %s, moved into 罗定市, without %s, her worker at 腰古; body %.300s", webtest.LdAdmin, b.Name, worker, gist(res.Body.Bytes()))
		}
	}
}

var fieldError = regexp.MustCompile(`<p class="(?:field-error|errcode)">([^<]*)</p>|<h1>([^<]*)</h1>`)

// gist is what an answer says of why: a page's messages, or the answer.
func gist(body []byte) string {
	if !bytes.HasPrefix(body, []byte("<!DOCTYPE")) {
		return string(body)
	}
	var out []string
	for _, m := range fieldError.FindAllSubmatch(body, -1) {
		out = append(out, string(m[1])+string(m[2]))
	}
	return strings.Join(out, "; ")
}

// itemRefused is an item of a batch's answer refused.
var itemRefused = regexp.MustCompile(`"status":4\d\d`)

// refusal reports whether a write naming a place was refused: a 4xx, or
// for a batch a 4xx of its item.
func refusal(e matrixRoute, res *httptest.ResponseRecorder) bool {
	if e.batch && res.Code == http.StatusOK {
		return itemRefused.Match(res.Body.Bytes())
	}
	return res.Code >= 400 && res.Code < 500
}

// fill puts a place's ids into a body template.
func (f *matrixFixture) fill(body, place string) string {
	return param.ReplaceAllStringFunc(body, func(s string) string { return f.ids["place"][place][s[1:len(s)-1]] })
}

// ownPlace is the first town of the matrix inside home: where an account's
// own records are, for the writes that send them elsewhere.
func ownPlace(home string) string {
	for _, p := range []string{pHK, pYG, pSD} {
		if whereIs(home, p) == inside {
			return p
		}
	}
	return pHK
}

// homeOf is the home region of one of the matrix's accounts.
func homeOf(user string) string {
	for _, r := range matrixRoles {
		if r.user == user {
			return r.region
		}
	}
	panic("no matrix account " + user)
}

// countyOf is the county place above a town place, whose records (a
// campaign, a briefing series) stand for the town's.
var countyOf = map[string]string{pHK: pYC, pYG: pYC, pSD: pLD}

// bodyParam are the names a create's body may use: {key} for place's
// ids, {own.key} for the account's own place's, {new.id} for an ID number
// no file holds.
var bodyParam = regexp.MustCompile(`\{((?:own|new)\.)?([a-z0-9_]+)\}`)

// placed is the write of pattern with body naming place, sent by an
// account whose own place is own: its path names own's record of e.rec.
func (f *matrixFixture) placed(t *testing.T, pattern string, e matrixRoute, body, own, place string) call {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	if e.rec != "" {
		kind, _, _ := strings.Cut(e.rec, ",")
		kind = cmpOr(e.ownRec, kind)
		params := f.ids[kind][own]
		if params == nil {
			params = f.ids[kind][countyOf[own]]
		}
		path = param.ReplaceAllStringFunc(path, func(s string) string {
			if v, ok := params[s[1:len(s)-1]]; ok {
				return v
			}
			t.Errorf("%s: no %s of %s for %s", pattern, kind, own, s)
			return "0"
		})
	}
	body = bodyParam.ReplaceAllStringFunc(body, func(s string) string {
		m := bodyParam.FindStringSubmatch(s)
		at := place
		switch m[1] {
		case "new.":
			f.fresh++
			if m[2] == "key" { // an offline visit's key, a UUID
				return fmt.Sprintf("5e0c7a52-1b7e-4c1a-9d55-%012d", f.fresh)
			}
			return webtest.IDNum(fmt.Sprintf("44530219800101%03d", f.fresh*2%1000+1)) // odd: a man's, born 1980-01-01
		case "own.":
			at = own
		}
		v, ok := f.ids["place"][at][m[2]]
		if !ok {
			t.Errorf("%s: the body names %s, which %s has not", pattern, s, at)
		}
		return v
	})
	return call{method: method, path: path + e.query, place: place, api: strings.HasPrefix(path, "/api/"), body: body}
}
