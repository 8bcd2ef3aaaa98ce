package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// lagSample is one reading of pg_stat_replication on the primary.
type lagSample struct {
	bytes   int64
	seconds float64
}

// lagUnderLoad runs API clients — social workers recording visits and
// reading their worklist, the city administrator reading reports — for
// LoadTime through the server with the standby, and samples the
// replication lag on the primary every 100 ms.
func (h *harness) lagUnderLoad(ctx context.Context, res *result) error {
	ctx, cancel := context.WithTimeout(ctx, h.o.LoadTime)
	defer cancel()
	var reqs, writes, errs atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for ci := range h.o.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				var err error
				if ci%2 == 0 { // a social worker: two visits, then her worklist
					if n%3 == 2 {
						var code int
						code, _, err = get(ctx, h.rserve.addr, h.worker, "/api/v1/worklist")
						if err == nil && code != 200 {
							err = fmt.Errorf("worklist: HTTP %d", code)
						}
					} else {
						_, err = postVisit(ctx, h.rserve.addr, h.worker, h.benefs[ci%len(h.benefs)], fmt.Sprintf("replica-test load c%d n%d", ci, n))
						writes.Add(1)
					}
				} else { // the bureau: the reports and lists
					rp := readPaths[(ci*7+n)%len(readPaths)]
					var code int
					code, _, err = get(ctx, h.rserve.addr, h.token(rp.who), rp.path)
					if err == nil && code != 200 {
						err = fmt.Errorf("%s: HTTP %d", rp.path, code)
					}
				}
				if ctx.Err() != nil {
					return // cut off by the time bound
				}
				reqs.Add(1)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	var samples []lagSample
	t := time.NewTicker(100 * time.Millisecond)
	start := time.Now()
sampling:
	for {
		select {
		case <-ctx.Done():
			break sampling
		case <-t.C:
			var s lagSample
			err := h.p.QueryRowContext(context.Background(), `SELECT COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::int8,
				COALESCE(EXTRACT(EPOCH FROM replay_lag), 0)::float8 FROM pg_stat_replication`).Scan(&s.bytes, &s.seconds)
			if err == nil {
				samples = append(samples, s)
			}
		}
	}
	t.Stop()
	wg.Wait()
	took := time.Since(start)
	res.LoadReqs, res.LoadWrites, res.LoadErrs = reqs.Load(), writes.Load(), errs.Load()
	res.LoadRate = float64(res.LoadReqs) / took.Seconds()
	if e, ok := firstErr.Load().(string); ok {
		res.LoadFirstErr = e
	}
	if len(samples) == 0 {
		return fmt.Errorf("no sample of pg_stat_replication")
	}
	b := make([]int64, len(samples))
	s := make([]float64, len(samples))
	for i, x := range samples {
		b[i], s[i] = x.bytes, x.seconds
	}
	slices.Sort(b)
	slices.Sort(s)
	q := func(n int, p float64) int { return min(n-1, int(float64(n)*p)) }
	res.LagBytes = [3]int64{b[q(len(b), 0.5)], b[q(len(b), 0.99)], b[len(b)-1]}
	res.LagSeconds = [3]float64{s[q(len(s), 0.5)], s[q(len(s), 0.99)], s[len(s)-1]}
	res.LagSamples = len(samples)
	tx1, err := h.standbyTx(context.Background())
	if err != nil {
		return err
	}
	res.StandbyTx, res.StandbyTxSecs = tx1-h.tx0, time.Since(h.t0).Seconds()
	h.say("%d requests (%d visits written) in %.1fs, %d errors; lag p50/p99/max %d/%d/%d bytes, %.3f/%.3f/%.3f s",
		res.LoadReqs, res.LoadWrites, took.Seconds(), res.LoadErrs, res.LagBytes[0], res.LagBytes[1], res.LagBytes[2],
		res.LagSeconds[0], res.LagSeconds[1], res.LagSeconds[2])
	if res.LoadErrs > 0 {
		return fmt.Errorf("%d requests failed under load, first: %s", res.LoadErrs, res.LoadFirstErr)
	}
	return nil
}

// standbyAway stops the standby while the city administrator reads, which
// must all still answer, and starts it again, which the server must take
// back into use.
func (h *harness) standbyAway(ctx context.Context, res *result) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var reads, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for ci := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				rp := readPaths[(ci*5+n)%len(readPaths)]
				code, _, err := get(ctx, h.rserve.addr, h.token(rp.who), rp.path)
				if ctx.Err() != nil {
					return
				}
				reads.Add(1)
				if err != nil || code != 200 {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %d %v", rp.path, code, err))
				}
			}
		}()
	}
	time.Sleep(time.Second)
	t0 := time.Now()
	if err := h.standby.stop(ctx, "fast"); err != nil {
		return err
	}
	if err := h.rserve.waitLog(ctx, "只读副本无法连接", 10*time.Second); err != nil {
		return err
	}
	res.DownSeen = time.Since(t0)
	time.Sleep(2 * time.Second) // reads go on against the primary alone
	t1 := time.Now()
	if err := h.standby.start(ctx); err != nil {
		return err
	}
	if err := h.rserve.waitLog(ctx, "只读副本恢复使用", 30*time.Second); err != nil {
		return err
	}
	res.BackIn = time.Since(t1)
	time.Sleep(500 * time.Millisecond)
	cancel()
	wg.Wait()
	res.AwayReads, res.AwayFailed = reads.Load(), failed.Load()
	res.AwayWarnings = strings.Count(h.rserve.log.String(), "只读副本无法连接")
	h.say("standby stopped under %d reads: %d failed; the server said so after %.1fs (%d warning lines) and used it again %.1fs after its start",
		res.AwayReads, res.AwayFailed, res.DownSeen.Seconds(), res.AwayWarnings, res.BackIn.Seconds())
	if res.AwayFailed > 0 {
		return fmt.Errorf("%d reads failed while the standby was away, first: %v", res.AwayFailed, firstErr.Load())
	}
	return waitCaughtUp(context.Background(), h.p, h.s, time.Minute)
}
