package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// The access log's group commit (access_batch.go): many callers, one
// transaction per batch, every line exactly once and the chain whole.

// holdFirstBatch makes the first access-log batch wait inside its
// transaction until release is called, so that the callers after it queue
// up; batches returns the lines of each batch, as the hook saw them. A
// test that fails first releases it, so that Close does not wait forever.
func holdFirstBatch(t *testing.T, db *store.DB) (release func(), entered chan struct{}, batches func() []int) {
	held, entered := make(chan struct{}), make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(held) }) }
	t.Cleanup(release)
	var mu sync.Mutex
	var seen []int
	db.InAccessBatchForTest(func(lines int) error {
		mu.Lock()
		seen = append(seen, lines)
		first := len(seen) == 1
		mu.Unlock()
		if first {
			close(entered)
			<-held
		}
		return nil
	})
	return release, entered, func() []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), seen...)
	}
}

// waitQueued waits until n callers wait for a batch.
func waitQueued(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for start := time.Now(); db.QueuedAccessForTest() != n; time.Sleep(time.Millisecond) {
		if time.Since(start) > 20*time.Second {
			t.Fatalf("%d callers queued, want %d", db.QueuedAccessForTest(), n)
		}
	}
}

// logView logs one view whose detail names it.
func logView(ctx context.Context, db *store.DB, detail string) error {
	return db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, 0, "445302", "", detail)
}

// countDetail is how many access lines carry detail.
func countDetail(t *testing.T, db *store.DB, detail string) int {
	t.Helper()
	s, err := db.RawForTest(t.Context(), "SELECT CAST(COUNT(*) AS TEXT) FROM access_log WHERE detail = ?", detail)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	fmt.Sscan(s, &n)
	return n
}

// verifyChains fails the test unless both chains hold and the access log
// has want lines.
func verifyChains(t *testing.T, db *store.DB, want int64) {
	t.Helper()
	rep, err := db.VerifyChains(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Breaks) > 0 || rep.Entries["access_log"] != want {
		t.Fatalf("chains: %d access lines, breaks %+v; want %d lines, no break", rep.Entries["access_log"], rep.Breaks, want)
	}
}

// TestAccessLogConcurrent: callers logging at once all return nil, each
// line is stored exactly once and the chain verifies.
func TestAccessLogConcurrent(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	const callers, each = 40, 10
	var wg sync.WaitGroup
	errs := make(chan error, callers*each)
	for g := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if g%4 == 0 { // some log several people at once, as an export does
					targets := []store.AccessTarget{{Region: "445302"}, {Region: "445381"}}
					errs <- db.LogAccessMany(ctx, shuangbai.SystemUser, store.AccessView, targets, "", fmt.Sprintf("g%d-%d", g, i))
					continue
				}
				errs <- logView(ctx, db, fmt.Sprintf("g%d-%d", g, i))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := int64(0)
	for g := range callers {
		per := 1
		if g%4 == 0 {
			per = 2
		}
		for i := range each {
			if n := countDetail(t, db, fmt.Sprintf("g%d-%d", g, i)); n != per {
				t.Fatalf("g%d-%d stored %d times, want %d", g, i, n, per)
			}
		}
		want += int64(per * each)
	}
	verifyChains(t, db, want)
}

// TestAccessLogSharesCommits: the callers that arrive while a batch is
// being written are written together in the next one, in one transaction,
// not one each.
func TestAccessLogSharesCommits(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	release, entered, batches := holdFirstBatch(t, db)
	first := make(chan error, 1)
	go func() { first <- logView(ctx, db, "first") }()
	<-entered
	const n = 30
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- logView(ctx, db, fmt.Sprintf("v%d", i)) }()
	}
	waitQueued(t, db, n)
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if b := batches(); len(b) != 2 || b[0] != 1 || b[1] != n {
		t.Errorf("batches of %v lines, want [1 %d]: the queued callers share one commit", b, n)
	}
	verifyChains(t, db, n+1)
}

// TestAccessLogBatchFails: a batch that cannot be written fails every
// caller in it and writes none of its lines; the next batch is written.
func TestAccessLogBatchFails(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	release, entered, _ := holdFirstBatch(t, db)
	first := make(chan error, 1)
	go func() { first <- logView(ctx, db, "first") }()
	<-entered
	errs := make(chan error, 4)
	for i := range 3 {
		go func() { errs <- logView(ctx, db, fmt.Sprintf("good%d", i)) }()
	}
	waitQueued(t, db, 3)
	go func() { // an application that does not exist: the foreign key fails the batch
		errs <- db.LogAccessMany(ctx, shuangbai.SystemUser, store.AccessView, []store.AccessTarget{{ApplicantID: 999999, Region: "445302"}}, "", "bad")
	}()
	waitQueued(t, db, 4)
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if err := <-errs; err == nil {
			t.Error("a caller in the failed batch got nil")
		}
	}
	for _, d := range []string{"good0", "good1", "good2", "bad"} {
		if n := countDetail(t, db, d); n != 0 {
			t.Errorf("%s of the failed batch stored %d times", d, n)
		}
	}
	if err := logView(ctx, db, "after"); err != nil {
		t.Fatalf("after a failed batch: %v", err)
	}
	verifyChains(t, db, 2)
}

// TestAccessLogCancel: a caller whose request ends while its line waits
// for a batch takes it back (written by no one); one whose line is already
// in a batch returns at once, and the line is written with the batch,
// once.
func TestAccessLogCancel(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	release, entered, _ := holdFirstBatch(t, db)
	inCtx, cancelIn := context.WithCancel(ctx)
	inBatch := make(chan error, 1)
	go func() { inBatch <- logView(inCtx, db, "in-batch") }()
	<-entered
	queuedCtx, cancelQueued := context.WithCancel(ctx)
	queued := make(chan error, 1)
	go func() { queued <- logView(queuedCtx, db, "queued") }()
	waitQueued(t, db, 1)
	stays := make(chan error, 1)
	go func() { stays <- logView(ctx, db, "stays") }()
	waitQueued(t, db, 2)

	cancelIn()
	if err := <-inBatch; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled in a batch: %v, want context.Canceled at once", err)
	}
	cancelQueued()
	if err := <-queued; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled in the queue: %v, want context.Canceled", err)
	}
	waitQueued(t, db, 1)
	release()
	if err := <-stays; err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]int{"in-batch": 1, "queued": 0, "stays": 1} {
		if n := countDetail(t, db, d); n != want {
			t.Errorf("%s stored %d times, want %d", d, n, want)
		}
	}
	verifyChains(t, db, 2)
}

// TestAccessLogClose: Close while callers wait writes what they handed
// over before it returns; a caller after Close is refused, not left
// waiting. The lines are on disk for the next Open.
func TestAccessLogClose(t *testing.T) {
	ctx := t.Context()
	dsn := storetest.DSN(t)
	db := storetest.OpenAt(t, dsn)
	release, entered, _ := holdFirstBatch(t, db)
	errs := make(chan error, 1+10)
	go func() { errs <- logView(ctx, db, "first") }()
	<-entered
	for i := range 10 {
		go func() { errs <- logView(ctx, db, fmt.Sprintf("w%d", i)) }()
	}
	waitQueued(t, db, 10)
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	// Until Close has begun, "late" queues behind the held batch and is
	// taken back when its short ctx ends; then it is refused.
	for start := time.Now(); ; {
		short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		err := logView(short, db, "late")
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("LogAccess still accepted after Close began: %v", err)
		}
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) with a batch in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	release()
	for range 11 {
		if err := <-errs; err != nil {
			t.Errorf("a caller waiting at Close: %v", err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := logView(ctx, db, "after"); err == nil {
		t.Error("LogAccess after Close returned nil")
	}
	again := storetest.OpenAt(t, dsn)
	if n := countDetail(t, again, "late"); n != 0 {
		t.Errorf("a line refused at Close was stored %d times", n)
	}
	verifyChains(t, again, 11)
}
