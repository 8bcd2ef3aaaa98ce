package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestScopeAccounts: a security administrator lists and revokes the
// sessions and tokens, and lifts the login locks, of the accounts inside
// their own region only; any user may revoke their own tokens, and no one
// else's. Each county has a security administrator, and its admin has a
// session and is locked out at one address.
func TestScopeAccounts(t *testing.T) {
	w := scopeFixture(t)
	db := w.db
	ctx := t.Context()
	rule := store.Throttle{Max: 1, Window: time.Hour, Lock: time.Hour, MaxLock: time.Hour}
	sec := map[*scopeSide]*shuangbai.User{}
	session := map[*scopeSide]string{} // the admin's session, by its id
	for i, s := range []*scopeSide{w.yc, w.ld} {
		tag := []string{"yc", "ld"}[i]
		sec[s] = storetest.User(t, db, tag+"-sec", shuangbai.RoleSecAdmin, s.county, "x")
		if _, err := db.CreateSession(ctx, s.admin.ID, tag+"-admin-token", store.SessionCookie, "浏览器", time.Hour); err != nil {
			t.Fatal(err)
		}
		l, err := db.Sessions(ctx, shuangbai.Scope{All: true}, s.admin.ID, "")
		if err != nil || len(l) != 1 {
			t.Fatalf("the admin's sessions = %+v, %v", l, err)
		}
		session[s] = l[0].ID
		for range 2 {
			if _, _, _, err := db.TakeLogin(ctx, store.AccountKey(s.admin.Username, "10.0.0.1"), rule); err != nil {
				t.Fatal(err)
			}
		}
	}
	locked := func(t *testing.T, s *scopeSide) bool {
		t.Helper()
		l, err := db.LoginLocks(ctx, shuangbai.Scope{All: true}, store.AccountKey(s.admin.Username, ""))
		if err != nil {
			t.Fatal(err)
		}
		return len(l) > 0
	}

	type check struct {
		name  string
		check func(t *testing.T, s, o *scopeSide)
	}
	// Reads and refusals first, on the state as built; then the writes
	// inside scope.
	checks := []check{
		{"Sessions", func(t *testing.T, s, o *scopeSide) {
			l, err := db.Sessions(ctx, sec[s].Scope(), 0, "")
			if err != nil {
				t.Fatal(err)
			}
			seesOwn(t, "Sessions", keysOf(l, func(x store.SessionInfo) string { return x.ID }), session[s], session[o])
		}},
		{"RevokeSession of the other county's", func(t *testing.T, s, o *scopeSide) {
			before := snapshot(t, db)
			wantErr(t, "revoke the other county's session", db.RevokeSession(ctx, sec[s], session[o]), shuangbai.ENOTFOUND, "")
			wantErr(t, "revoke another user's session, not a security administrator", db.RevokeSession(ctx, s.lead, session[s]), shuangbai.ENOTFOUND, "")
			if after := snapshot(t, db); after != before {
				t.Errorf("a refused revocation changed the database:\n%s\n%s", before, after)
			}
		}},
		{"UnlockAccount of the other county's", func(t *testing.T, s, o *scopeSide) {
			_, err := db.UnlockAccount(ctx, sec[s], o.admin.Username)
			wantErr(t, "unlock the other county's admin", err, shuangbai.ENOTFOUND, "")
			if !locked(t, o) {
				t.Errorf("%s's admin unlocked by %s's security administrator", o.name, s.name)
			}
		}},
	}
	writes := []check{
		{"RevokeSession", func(t *testing.T, s, o *scopeSide) {
			if err := db.RevokeSession(ctx, sec[s], session[s]); err != nil {
				t.Fatalf("revoke inside scope: %v", err)
			}
			if l, _ := db.Sessions(ctx, shuangbai.Scope{All: true}, s.admin.ID, ""); len(l) != 0 {
				t.Errorf("still there after the revocation: %+v", l)
			}
			// The owner revokes their own token, being no security
			// administrator.
			if _, err := db.CreateSession(ctx, s.lead.ID, s.name+"-lead-token", store.SessionAPI, "脚本", time.Hour); err != nil {
				t.Fatal(err)
			}
			l, err := db.Sessions(ctx, s.lead.Scope(), s.lead.ID, store.SessionAPI)
			if err != nil || len(l) != 1 {
				t.Fatalf("the lead's tokens = %+v, %v", l, err)
			}
			if err := db.RevokeSession(ctx, s.lead, l[0].ID); err != nil {
				t.Errorf("revoke one's own token: %v", err)
			}
		}},
		{"UnlockAccount", func(t *testing.T, s, o *scopeSide) {
			n, err := db.UnlockAccount(ctx, sec[s], s.admin.Username)
			if err != nil || n != 1 {
				t.Fatalf("unlock inside scope = %d, %v; want its one key", n, err)
			}
			if locked(t, s) {
				t.Error("still locked after the unlock")
			}
		}},
	}
	for _, c := range append(checks, writes...) {
		for _, p := range w.sides() {
			t.Run(c.name+"/"+p[0].name, func(t *testing.T) { c.check(t, p[0], p[1]) })
		}
	}
}
