package store_test

import (
	"context"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestSessionCacheChanges: a token's user is kept for a few seconds, yet
// every change that ends a session or changes its account applies at once
// on the process that made it, and within CacheTTL on another
// process sharing the database (a second *store.DB on the same database).
func TestSessionCacheChanges(t *testing.T) {
	const ttl = 300 * time.Millisecond
	for _, tt := range []struct {
		name   string
		change func(ctx context.Context, db *store.DB, owner *shuangbai.User, token string) error
		// still: the token works after the change, with this user (a
		// change of name keeps the session)
		still func(u *shuangbai.User) bool
	}{
		{"logout", func(ctx context.Context, db *store.DB, _ *shuangbai.User, token string) error {
			return db.DeleteSession(ctx, token)
		}, nil},
		{"revoke", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			ss, err := db.Sessions(ctx, owner.Scope(), owner.ID, "")
			if err != nil || len(ss) != 1 {
				t.Fatalf("sessions = %v, %v", ss, err)
			}
			return db.RevokeSession(ctx, owner, ss[0].ID)
		}, nil},
		{"disable", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			return db.SetDisabled(ctx, sysadmin, owner.Username, true)
		}, nil},
		{"password change", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			return db.SetPassword(ctx, owner, owner.Username, "new-hash")
		}, nil},
		{"role change", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			return db.SetRole(ctx, secadmin, owner.Username, shuangbai.RoleViewer)
		}, nil},
		{"second factor reset", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			return db.ResetTOTP(ctx, secadmin, owner.Username)
		}, nil},
		{"moved to another region", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			return db.UpdateUser(ctx, sysadmin, owner.Username, owner.Name, "445381", 0)
		}, nil},
		{"renamed", func(ctx context.Context, db *store.DB, owner *shuangbai.User, _ string) error {
			return db.UpdateUser(ctx, sysadmin, owner.Username, "新名字", owner.Region, 0)
		}, func(u *shuangbai.User) bool { return u.Name == "新名字" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each waits out a TTL on a database of its own
			ctx := t.Context()
			dsn := storetest.DSN(t)
			a := storetest.OpenAt(t, dsn) // the process that makes the change
			b := storetest.OpenAt(t, dsn) // another one on the same database
			a.CacheTTL, b.CacheTTL = time.Hour, ttl
			storetest.Yunfu(t, a)
			owner := storetest.User(t, a, "zhang", shuangbai.RoleCountyAdmin, "445302", "h1")
			token := auth.NewToken()
			if _, err := a.CreateSession(ctx, owner.ID, token, store.SessionAPI, "test", time.Hour); err != nil {
				t.Fatal(err)
			}
			for _, db := range []*store.DB{a, b} {
				if u, err := db.SessionUser(ctx, token, store.SessionAPI); err != nil || u.ID != owner.ID {
					t.Fatalf("before: %v, %v", u, err)
				}
			}
			if err := tt.change(ctx, a, owner, token); err != nil {
				t.Fatal(err)
			}
			works := func(db *store.DB) bool {
				u, err := db.SessionUser(ctx, token, store.SessionAPI)
				if err != nil && shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
					t.Fatal(err)
				}
				return err == nil && (tt.still == nil || tt.still(u))
			}
			want := tt.still != nil
			// At once where it was made, though the TTL is an hour.
			if works(a) != want {
				t.Errorf("same process: the token works %v after the change, want %v", !want, want)
			}
			// Another process may still serve what it kept, but not past
			// its TTL.
			start := time.Now()
			for works(b) != want {
				if time.Since(start) > ttl+200*time.Millisecond {
					t.Fatalf("other process: the change has not applied after %s (TTL %s)", time.Since(start), ttl)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

var (
	sysadmin = &shuangbai.User{Username: "sys", Role: shuangbai.RoleSysAdmin, Region: "4453"}
	secadmin = &shuangbai.User{Username: "sec", Role: shuangbai.RoleSecAdmin, Region: "4453"}
)

// TestSessionCacheKeepsRules: what is kept still ends at the session's
// expiry and after the idle time, and still writes last_seen once a minute.
func TestSessionCacheKeepsRules(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	db.CacheTTL = time.Hour
	db.SessionIdle = 30 * time.Minute
	now := time.Now()
	db.Now = func() time.Time { return now }
	storetest.Yunfu(t, db)
	owner := storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "h1")
	api, cookie := auth.NewToken(), auth.NewToken()
	if _, err := db.CreateSession(ctx, owner.ID, api, store.SessionAPI, "api", 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateSession(ctx, owner.ID, cookie, store.SessionCookie, "web", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []struct{ token, kind string }{{api, store.SessionAPI}, {cookie, store.SessionCookie}} {
		if _, err := db.SessionUser(ctx, tok.token, tok.kind); err != nil {
			t.Fatal(err)
		}
	}
	// A token of one kind is not accepted as the other, kept or not.
	if _, err := db.SessionUser(ctx, api, store.SessionCookie); err == nil {
		t.Error("an API token served as a cookie")
	}
	// Each request within a minute is answered from what is kept; past a
	// minute last_seen is written again.
	now = now.Add(50 * time.Second)
	if _, err := db.SessionUser(ctx, cookie, store.SessionCookie); err != nil {
		t.Fatal(err)
	}
	if seen := lastSeen(t, db, owner, store.SessionCookie); !seen.Before(now.Add(-40 * time.Second)) {
		t.Errorf("last_seen written within the minute: %v", seen)
	}
	now = now.Add(20 * time.Second)
	if _, err := db.SessionUser(ctx, cookie, store.SessionCookie); err != nil {
		t.Fatal(err)
	}
	db.FlushTouchesForTest()
	if seen := lastSeen(t, db, owner, store.SessionCookie); seen.Before(now.Add(-time.Second)) {
		t.Errorf("last_seen not written past a minute: %v, now %v", seen, now)
	}
	// Past the idle time the browser session ends, and stays ended.
	now = now.Add(31 * time.Minute)
	if _, err := db.SessionUser(ctx, cookie, store.SessionCookie); shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("after 31 idle minutes: %v", err)
	}
	now = now.Add(-31 * time.Minute)
	if _, err := db.SessionUser(ctx, cookie, store.SessionCookie); shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("an idle session came back: %v", err)
	}
	// Past its expiry the API token ends, though it was kept a moment ago.
	if _, err := db.SessionUser(ctx, api, store.SessionAPI); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := db.SessionUser(ctx, api, store.SessionAPI); shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("an expired token still works: %v", err)
	}
}

func lastSeen(t *testing.T, db *store.DB, u *shuangbai.User, kind string) time.Time {
	t.Helper()
	ss, err := db.Sessions(t.Context(), u.Scope(), u.ID, kind)
	if err != nil || len(ss) != 1 {
		t.Fatalf("sessions = %v, %v", ss, err)
	}
	return ss[0].LastSeen
}

// TestSessionTouchDoesNotWait: a request whose session is due its
// last_seen write does not wait for the writer (on SQLite, held here by
// another transaction: the write was the request's own and waited); the
// time is shown at once and in the database once written.
func TestSessionTouchDoesNotWait(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	now := time.Now()
	db.Now = func() time.Time { return now }
	storetest.Yunfu(t, db)
	owner := storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "h1")
	tok := auth.NewToken()
	if _, err := db.CreateSession(ctx, owner.ID, tok, store.SessionAPI, "api", 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	release, err := db.HoldWriterForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := db.SessionUser(ctx, tok, store.SessionAPI)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			release()
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		release()
		t.Fatal("the request waited for the writer to note its session's last_seen")
	}
	if seen := lastSeen(t, db, owner, store.SessionAPI); now.Sub(seen) > time.Second {
		t.Errorf("last_seen shown before it is written: %v, want %v", seen, now)
	}
	release()
	db.FlushTouchesForTest() // nothing noted now: what is listed is stored
	if seen := lastSeen(t, db, owner, store.SessionAPI); now.Sub(seen) > time.Second {
		t.Errorf("last_seen stored: %v, want %v", seen, now)
	}
}

// TestSettingCache: a policy change applies at once where it was made and
// within the TTL on another process.
func TestSettingCache(t *testing.T) {
	ctx := t.Context()
	dsn := storetest.DSN(t)
	a, b := storetest.OpenAt(t, dsn), storetest.OpenAt(t, dsn)
	a.CacheTTL, b.CacheTTL = time.Hour, 300*time.Millisecond
	storetest.Yunfu(t, a)
	for _, db := range []*store.DB{a, b} {
		if p, err := db.PasswordPolicy(ctx); err != nil || p.MaxAgeDays != auth.DefaultPolicy.MaxAgeDays {
			t.Fatalf("policy = %+v, %v", p, err)
		}
	}
	p := auth.DefaultPolicy
	p.MaxAgeDays = auth.DefaultPolicy.MaxAgeDays - 10
	if err := a.SetPasswordPolicy(ctx, secadmin, p); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.PasswordPolicy(ctx); got.MaxAgeDays != p.MaxAgeDays {
		t.Errorf("same process: max age %d, want %d", got.MaxAgeDays, p.MaxAgeDays)
	}
	start := time.Now()
	for {
		got, err := b.PasswordPolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.MaxAgeDays == p.MaxAgeDays {
			break
		}
		if time.Since(start) > 500*time.Millisecond {
			t.Fatalf("other process: max age still %d after %s", got.MaxAgeDays, time.Since(start))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
