package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"
)

// failover has API clients write visits, stops the primary (-stop),
// promotes the standby, restarts serve on it at the same address, and
// checks that every acknowledged visit is there exactly once.
func (h *harness) failover(ctx context.Context, res *result) error {
	h.pserve.stop()
	addr := h.rserve.addr
	clients := max(1, h.o.Clients/2)
	var mu sync.Mutex
	acked := map[string]time.Time{}
	var sent int
	var switched time.Time // when the primary was told to stop
	stopClients := make(chan struct{})
	var wg sync.WaitGroup
	for ci := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stopClients:
					return
				default:
				}
				f := fmt.Sprintf("replica-test failover c%d n%d", ci, n)
				mu.Lock()
				sent++
				mu.Unlock()
				// A failed request is never sent again: the next one has
				// findings of its own, so a visit stored twice is a bug.
				ok, _ := postVisit(ctx, addr, h.worker, h.benefs[ci%len(h.benefs)], f)
				now := time.Now()
				mu.Lock()
				if ok {
					acked[f] = now
				}
				mu.Unlock()
				if !ok {
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	time.Sleep(2 * time.Second)
	mu.Lock()
	switched = time.Now()
	before := len(acked)
	mu.Unlock()
	if err := h.primary.stop(ctx, h.o.Stop); err != nil {
		close(stopClients)
		wg.Wait()
		return err
	}
	stopped := time.Since(switched)
	if err := h.standby.promote(ctx); err != nil {
		close(stopClients)
		wg.Wait()
		return err
	}
	promoted := time.Since(switched)
	h.rserve.stop()
	var err error
	h.fserve, err = h.serve(ctx, addr, "--db", h.standby.url(dbName))
	if err != nil {
		close(stopClients)
		wg.Wait()
		return err
	}
	served := time.Since(switched)
	time.Sleep(2 * time.Second) // writes on the new primary
	close(stopClients)
	wg.Wait()
	h.fserve.stop()

	stored, err := testVisits(ctx, h.s, "replica-test failover %")
	if err != nil {
		return err
	}
	var lost []string
	dups := 0
	for f := range acked {
		if stored[f] != 1 {
			lost = append(lost, f)
		}
	}
	total := 0
	for _, n := range stored {
		total += n
		if n > 1 {
			dups++
		}
	}
	res.FoSent, res.FoAcked, res.FoAckedBefore, res.FoStored = sent, len(acked), before, total
	res.FoLost, res.FoDup = len(lost), dups
	res.FoStop, res.FoPromote, res.FoServe = stopped, promoted, served
	// The gap: from the last answer of the old primary to the first of
	// the new one.
	down := switched.Add(stopped)
	var lastBefore, firstAfter time.Time
	for _, at := range acked {
		if at.Before(down) && at.After(lastBefore) {
			lastBefore = at
		}
		if at.After(down) && (firstAfter.IsZero() || at.Before(firstAfter)) {
			firstAfter = at
		}
	}
	if !firstAfter.IsZero() {
		res.FoGap = firstAfter.Sub(lastBefore)
	}
	// The old primary, started again on its own, shows what it had
	// committed: with a fast stop, the standby must hold all of it.
	if err := h.primary.start(ctx); err == nil {
		if old, err := h.primary.open(dbName); err == nil {
			if had, err := testVisits(ctx, old, "replica-test failover %"); err == nil {
				for f := range had {
					if stored[f] == 0 {
						res.FoOldOnly++
					}
				}
				res.FoOldHad = len(had)
			}
			old.Close()
		}
		h.primary.stop(ctx, "immediate")
	}
	h.say("failover (%s stop%s): %d visits sent, %d acknowledged (%d before the stop), %d stored on the promoted standby; lost %d, duplicated %d; old primary held %d, %d of them not on the standby",
		h.o.Stop, map[bool]string{true: ", synchronous", false: ""}[h.o.Sync], res.FoSent, res.FoAcked, res.FoAckedBefore, res.FoStored, res.FoLost, res.FoDup, res.FoOldHad, res.FoOldOnly)
	h.say("primary stopped in %.1fs, standby promoted at %.1fs, serve answering on it at %.1fs; no acknowledged write for %.1fs",
		res.FoStop.Seconds(), res.FoPromote.Seconds(), res.FoServe.Seconds(), res.FoGap.Seconds())
	switch {
	case dups > 0:
		return fmt.Errorf("%d visits stored twice", dups)
	case firstAfter.IsZero():
		return fmt.Errorf("no write was acknowledged after the failover")
	case len(lost) > 0 && (h.o.Stop == "fast" || h.o.Sync):
		return fmt.Errorf("%d acknowledged visits lost, e.g. %q", len(lost), lost[0])
	case h.o.Stop == "fast" && res.FoOldOnly > 0:
		return fmt.Errorf("the old primary committed %d visits the standby never got", res.FoOldOnly)
	}
	return nil
}

// testVisits counts the stored visits by findings.
func testVisits(ctx context.Context, db *sql.DB, like string) (map[string]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT findings, COUNT(*) FROM visits WHERE findings LIKE $1 GROUP BY findings`, like)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var f string
		var n int
		if err := rows.Scan(&f, &n); err != nil {
			return nil, err
		}
		out[f] = n
	}
	return out, rows.Err()
}

// result is what a run measured.
type result struct {
	DBBytes       int64
	BaseBackup    time.Duration
	Compared      int
	ComparedBytes int
	NotOK         []string
	OwnSeen       int
	OthersLate    int
	LoadReqs      int64
	LoadWrites    int64
	LoadErrs      int64
	LoadFirstErr  string
	LoadRate      float64
	LagBytes      [3]int64   // p50, p99, max
	LagSeconds    [3]float64 // p50, p99, max
	LagSamples    int
	StandbyTx     int64
	StandbyTxSecs float64
	AwayReads     int64
	AwayFailed    int64
	AwayWarnings  int
	DownSeen      time.Duration
	BackIn        time.Duration
	FoSent        int
	FoAcked       int
	FoAckedBefore int
	FoStored      int
	FoLost        int
	FoDup         int
	FoOldHad      int
	FoOldOnly     int
	FoStop        time.Duration
	FoPromote     time.Duration
	FoServe       time.Duration
	FoGap         time.Duration
	Phases        []string
	Took          time.Duration
}

func (r result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n== replica-test: %.0fs (%s)\n", r.Took.Seconds(), strings.Join(r.Phases, ", "))
	n := len(r.Phases)
	if n < 1 {
		return b.String()
	}
	fmt.Fprintf(&b, "database %.1f MB; standby made and caught up in %.1fs\n", float64(r.DBBytes)/1e6, r.BaseBackup.Seconds())
	if n < 2 {
		return b.String()
	}
	fmt.Fprintf(&b, "reads: %d lag-tolerant API reads equal through the standby and the primary (%d KB)", r.Compared, r.ComparedBytes/1024)
	if len(r.NotOK) > 0 {
		fmt.Fprintf(&b, "; not 200 on both: %s", strings.Join(r.NotOK, ", "))
	}
	b.WriteString("\n")
	if n < 3 {
		return b.String()
	}
	fmt.Fprintf(&b, "own writes (standby 3 s behind): her visit read back at once %d/5; another user's read came from the late standby %d/5\n", r.OwnSeen, r.OthersLate)
	if n < 4 {
		return b.String()
	}
	fmt.Fprintf(&b, "load: %d requests (%d visits written), %.0f/s, %d errors; the standby ran %d transactions in %.0fs (health checks about 2/s)\n",
		r.LoadReqs, r.LoadWrites, r.LoadRate, r.LoadErrs, r.StandbyTx, r.StandbyTxSecs)
	fmt.Fprintf(&b, "replication lag over %d samples (p50/p99/max): %d/%d/%d bytes, %.3f/%.3f/%.3f s\n",
		r.LagSamples, r.LagBytes[0], r.LagBytes[1], r.LagBytes[2], r.LagSeconds[0], r.LagSeconds[1], r.LagSeconds[2])
	if n < 5 {
		return b.String()
	}
	fmt.Fprintf(&b, "standby stopped under reads: %d reads, %d failed; noticed in %.1fs (%d warning lines), back in use %.1fs after its start\n",
		r.AwayReads, r.AwayFailed, r.DownSeen.Seconds(), r.AwayWarnings, r.BackIn.Seconds())
	if n < 6 {
		return b.String()
	}
	fmt.Fprintf(&b, "failover: %d sent, %d acknowledged, %d stored, lost %d, duplicated %d; old primary held %d (%d not on the standby); promoted at %.1fs, serving at %.1fs, %.1fs without an acknowledged write\n",
		r.FoSent, r.FoAcked, r.FoStored, r.FoLost, r.FoDup, r.FoOldHad, r.FoOldOnly, r.FoPromote.Seconds(), r.FoServe.Seconds(), r.FoGap.Seconds())
	return b.String()
}
