package casework_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/casework"
	"shuangbai/web/webtest"
)

// birthForms are the ways a birth date is commonly written.
func birthForms(d shuangbai.Date) []string {
	t := d.Time()
	return []string{d.String(), t.Format("20060102"), t.Format("2006年1月2日"), t.Format("2006/01/02"), t.Format("2006.01.02"),
		t.Format("2006-1-2"), t.Format("2006年01月02日")}
}

// leaks returns what of person's ID number and birth date text holds: the
// number (either case of X), its first fourteen characters (region and
// birth date, which with the tail every page shows are the whole number),
// the birth date digits, or the birth date in any common form.
func leaks(text string, b *shuangbai.Beneficiary) []string {
	var bad []string
	if n := b.IDNumber; n != "" {
		bad = append(bad, n, strings.ToLower(n), n[:14], n[6:14])
	}
	if !b.Birth.IsZero() {
		bad = append(bad, birthForms(b.Birth)...)
	}
	var out []string
	for _, s := range bad {
		if strings.Contains(text, s) {
			out = append(out, s)
		}
	}
	return out
}

// fitting counts the ID numbers that agree with what a reader sees of a
// person: the region of the village's county (the household registration
// is often there), the last four characters and the age. Each must also
// carry the right check character.
func fitting(region, masked string, age int, today shuangbai.Date) int {
	tail := strings.TrimPrefix(masked, "尾号")
	n := 0
	for d := today.Time().AddDate(-age-1, 0, 0); !d.After(today.Time()); d = d.AddDate(0, 0, 1) {
		b := &shuangbai.Beneficiary{Birth: shuangbai.DateOf(d)}
		if b.Age(today) != age {
			continue
		}
		first17 := region + d.Format("20060102") + tail[:3]
		if shuangbai.IDCheckDigit(first17) == tail[3] {
			n++
		}
	}
	return n
}

// TestIDCannotBeRebuilt takes everything each role can read about the
// people on file — their file, list and search pages, the edit, visit and
// application forms, the worklist, the API (list, file, household,
// visits), the audit log and the access log, the home page — after their
// files were filed, edited through the page and updated by a roster
// import, and checks that no full ID number and no birth date can be put
// together from it. What a role shows instead (the last four, the age)
// leaves dozens of numbers that fit. Exports and reveals show the full
// data: they are logged with a reason first, tested below.
func TestIDCannotBeRebuilt(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	if err := f.DB.CreateUser(ctx, shuangbai.SystemUser, &shuangbai.User{Username: "yc.sup", Name: "督导", Role: shuangbai.RoleSupervisor, Region: "445302"}, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	// An edit through the page, and an update by a roster import, so the
	// audit log holds before-and-after entries of both writers.
	v := casework.BeneficiaryFormValues(f.Chen)
	v.Set("phone", "13800138009")
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, chen, v), http.StatusSeeOther)
	row := store.RosterRow{Line: 2, Person: shuangbai.Beneficiary{Name: "黄阿婆", Region: f.Huang.Region, IDNumber: f.Huang.IDNumber, Address: "双上村1号", Level: 2}}
	if res, err := f.DB.ImportRoster(ctx, shuangbai.SystemUser, []store.RosterRow{row}, store.RosterImport{Mode: store.ImportAll}); err != nil || res.Updated != 1 {
		t.Fatalf("roster update: %+v, %v", res, err)
	}
	people := []*shuangbai.Beneficiary{f.Chen, f.Huang, f.Zhang, f.Lin, f.Li}
	hh := webtest.ID(f.Chen.HouseholdID)
	// A search by the whole number is left out: its page repeats what was
	// typed, which the reader knows already.
	pages := []string{"/", "/beneficiaries", "/beneficiaries?status=all", "/beneficiaries?q=陈",
		chen, chen + "?visits=all", chen + "/edit", chen + "/visits/new", chen + "/applications/new",
		"/beneficiaries/" + webtest.ID(f.Huang.ID), "/beneficiaries/" + webtest.ID(f.Li.ID),
		"/worklist", "/worklist?view=mine", "/worklist?view=station", "/worklist?view=county", "/reports/outcomes",
		"/audit", "/audit?entity=beneficiary", "/access-log", "/access-log?beneficiary=" + webtest.ID(f.Chen.ID), "/beneficiaries.csv"}
	api := []string{"/api/v1/beneficiaries", "/api/v1/beneficiaries?status=all", "/api/v1/beneficiaries/" + webtest.ID(f.Chen.ID),
		"/api/v1/beneficiaries/" + webtest.ID(f.Huang.ID), "/api/v1/beneficiaries/" + webtest.ID(f.Li.ID), "/api/v1/households/" + hh,
		"/api/v1/visits?beneficiary_id=" + webtest.ID(f.Chen.ID), "/api/v1/worklist", "/api/v1/worklist?view=county"}
	for _, role := range []struct {
		username  string
		readsChen bool // the role reads Chen's file: the check that the pages read are the right ones
	}{
		{webtest.YcWorker, true}, {webtest.YcLead, true}, {"yc.sup", true}, {webtest.YcViewer, true},
		{webtest.YcAdmin, true}, {webtest.CityAdmin, true}, {webtest.CityAudit, false}, {webtest.CitySys, false}, {webtest.CitySec, false},
		{webtest.LdAdmin, false},
	} {
		t.Run(role.username, func(t *testing.T) {
			var corpus strings.Builder
			read := func(path, body string) { corpus.WriteString(body + "\n") }
			web, apiC := f.As(t, role.username), f.API(t, role.username)
			for _, p := range pages {
				res := web.Get(t, p)
				read(p, res.Body.String())
			}
			for _, p := range api {
				res := apiC.Get(t, p)
				if strings.Contains(res.Body.String(), `"birth"`) {
					t.Errorf("%s has a birth field: %.300s", p, res.Body)
				}
				read(p, res.Body.String())
			}
			// An export without a reason shows nothing; with one it is a
			// reveal (TestExportAndRevealAreLogged).
			res := web.PostForm(t, "/beneficiaries.csv", url.Values{"status": {"all"}})
			read("POST /beneficiaries.csv", res.Body.String())
			text := corpus.String()
			for _, b := range people {
				if got := leaks(text, b); len(got) > 0 {
					t.Errorf("%s reads %v of %s", role.username, got, b.Name)
				}
			}
			// What the role does see of each person (the last four, the age)
			// leaves many numbers that fit.
			today := shuangbai.DateOf(webtest.CaseNow)
			for _, b := range people {
				mask := shuangbai.MaskIDNumber(b.IDNumber)
				if b.IDNumber == "" || !strings.Contains(text, mask) {
					if role.readsChen && b == f.Chen {
						t.Fatalf("%s does not see %s: the test reads the wrong pages", role.username, mask)
					}
					continue
				}
				if n := fitting(b.IDNumber[:6], mask, b.Age(today), today); n < 20 {
					t.Errorf("only %d numbers fit what %s reads of %s", n, role.username, b.Name)
				}
			}
		})
	}
}

// TestExportAndRevealAreLogged: the only ways to the full number and the
// birth date, for roles with the reveal right, are a reveal and an export;
// both need a reason and are in the access log before anything is shown.
// Roles without the right are refused, and nothing is logged for them.
func TestExportAndRevealAreLogged(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	if err := f.DB.CreateUser(ctx, shuangbai.SystemUser, &shuangbai.User{Username: "yc.sup", Name: "督导", Role: shuangbai.RoleSupervisor, Region: "445302"}, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	birth := f.Chen.Birth
	if birth.IsZero() {
		info, _ := shuangbai.ParseIDNumber(f.Chen.IDNumber)
		birth = info.Birth
	}
	for _, tt := range []struct {
		username    string
		reveal      int  // status of a reveal with a reason
		full        bool // the reveal shows the ID number and birth date
		export      int
		loggedTimes int // access-log lines of reveals and exports of Chen
	}{
		{webtest.YcLead, http.StatusOK, true, http.StatusOK, 2},
		{webtest.YcAdmin, http.StatusOK, true, http.StatusOK, 2},
		{webtest.CityAdmin, http.StatusOK, true, http.StatusOK, 2},
		{webtest.YcWorker, http.StatusOK, false, http.StatusForbidden, 1}, // Chen's worker: the phone only
		{"yc.sup", http.StatusForbidden, false, http.StatusForbidden, 0},
		{webtest.YcViewer, http.StatusForbidden, false, http.StatusForbidden, 0},
		{webtest.CityAudit, http.StatusForbidden, false, http.StatusForbidden, 0},
	} {
		t.Run(tt.username, func(t *testing.T) {
			c := f.As(t, tt.username)
			res := c.PostForm(t, chen+"/reveal", url.Values{"reason": {"核对补贴申请材料"}})
			webtest.Expect(t, res, tt.reveal)
			if tt.full {
				webtest.Expect(t, res, tt.reveal, f.Chen.IDNumber, birth.Chinese(), "核对补贴申请材料")
			} else {
				webtest.ExpectNot(t, res, append(birthForms(birth), f.Chen.IDNumber)...)
			}
			res = c.PostForm(t, "/beneficiaries.csv", url.Values{"status": {"all"}, "q": {f.Chen.IDNumber}, "reason": {"年度核查"}})
			webtest.Expect(t, res, tt.export)
			if tt.export == http.StatusOK {
				webtest.Expect(t, res, tt.export, f.Chen.IDNumber, birth.String())
			} else {
				webtest.ExpectNot(t, res, f.Chen.IDNumber, birth.String())
			}
			l, err := f.DB.AccessLogBy(ctx, webtest.AdminScope, store.AccessFilter{BeneficiaryID: f.Chen.ID, Username: tt.username})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range l {
				if e.Action == store.AccessReveal || e.Action == store.AccessExport {
					n++
					if e.Reason == "" {
						t.Errorf("logged without a reason: %+v", e)
					}
					// The export's conditions are logged with the number masked.
					if strings.Contains(e.Detail, f.Chen.IDNumber) {
						t.Errorf("the log holds the number searched for: %+v", e)
					}
				}
			}
			if n != tt.loggedTimes {
				t.Errorf("%d reveals and exports logged, want %d: %+v", n, tt.loggedTimes, l)
			}
		})
	}
}
