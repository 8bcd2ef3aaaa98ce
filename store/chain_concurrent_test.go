package store_test

import (
	"sync"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestVerifyChainsWhileWriting: a walk of the logs while writes go on —
// the administrator's check, a roster import finishing in the background —
// finds nothing wrong. Each write adds its entries and moves the head in
// one transaction; a walk that read the head and the entries apart saw the
// entries of a write committed in between past the head, and cried
// tampering (FuzzBodies did, on PostgreSQL, behind a background import).
func TestVerifyChainsWhileWriting(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	st := storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	// A log long enough that a walk takes a while, so writes land inside it.
	for range 1500 {
		if err := db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, 0, "445302", "", "档案"); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			st.Phone = "0766-" + itoa(int64(1000000+i))
			if err := db.UpdateStation(ctx, shuangbai.SystemUser, st); err != nil {
				writeErr = err
				return
			}
			if err := db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, 0, "445302", "", "档案"); err != nil {
				writeErr = err
				return
			}
		}
	}()
	var earlier *store.ChainReport
	for i := 0; i < 60 && !t.Failed(); i++ {
		// Both walks: the whole log, and on from the last (the fuzz test's).
		from := earlier
		if i%2 == 0 {
			from = nil
		}
		rep, err := db.VerifyChainsAfter(ctx, from)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Breaks) > 0 {
			t.Errorf("walk %d while writing: %+v", i, rep.Breaks)
		}
		earlier = rep
	}
	close(done)
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
}
