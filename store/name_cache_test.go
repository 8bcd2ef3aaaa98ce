package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestNameCache: region and staff names are kept, yet a rename applies at
// once on the process that made it and within CacheTTL on another one
// sharing the database; a kept name of staff outside the reader's scope is
// not shown, and a region added after its code was asked for is named.
func TestNameCache(t *testing.T) {
	ctx := t.Context()
	dsn := storetest.DSN(t)
	a, b := storetest.OpenAt(t, dsn), storetest.OpenAt(t, dsn)
	const ttl = 300 * time.Millisecond
	a.CacheTTL, b.CacheTTL = time.Hour, ttl
	storetest.Yunfu(t, a)
	p := &shuangbai.Person{Region: "445302003", Name: "李社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := a.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	const village, fresh = "445302003208", "445302003299"
	yuncheng, luoding := shuangbai.Scope{Code: "445302"}, shuangbai.Scope{Code: "445381"}
	names := func(db *store.DB) (string, string, string) {
		t.Helper()
		rn, err := db.RegionNames(ctx, []string{village, fresh, village})
		if err != nil {
			t.Fatal(err)
		}
		sn, err := db.StaffNames(ctx, yuncheng, []int64{p.ID, 0, p.ID})
		if err != nil {
			t.Fatal(err)
		}
		return rn[village], rn[fresh], sn[p.ID]
	}
	for _, db := range []*store.DB{a, b} {
		if v, f, s := names(db); v != "双上村民委员会" || f != "" || s != "李社工" {
			t.Fatalf("before: %q %q %q", v, f, s)
		}
		// Kept from a reader of Yunfu, the name is no one's in Luoding.
		if sn, err := db.StaffNames(ctx, luoding, []int64{p.ID}); err != nil || len(sn) != 0 {
			t.Errorf("staff of Yunfu named to Luoding: %v, %v", sn, err)
		}
	}
	if _, err := a.ImportRegions(ctx, shuangbai.SystemUser, []shuangbai.Region{
		{Code: village, Name: "双上村", Parent: "445302003"},
		{Code: fresh, Name: "新村", Parent: "445302003"},
	}, shuangbai.NewDate(2024, 1, 1)); err != nil {
		t.Fatal(err)
	}
	p.Name = "李社工（新）"
	if err := a.UpdatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	want := [3]string{"双上村", "新村", "李社工（新）"}
	if v, f, s := names(a); [3]string{v, f, s} != want {
		t.Errorf("same process: %q %q %q, want %q", v, f, s, want)
	}
	start := time.Now()
	for {
		v, f, s := names(b)
		if [3]string{v, f, s} == want {
			break
		}
		if time.Since(start) > ttl+200*time.Millisecond {
			t.Fatalf("other process after %s (TTL %s): %q %q %q, want %q", time.Since(start), ttl, v, f, s, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// With the cache off, names are read every time.
	b.CacheTTL = -1
	if v, _, s := names(b); v != "双上村" || s != "李社工（新）" {
		t.Errorf("no cache: %q %q", v, s)
	}
}
