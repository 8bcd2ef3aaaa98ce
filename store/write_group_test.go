package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// Group commit of the writers (write_gate.go): on SQLite the writers that
// queue behind a transaction run in the next one, each in a savepoint of
// its own; whatever each does, exactly the writers told nil have their
// writes stored, and the audit chain holds. On PostgreSQL each runs in a
// transaction of its own, and the same must hold.

// What a writer does after writing its key and its audit entry.
const (
	gOK          = "ok"
	gFail        = "fail"        // returns an error of its own
	gDup         = "dup"         // a UNIQUE violation
	gPanic       = "panic"       // panics
	gCancelNext  = "cancel next" // ends the ctx of the writer after it, which is then in the group
	gInterrupted = "interrupted" // its ctx ends in the middle of a long INSERT
)

// groupFn is what a writer of kind do runs after its own writes.
func groupFn(db *store.DB, do string, next context.CancelFunc) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		switch do {
		case gFail:
			return shuangbai.Errorf(shuangbai.EINVALID, "refused")
		case gDup:
			_, err := tx.Exec(map[string]string{"sqlite": "INSERT INTO group_t (k) VALUES (?)", "postgres": "INSERT INTO group_t (k) VALUES ($1)"}[db.Engine()], "hold")
			return err
		case gPanic:
			panic("boom")
		case gCancelNext:
			next()
		case gInterrupted:
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			q := `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO group_t (k) SELECT 'big' || x FROM c`
			if db.Engine() == "postgres" {
				q = `INSERT INTO group_t (k) SELECT 'big' || x FROM generate_series(1, 1000000000) x`
			}
			_, err := tx.ExecContext(ctx, q)
			if err == nil {
				err = errors.New("the endless INSERT ended")
			}
			return err
		}
		return nil
	}
}

func TestWriteGroups(t *testing.T) {
	many := func(n int) []string {
		var s []string
		for i := range n {
			if i%7 == 3 {
				s = append(s, gFail)
			} else {
				s = append(s, gOK)
			}
		}
		return s
	}
	for _, tc := range []struct {
		name    string
		writers []string
	}{
		{"all good", []string{gOK, gOK, gOK}},
		{"one fails", []string{gOK, gFail, gOK}},
		{"first fails", []string{gFail, gOK, gOK}},
		{"last fails", []string{gOK, gOK, gFail}},
		{"unique violation", []string{gOK, gDup, gOK}},
		{"panic", []string{gOK, gPanic, gOK}},
		{"ctx ends before its turn", []string{gOK, gCancelNext, gOK, gOK}},
		{"statement interrupted", []string{gOK, gInterrupted, gOK}},
		{"more than a group", many(40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testWriteGroup(t, tc.writers)
		})
	}
}

func testWriteGroup(t *testing.T, kinds []string) {
	ctx := t.Context()
	db := storetest.Open(t)
	sqlite := db.Engine() == "sqlite"
	if err := db.ExecForTest(ctx, "CREATE TABLE group_t (k TEXT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	rep0, err := db.VerifyChains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	groups0 := db.WriteGroupsForTest()

	// A writer holds the transaction, so that the others queue behind it.
	entered, held := make(chan struct{}), make(chan struct{})
	var release sync.Once
	t.Cleanup(func() { release.Do(func() { close(held) }) })
	holder := make(chan error, 1)
	go func() {
		holder <- db.WriteForTest(ctx, "hold", func(*sql.Tx) error {
			close(entered)
			<-held
			return nil
		})
	}()
	<-entered

	n := len(kinds)
	ctxs, cancels := make([]context.Context, n+1), make([]context.CancelFunc, n+1)
	for i := range ctxs {
		ctxs[i], cancels[i] = context.WithCancel(ctx)
		defer cancels[i]()
	}
	errs, panics := make([]error, n), make([]any, n)
	var wg sync.WaitGroup
	for i, do := range kinds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			errs[i] = db.WriteForTest(ctxs[i], fmt.Sprint("k", i), groupFn(db, do, cancels[i+1]))
		}()
		// In line in this order (SQLite; PostgreSQL has no line).
		for start := time.Now(); sqlite && db.QueuedWritesForTest() != i+1; time.Sleep(time.Millisecond) {
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%d writers in line, want %d", db.QueuedWritesForTest(), i+1)
			}
		}
	}
	release.Do(func() { close(held) })
	if err := <-holder; err != nil {
		t.Fatalf("holder: %v", err)
	}
	wg.Wait()

	committed := int64(1) // the holder
	for i, do := range kinds {
		key := fmt.Sprint("k", i)
		s, err := db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM group_t WHERE k = ?", key)
		if err != nil {
			t.Fatal(err)
		}
		stored := s == "1"
		got := errs[i]
		t.Logf("writer %d (%s): %v stored=%v", i, do, got, stored)
		skipped := i > 0 && kinds[i-1] == gCancelNext
		// Whatever else: told nil exactly when stored.
		if (got == nil && panics[i] == nil) != stored {
			t.Errorf("writer %d (%s): err %v, panic %v, stored %v", i, do, got, panics[i], stored)
		}
		if stored {
			committed++
		}
		switch {
		case do == gFail && shuangbai.ErrorCode(got) != shuangbai.EINVALID:
			t.Errorf("writer %d (fail): err %v, want its own EINVALID", i, got)
		case do == gDup && shuangbai.ErrorCode(got) != shuangbai.ECONFLICT:
			t.Errorf("writer %d (dup): err %v, want ECONFLICT", i, got)
		case do == gPanic && panics[i] != "boom":
			t.Errorf("writer %d (panic): panic %v, want boom in its caller", i, panics[i])
		case do == gInterrupted && got == nil:
			t.Errorf("writer %d (interrupted): nil error", i)
		case skipped && sqlite && !errors.Is(got, context.Canceled):
			t.Errorf("writer %d, whose ctx ended in the group before its turn: err %v, want context.Canceled", i, got)
		case do == gOK && !skipped && got != nil:
			// Only a transaction SQLite rolled back under it may fail a
			// good writer: one before an interrupted INSERT.
			lost := false
			for _, k := range kinds[i+1:] {
				lost = lost || k == gInterrupted
			}
			if !sqlite || !lost || !errors.Is(got, store.ErrGroupLost) {
				t.Errorf("writer %d (ok): %v", i, got)
			}
		}
	}
	rep, err := db.VerifyChains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Breaks) > 0 || rep.Entries["audit_log"] != rep0.Entries["audit_log"]+committed {
		t.Errorf("audit chain: %d entries, breaks %+v; want %d, none", rep.Entries["audit_log"], rep.Breaks, rep0.Entries["audit_log"]+committed)
	}
	if sqlite && committed > 2 && db.WriteGroupsForTest() == groups0 {
		t.Error("the queued writers committed one transaction each")
	}
}
