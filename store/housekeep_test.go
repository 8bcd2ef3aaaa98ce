package store_test

import (
	"testing"
	"time"

	"shuangbai/store"
)

// TestHousekeep: expired sessions and request keys older than the keep go;
// a live session and a recent key stay.
func TestHousekeep(t *testing.T) {
	w := syncFixture(t)
	ctx := t.Context()
	start := w.db.Now()
	w.db.Now = func() time.Time { return start }
	if _, err := w.db.RecordVisitOnce(ctx, w.jia, key(1), "d1", visitTo(w.a, 2)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.CreateSession(ctx, w.jia.ID, "short-lived", store.SessionCookie, "", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.CreateSession(ctx, w.jia.ID, "long-lived", store.SessionAPI, "脚本", 200*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	later := start.Add(store.IdempotencyKeep - time.Hour)
	w.db.Now = func() time.Time { return later }
	if _, err := w.db.RecordVisitOnce(ctx, w.jia, key(2), "d2", visitTo(w.a, 3)); err != nil {
		t.Fatal(err)
	}

	w.db.Now = func() time.Time { return start.Add(store.IdempotencyKeep + time.Hour) }
	got, err := w.db.Housekeep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.Housekept{Sessions: 1, IdempotencyKeys: 1}) {
		t.Fatalf("removed %+v, want one session and one key", got)
	}
	if _, err := w.db.SessionUser(ctx, "long-lived", store.SessionAPI); err != nil {
		t.Errorf("the live token went: %v", err)
	}
	// The recent key still answers its replay without a second visit.
	before := countVisits(t, w.db, w.a)
	if replayed, err := w.db.RecordVisitOnce(ctx, w.jia, key(2), "d2", visitTo(w.a, 3)); err != nil || !replayed {
		t.Fatalf("recent key: replayed %v, %v", replayed, err)
	}
	if n := countVisits(t, w.db, w.a); n != before {
		t.Errorf("%d visits after the replay, want %d", n, before)
	}
	if again, err := w.db.Housekeep(ctx); err != nil || again != (store.Housekept{}) {
		t.Errorf("second run removed %+v, %v", again, err)
	}
}
