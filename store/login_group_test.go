package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestLoginWritesShareCommit: the one-statement writes of a login — its
// session, the throttle's release and clearing, the second factor's step,
// a logout — wait in SQLite's line of writers and commit together
// (write_gate.go), rather than each taking the writer connection for a
// commit of its own; and each lands.
func TestLoginWritesShareCommit(t *testing.T) {
	db := storetest.Open(t)
	if db.Engine() != "sqlite" {
		t.Skip("PostgreSQL has no line of writers: a transaction per call")
	}
	ctx := context.Background()
	storetest.Yunfu(t, db)
	u := storetest.User(t, db, "viewer1", shuangbai.RoleViewer, "445302", "x")
	rule := store.Throttle{Max: 10, Window: time.Hour, Lock: time.Minute, MaxLock: time.Hour}
	for _, k := range []string{"acct", "addr"} {
		if _, _, _, err := db.TakeLogin(ctx, k, rule); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateSession(ctx, u.ID, "old-token", store.SessionCookie, "", time.Hour); err != nil {
		t.Fatal(err)
	}
	writes := []struct {
		name string
		do   func() error
	}{
		{"create session", func() error {
			_, err := db.CreateSession(ctx, u.ID, "new-token", store.SessionCookie, "", time.Hour)
			return err
		}},
		{"clear login", func() error { return db.ClearLogin(ctx, "acct") }},
		{"release login", func() error { return db.ReleaseLogin(ctx, "addr") }},
		{"delete session", func() error { return db.DeleteSession(ctx, "old-token") }},
		{"use totp step", func() error {
			ok, err := db.UseTOTPStep(ctx, u.ID, 7)
			if err == nil && !ok {
				err = fmt.Errorf("step 7 refused")
			}
			return err
		}},
	}
	groups0 := db.WriteGroupsForTest()
	release, err := db.HoldWriterForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	for i, w := range writes {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = w.do() }()
		for start := time.Now(); db.QueuedWritesForTest() != i+1; time.Sleep(time.Millisecond) {
			if time.Since(start) > 5*time.Second {
				release()
				wg.Wait()
				t.Fatalf("%s: %d writers in line, want %d", w.name, db.QueuedWritesForTest(), i+1)
			}
		}
	}
	release()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("%s: %v", writes[i].name, err)
		}
	}
	if got := db.WriteGroupsForTest() - groups0; got != 1 {
		t.Errorf("%d shared commits, want the five writes in one", got)
	}
	if _, err := db.SessionUser(ctx, "new-token", store.SessionCookie); err != nil {
		t.Errorf("the new session: %v", err)
	}
	if _, err := db.SessionUser(ctx, "old-token", store.SessionCookie); shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("the session logged out: %v, want EUNAUTHORIZED", err)
	}
	if ok, err := db.UseTOTPStep(ctx, u.ID, 7); err != nil || ok {
		t.Errorf("step 7 again: ok %v, err %v; want refused", ok, err)
	}
}
