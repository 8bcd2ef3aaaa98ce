package store_test

import (
	"fmt"
	"testing"

	"shuangbai"
	"shuangbai/store"
)

// syncFixture: 陈小明 (a) is the worker 社工甲's case, 李阿婆 (b) is in
// another county; a second case c in 河口 belongs to 社工乙.
type syncWorld struct {
	db        *store.DB
	a, b, c   *shuangbai.Beneficiary
	jia, yi   *shuangbai.User
	jiaP, yiP *shuangbai.Person
}

func syncFixture(t *testing.T) *syncWorld {
	t.Helper()
	db, a, b := caseFixture(t)
	ctx := t.Context()
	w := &syncWorld{db: db, a: a, b: b}
	person := func(name string) *shuangbai.Person {
		p := &shuangbai.Person{Region: "445302003", Name: name, Gender: "女", Role: shuangbai.StaffWorker}
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w.jiaP, w.yiP = person("社工甲"), person("社工乙")
	user := func(name string, p *shuangbai.Person) *shuangbai.User {
		u := &shuangbai.User{Username: name, Name: name, Role: shuangbai.RoleWorker, Region: "445302003", PersonID: p.ID}
		if err := db.CreateUser(ctx, shuangbai.SystemUser, u, "x"); err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.jia, w.yi = user("jia.sw", w.jiaP), user("yi.sw", w.yiP)
	a.WorkerID = w.jiaP.ID
	if err := db.UpdateBeneficiary(ctx, shuangbai.SystemUser, a, nil); err != nil {
		t.Fatal(err)
	}
	w.c = &shuangbai.Beneficiary{Region: "445302003208", Name: "王伯", Gender: "男", Birth: shuangbai.NewDate(1950, 1, 1), Level: 2, FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: w.yiP.ID}
	if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, w.c); err != nil {
		t.Fatal(err)
	}
	return w
}

func key(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func visitTo(b *shuangbai.Beneficiary, day int) *shuangbai.Visit {
	return &shuangbai.Visit{BeneficiaryID: b.ID, On: shuangbai.NewDate(2021, 8, day), Kind: shuangbai.VisitHome, Services: []string{"精神慰藉"}}
}

func countVisits(t *testing.T, db *store.DB, b *shuangbai.Beneficiary) int {
	t.Helper()
	vs, err := db.Visits(t.Context(), shuangbai.Scope{Code: "4453"}, b.ID, 500)
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

func TestRecordVisitOnce(t *testing.T) {
	w := syncFixture(t)
	ctx := t.Context()
	first := visitTo(w.a, 2)
	if replayed, err := w.db.RecordVisitOnce(ctx, w.jia, key(1), "d1", first); err != nil || replayed || first.ID == 0 {
		t.Fatalf("first send: %v %v %+v", replayed, err, first)
	}
	tests := []struct {
		name     string
		u        *shuangbai.User
		key      string
		digest   string
		v        *shuangbai.Visit
		code     string // "" for success
		replayed bool
		field    string
	}{
		{"replay: the first answer", w.jia, key(1), "d1", visitTo(w.a, 2), "", true, ""},
		{"replay, key in capitals", w.jia, "00000000-0000-4000-8000-000000000001", "d1", visitTo(w.a, 2), "", true, ""},
		{"foreign key", w.yi, key(1), "d1", visitTo(w.c, 2), shuangbai.EFORBIDDEN, false, ""},
		{"tampered: same key, other content", w.jia, key(1), "d2", visitTo(w.a, 3), shuangbai.ECONFLICT, false, ""},
		{"not a UUID", w.jia, "1", "d3", visitTo(w.a, 3), shuangbai.EBADREQUEST, false, ""},
		{"UUID with a bad character", w.jia, "00000000-0000-4000-8000-00000000000g", "d3", visitTo(w.a, 3), shuangbai.EBADREQUEST, false, ""},
		{"dated in the future", w.jia, key(2), "d4", visitTo(w.a, 10), shuangbai.EINVALID, false, "on"},
		{"another worker's case", w.jia, key(3), "d5", visitTo(w.c, 3), shuangbai.ECONFLICT, false, "beneficiary"},
		{"another county's case", w.jia, key(4), "d6", visitTo(w.b, 3), shuangbai.EINVALID, false, "beneficiary"},
		{"viewer", &shuangbai.User{ID: w.jia.ID, Role: shuangbai.RoleViewer, Region: "445302"}, key(5), "d7", visitTo(w.a, 3), shuangbai.EFORBIDDEN, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			replayed, err := w.db.RecordVisitOnce(ctx, tt.u, tt.key, tt.digest, tt.v)
			if shuangbai.ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("err = %v, want %q", err, tt.code)
			}
			if replayed != tt.replayed {
				t.Errorf("replayed = %v", replayed)
			}
			if tt.replayed && tt.v.ID != first.ID {
				t.Errorf("replay answered visit %d, first was %d", tt.v.ID, first.ID)
			}
			if tt.field != "" {
				if e, ok := err.(*shuangbai.Error); !ok || e.Fields[tt.field] == "" {
					t.Errorf("no reason on field %s: %v", tt.field, err)
				}
			}
		})
	}
	if n := countVisits(t, w.db, w.a); n != 1 {
		t.Errorf("陈小明 has %d visits, want 1", n)
	}
	if n := countVisits(t, w.db, w.c); n != 0 {
		t.Errorf("王伯 has %d visits, want 0", n)
	}
	// A refused visit left no key: once put right, the same key goes through.
	if _, err := w.db.RecordVisitOnce(ctx, w.jia, key(2), "d4-fixed", visitTo(w.a, 5)); err != nil {
		t.Errorf("corrected visit under the refused key: %v", err)
	}
	// Closed while the phone was offline: refused with the closing reason.
	if err := w.db.CloseCase(ctx, shuangbai.SystemUser, w.a.ID, "迁出本镇"); err != nil {
		t.Fatal(err)
	}
	_, err := w.db.RecordVisitOnce(ctx, w.jia, key(6), "d8", visitTo(w.a, 6))
	if e, ok := err.(*shuangbai.Error); !ok || e.Code != shuangbai.ECONFLICT || e.Fields["beneficiary"] != "closed" {
		t.Errorf("visit to a closed case: %v", err)
	}
}

func TestOfflineCases(t *testing.T) {
	w := syncFixture(t)
	ctx := t.Context()
	for i := range 12 {
		if _, err := w.db.RecordVisitOnce(ctx, w.jia, key(100+i), "d", visitTo(w.a, 1+i%8)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.db.RecordVisit(ctx, shuangbai.SystemUser, visitTo(w.c, 3)); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.OfflineCases(ctx, w.jia)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Beneficiary.ID != w.a.ID {
		t.Fatalf("jia's bundle holds %d cases: %+v", len(got), got)
	}
	vs := got[0].Visits
	if len(vs) != store.OfflineVisits {
		t.Errorf("%d visits kept, want %d", len(vs), store.OfflineVisits)
	}
	for i := 1; i < len(vs); i++ {
		if vs[i].On.After(vs[i-1].On) {
			t.Errorf("visits not newest first: %v after %v", vs[i].On, vs[i-1].On)
		}
	}
	if yi, _ := w.db.OfflineCases(ctx, w.yi); len(yi) != 1 || yi[0].Beneficiary.ID != w.c.ID || len(yi[0].Visits) != 1 {
		t.Errorf("yi's bundle: %+v", yi)
	}
	// No roster entry, no cases; closed cases are not sent.
	if none, err := w.db.OfflineCases(ctx, &shuangbai.User{ID: 99, Role: shuangbai.RoleWorker, Region: "445302003"}); err != nil || len(none) != 0 {
		t.Errorf("user without a person: %v %v", none, err)
	}
	w.db.CloseCase(ctx, shuangbai.SystemUser, w.c.ID, "迁出")
	if yi, _ := w.db.OfflineCases(ctx, w.yi); len(yi) != 0 {
		t.Errorf("closed case sent: %+v", yi)
	}
}

func TestEditCaseFields(t *testing.T) {
	w := syncFixture(t)
	ctx := t.Context()
	// The server changes the address while the phone is offline.
	srv := *w.a
	srv.Address = "河口街道新村 8 号"
	if err := w.db.UpdateBeneficiary(ctx, shuangbai.SystemUser, &srv, nil); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{"address": w.a.Address, "disability": w.a.Disability}
	set := map[string]string{"address": "河口街道旧村 3 号", "disability": "肢体一级"}
	applied, conflicts, err := w.db.EditCaseFields(ctx, w.jia, w.a.ID, base, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 1 || applied[0] != "disability" {
		t.Errorf("applied %v", applied)
	}
	want := store.FieldConflict{Field: "address", Base: w.a.Address, Mine: "河口街道旧村 3 号", Theirs: "河口街道新村 8 号"}
	if len(conflicts) != 1 || conflicts[0] != want {
		t.Errorf("conflicts %+v, want %+v", conflicts, want)
	}
	got, _ := w.db.Beneficiary(ctx, shuangbai.Scope{Code: "4453"}, w.a.ID)
	if got.Address != "河口街道新村 8 号" || got.Disability != "肢体一级" {
		t.Errorf("stored %q %q", got.Address, got.Disability)
	}
	// The worker chooses her own value: sent with the server's as base.
	applied, conflicts, err = w.db.EditCaseFields(ctx, w.jia, w.a.ID, map[string]string{"address": "河口街道新村 8 号"}, map[string]string{"address": "河口街道旧村 3 号"})
	if err != nil || len(applied) != 1 || len(conflicts) != 0 {
		t.Errorf("resolve: %v %v %v", applied, conflicts, err)
	}
	tests := []struct {
		name      string
		u         *shuangbai.User
		id        int64
		base, set map[string]string
		code      string
	}{
		{"a field not editable offline", w.jia, w.a.ID, map[string]string{"name": "x"}, map[string]string{"name": "y"}, shuangbai.EINVALID},
		{"no base", w.jia, w.a.ID, nil, map[string]string{"address": "y"}, shuangbai.EINVALID},
		{"nothing", w.jia, w.a.ID, nil, nil, shuangbai.EINVALID},
		{"another worker's case", w.jia, w.c.ID, map[string]string{"address": ""}, map[string]string{"address": "y"}, shuangbai.ECONFLICT},
		{"another county", w.jia, w.b.ID, map[string]string{"address": ""}, map[string]string{"address": "y"}, shuangbai.ENOTFOUND},
	}
	for _, tt := range tests {
		if _, _, err := w.db.EditCaseFields(ctx, tt.u, tt.id, tt.base, tt.set); shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
}
