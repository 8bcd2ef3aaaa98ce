package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func TestLoginThrottle(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "x")
	sec := storetest.User(t, db, "sec", shuangbai.RoleSecAdmin, "4453", "x")
	now := time.Date(2021, 8, 9, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	rule := store.Throttle{Max: 3, Window: 15 * time.Minute, Lock: 15 * time.Minute, MaxLock: time.Hour}
	key := store.AccountKey("zhang", "10.0.0.1")
	take := func() (bool, time.Duration, bool) {
		t.Helper()
		ok, wait, locked, err := db.TakeLogin(ctx, key, rule)
		if err != nil {
			t.Fatal(err)
		}
		return ok, wait, locked
	}
	for i := 0; i < 3; i++ {
		if ok, _, _ := take(); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if ok, wait, locked := take(); ok || !locked || wait != 15*time.Minute {
		t.Fatalf("4th attempt: ok %v, locked %v, wait %v; want a 15-minute lock", ok, locked, wait)
	}
	if ok, _, _, _ := db.TakeLogin(ctx, store.AccountKey("zhang", "10.0.0.2"), rule); !ok {
		t.Error("another address was locked out of the account: one NAT must not lock a whole office")
	}
	now = now.Add(10 * time.Minute)
	if ok, wait, locked := take(); ok || locked || wait != 5*time.Minute {
		t.Fatalf("during the lock: ok %v, locked %v, wait %v", ok, locked, wait)
	}
	now = now.Add(6 * time.Minute)
	for i := 0; i < 3; i++ {
		take()
	}
	if ok, wait, _ := take(); ok || wait != 30*time.Minute {
		t.Fatalf("second lock: ok %v, wait %v; want it doubled to 30 minutes", ok, wait)
	}
	locks, err := db.LoginLocks(ctx, shuangbai.Scope{Code: "445302"}, store.AccountKey("zhang", ""))
	if err != nil || len(locks) != 1 || locks[0].Key != key {
		t.Fatalf("locks = %+v, %v", locks, err)
	}
	if other, _ := db.LoginLocks(ctx, shuangbai.Scope{Code: "445381"}, "acct:"); len(other) != 0 {
		t.Errorf("another county lists %+v", other)
	}
	if _, err := db.UnlockAccount(ctx, storetest.User(t, db, "county", shuangbai.RoleCountyAdmin, "445302", "x"), "zhang"); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a county admin unlocked: %v", err)
	}
	n, err := db.UnlockAccount(ctx, sec, "zhang")
	if err != nil || n != 2 {
		t.Fatalf("unlock = %d, %v; want both addresses' rows", n, err)
	}
	if ok, _, _ := take(); !ok {
		t.Error("still locked after the unlock")
	}
	if audit, _ := db.AuditLog(ctx, shuangbai.Scope{All: true}, store.AuditFilter{Entity: "user"}); len(audit) == 0 || audit[0].Action != "unlock" {
		t.Errorf("unlock not audited: %+v", audit)
	}
	if err := db.ClearLogin(ctx, key); err != nil {
		t.Fatal(err)
	}
	long := make([]byte, 1<<20)
	for i := range long {
		long[i] = 'a'
	}
	if _, _, _, err := db.TakeLogin(ctx, store.AccountKey(string(long), "10.0.0.1"), rule); err != nil {
		t.Fatal(err)
	}
	if n, err := db.RawForTest(ctx, "SELECT CAST(MAX(LENGTH(key)) AS TEXT) FROM login_throttle"); err != nil || n != "200" {
		t.Errorf("longest stored key = %s, %v; want it cut to 200", n, err)
	}
}
