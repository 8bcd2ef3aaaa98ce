package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/gen"
	"shuangbai/store"
)

// loadConfig bounds a load run: it stops at whichever comes first.
type loadConfig struct {
	users    int
	requests int
	seconds  time.Duration
	think    time.Duration
	// warmup: the requests that start in the run's first warmup are
	// counted apart (the server's caches filling, every user's first
	// request at once) and reported beside the measured ones, not in them;
	// the bounds above count from its end.
	warmup time.Duration
	// cold empties the page cache of the SQLite files before the run, as
	// after a reboot; prewarm then reads them in with store.DB.Warm, as
	// serve does at start, and the run waits for it.
	cold, prewarm bool
}

// loadResult is one load run.
type loadResult struct {
	engine, size string
	cfg          loadConfig
	took         time.Duration
	n, errs      int64
	firstErr     string
	kinds        map[string][]time.Duration
	// slow counts the requests over slowAt by the 5-second window they
	// started in: a burst at the start (caches being filled) reads apart
	// from stalls that recur through the run.
	slow map[int]int
	// warm are the requests of the warm-up, all kinds together.
	warm []time.Duration
	// evicted: the bytes of the SQLite files put out of the page cache
	// before the run (cfg.cold); warmed: what store.DB.Warm then read.
	evicted int64
	warmed  store.Warmed
}

const slowAt = 200 * time.Millisecond

// simUser is one simulated user with a token of their own.
type simUser struct {
	kind   string // worker, officer, bureau
	token  string
	region string
	files  []int64 // a worker's own
}

// loadUsers makes the accounts: 80% social workers (each the worker of
// real files), 15% station leads and county officers, 5% bureau staff.
func loadUsers(ctx context.Context, t *target, n int) ([]*simUser, error) {
	hash, err := auth.HashPassword("bench-password-1")
	if err != nil {
		return nil, err
	}
	nw, no := n*80/100, n*15/100
	nb := n - nw - no
	rows, err := t.raw.QueryContext(ctx, t.q(`SELECT b.worker_id, MIN(p.region) FROM beneficiaries b JOIN people p ON p.id = b.worker_id
		WHERE b.open GROUP BY b.worker_id ORDER BY b.worker_id LIMIT ?`), nw)
	if err != nil {
		return nil, err
	}
	var users []*simUser
	type w struct {
		id     int64
		region string
	}
	var workers []w
	for rows.Next() {
		var x w
		if err := rows.Scan(&x.id, &x.region); err != nil {
			rows.Close()
			return nil, err
		}
		workers = append(workers, x)
	}
	rows.Close()
	mk := func(name string, u *shuangbai.User) (string, error) {
		old, _, err := t.st.UserByName(ctx, name)
		if err == nil {
			u = old
		} else if shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
			return "", err
		} else if err := t.st.CreateUser(ctx, shuangbai.SystemUser, u, hash); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		tok := auth.NewToken()
		_, err = t.st.CreateSession(ctx, u.ID, tok, store.SessionAPI, "load", 24*time.Hour)
		return tok, err
	}
	for i, x := range workers {
		name := fmt.Sprintf("load-w%d", i)
		tok, err := mk(name, &shuangbai.User{Username: name, Name: "社工", Role: shuangbai.RoleWorker, Region: x.region[:9], PersonID: x.id})
		if err != nil {
			return nil, err
		}
		su := &simUser{kind: "worker", token: tok, region: x.region[:9]}
		if err := func() error {
			r, err := t.raw.QueryContext(ctx, t.q(`SELECT id FROM beneficiaries WHERE worker_id = ? AND open ORDER BY id LIMIT 20`), x.id)
			if err != nil {
				return err
			}
			defer r.Close()
			for r.Next() {
				var id int64
				r.Scan(&id)
				su.files = append(su.files, id)
			}
			return r.Err()
		}(); err != nil {
			return nil, err
		}
		users = append(users, su)
	}
	counties := spreadCodes(t, shuangbai.LevelCounty)
	towns := spreadCodes(t, shuangbai.LevelTown)
	for i := range no {
		name := fmt.Sprintf("load-o%d", i)
		u := &shuangbai.User{Username: name, Name: "站长", Role: shuangbai.RoleStationLead, Region: towns[i%len(towns)]}
		if i%2 == 1 {
			u.Name, u.Role, u.Region = "县级", shuangbai.RoleCountyAdmin, counties[i%len(counties)]
		}
		tok, err := mk(name, u)
		if err != nil {
			return nil, err
		}
		users = append(users, &simUser{kind: "officer", token: tok, region: u.Region})
	}
	for i := range nb {
		name := fmt.Sprintf("load-b%d", i)
		region := gen.CityCode(i % max(1, min(21, len(counties))))
		if i == 0 {
			region = gen.ProvinceCode
		}
		if _, err := t.st.Region(ctx, shuangbai.Scope{All: true}, region, shuangbai.Date{}); err != nil {
			region = gen.CityCode(0)
		}
		tok, err := mk(name, &shuangbai.User{Username: name, Name: "民政局", Role: shuangbai.RoleViewer, Region: region})
		if err != nil {
			return nil, err
		}
		users = append(users, &simUser{kind: "bureau", token: tok, region: region})
	}
	return users, nil
}

func spreadCodes(t *target, l shuangbai.Level) []string {
	rs, err := t.st.RegionsAt(context.Background(), shuangbai.Scope{All: true}, l, shuangbai.Date{})
	if err != nil || len(rs) == 0 {
		return []string{t.fx.county}
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

// runLoad runs the users concurrently until the bounds are reached.
func runLoad(ctx context.Context, t *target, cfg loadConfig, prof profiles) (*loadResult, error) {
	users, err := loadUsers(ctx, t, cfg.users)
	if err != nil {
		return nil, err
	}
	res := &loadResult{engine: t.engine, size: t.size, cfg: cfg, kinds: map[string][]time.Duration{}, slow: map[int]int{}}
	if cfg.cold {
		if res.evicted, err = evict(t); err != nil {
			return nil, err
		}
	}
	if cfg.prewarm {
		w, err := t.st.Warm(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("warm: %w", err)
		}
		res.warmed = w
	}
	stop, err := prof.start()
	if err != nil {
		return nil, err
	}
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, cfg.warmup+cfg.seconds)
	defer cancel()
	var left atomic.Int64
	left.Store(int64(cfg.requests))
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(i), 99))
			for ctx.Err() == nil && left.Add(-1) >= 0 {
				kind, method, path, body := u.next(rnd, t)
				t0 := time.Now()
				err := t.doToken(ctx, u.token, kind, method, path, body)
				d := time.Since(t0)
				if ctx.Err() != nil {
					return // cut off by the time bound: neither counted nor an error
				}
				mu.Lock()
				if t0.Sub(start) < cfg.warmup {
					res.warm = append(res.warm, d)
					left.Add(1) // the warm-up's requests are not the run's
				} else {
					res.count(kind, d, t0.Sub(start)-cfg.warmup, err)
				}
				mu.Unlock()
				if cfg.think > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(time.Duration(rnd.ExpFloat64() * float64(cfg.think))):
					}
				}
			}
		}()
	}
	wg.Wait()
	res.took = time.Since(start) - cfg.warmup
	return res, nil
}

// count records one measured request that started at offset into the run.
func (res *loadResult) count(kind string, d, offset time.Duration, err error) {
	res.n++
	res.kinds[kind] = append(res.kinds[kind], d)
	if d > slowAt {
		res.slow[int(offset/(5*time.Second))]++
	}
	if err != nil {
		res.errs++
		if res.firstErr == "" {
			res.firstErr = err.Error()
		}
	}
}

// next picks the user's next request by the mix of the issue.
func (u *simUser) next(rnd *rand.Rand, t *target) (kind, method, path string, body []byte) {
	switch u.kind {
	case "worker":
		switch x := rnd.IntN(3); {
		case x == 0 || len(u.files) == 0:
			return "worker: worklist", "GET", "/api/v1/worklist", nil
		case x == 1:
			return "worker: a file", "GET", fmt.Sprintf("/api/v1/beneficiaries/%d", u.files[rnd.IntN(len(u.files))]), nil
		default:
			on := gen.AsOf.AddDays(-rnd.IntN(300))
			b, _ := json.Marshal(map[string]any{"beneficiary_id": u.files[rnd.IntN(len(u.files))], "on": on.String(), "kind": "home",
				"services": []string{"精神慰藉"}, "findings": "情况稳定"})
			return "worker: record a visit", "POST", "/api/v1/visits", b
		}
	case "officer":
		if rnd.IntN(2) == 0 {
			return "officer: beneficiary list", "GET", "/api/v1/beneficiaries?limit=50", nil
		}
		tier := "lead"
		if shuangbai.LevelOf(u.region) == shuangbai.LevelCounty {
			tier = "county"
		}
		return "officer: escalations", "GET", "/api/v1/escalations?tier=" + tier, nil
	}
	switch rnd.IntN(3) {
	case 0:
		return "bureau: progress table", "GET", "/api/v1/reports/progress?region=" + u.region + "&date=" + yearTo, nil
	case 1:
		return "bureau: dashboard", "GET", "/api/v1/dashboard?region=" + u.region, nil
	}
	return "bureau: outcomes", "GET", "/api/v1/reports/outcomes?region=" + u.region + "&from=" + yearFrom + "&to=" + yearTo, nil
}

// doToken is do with a token of the caller's.
func (t *target) doToken(ctx context.Context, token, kind, method, path string, body []byte) error {
	ctype := ""
	if body != nil {
		ctype = "application/json"
	}
	_, err := t.doWith(ctx, token, method, path, ctype, body, kindHeader, kind)
	return err
}

func (l *loadResult) write(w io.Writer) {
	fmt.Fprintf(w, "## Load, %s, %s\n\n%d simulated users, each with its own API token (80%% social workers: worklist, a file, record a visit; 15%% station leads and county officers: the list, the escalations; 5%% bureau: progress table, dashboard, outcomes); pause between requests exponential with mean %s; bounded at %d requests or %s.\n\n",
		l.engine, l.size, l.cfg.users, l.cfg.think, l.cfg.requests, l.cfg.seconds)
	if l.cfg.cold {
		fmt.Fprintf(w, "Started cold: the %d MB of the database's files were put out of the page cache first, as after a reboot", l.evicted>>20)
		if l.cfg.prewarm {
			fmt.Fprintf(w, ", then read back in by store.DB.Warm (as `serve` does at start) in %s before the users started", l.warmed.Took.Round(time.Millisecond))
		} else {
			fmt.Fprint(w, "; nothing warmed them (`serve --warm=false`)")
		}
		fmt.Fprint(w, ". ")
	}
	if l.cfg.warmup > 0 {
		fmt.Fprintf(w, "The first %s are a warm-up, counted apart: %d requests, p50 %s ms, p99 %s ms (the server's kept reports and statements filling, every user's first request at once). After it: ",
			l.cfg.warmup, len(l.warm), ms(quantile(l.warm, 0.5)), ms(quantile(l.warm, 0.99)))
	}
	fmt.Fprintf(w, "%d requests in %s: **%.0f requests/s**, **%d errors**", l.n, l.took.Round(time.Millisecond), float64(l.n)/l.took.Seconds(), l.errs)
	if l.firstErr != "" {
		fmt.Fprintf(w, " (first: %.200s)", l.firstErr)
	}
	var all []time.Duration
	var kinds []string
	for k, d := range l.kinds {
		kinds = append(kinds, k)
		all = append(all, d...)
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "; all requests p50 %s ms, p99 %s ms.\n\n| kind | requests | p50 ms | p99 ms |\n|---|---:|---:|---:|\n", ms(quantile(all, 0.5)), ms(quantile(all, 0.99)))
	for _, k := range kinds {
		d := l.kinds[k]
		fmt.Fprintf(w, "| %s | %d | %s | %s |\n", k, len(d), ms(quantile(d, 0.5)), ms(quantile(d, 0.99)))
	}
	var windows []int
	for at := range l.slow {
		windows = append(windows, at)
	}
	sort.Ints(windows)
	var parts []string
	for _, at := range windows {
		parts = append(parts, fmt.Sprintf("%d–%d s: %d", 5*at, 5*at+5, l.slow[at]))
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	fmt.Fprintf(w, "\nRequests over %s by the 5-second window they started in: %s.\n\n", slowAt, strings.Join(parts, "; "))
}
