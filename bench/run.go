package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"shuangbai"
	"shuangbai/store"
)

// result is one read or write on one database.
type result struct {
	name           string
	calls          int
	http50, http90 time.Duration
	sql50, sql90   time.Duration
	err            string
	read           bool // a read, held to the target; the writes are not
}

// The target for a read: its HTTP median within targetRatio of
// its SQL's plus targetFloor, the most a request may add of its own.
const (
	targetRatio = 1.5
	targetFloor = 200 * time.Microsecond
)

// within reports whether a read met the target.
func (r result) within() bool {
	return float64(r.http50) <= targetRatio*float64(r.sql50)+float64(targetFloor)
}

// target is the table's cell for the target: yes, no, or nothing for a write.
func (r result) target() string {
	switch {
	case !r.read:
		return ""
	case r.within():
		return "yes"
	}
	return "**no**"
}

func (r result) ratio() float64 {
	if r.sql50 <= 0 {
		return 0
	}
	return float64(r.http50) / float64(r.sql50)
}

// run is everything measured on one database.
type run struct {
	engine, size string
	rows         map[string]int
	results      []result
	bulk         *bulkResult
}

// measure alternates the two sides call by call, so that the machine's
// noise falls on both alike, until n calls or the budget are spent.
func measure(ctx context.Context, name string, n int, budget time.Duration, a, b func(context.Context) error) result {
	return measureAfter(ctx, name, n, budget, nil, a, b)
}

// measureAfter is measure running prep, untimed, before each call of a
// and of b (nil for nothing).
func measureAfter(ctx context.Context, name string, n int, budget time.Duration, prep, a, b func(context.Context) error) result {
	r := result{name: name}
	if prep == nil {
		prep = func(context.Context) error { return nil }
	}
	for range 2 { // warm caches and plans
		if err := prep(ctx); err != nil {
			r.err = "prep: " + err.Error()
			return r
		}
		if err := a(ctx); err != nil {
			r.err = err.Error()
			return r
		}
		if err := prep(ctx); err != nil {
			r.err = "prep: " + err.Error()
			return r
		}
		if err := b(ctx); err != nil {
			r.err = "sql: " + err.Error()
			return r
		}
	}
	var da, db []time.Duration
	var spent time.Duration
	for i := 0; i < n && (i < 5 || spent < 2*budget); i++ {
		if err := prep(ctx); err != nil {
			r.err = "prep: " + err.Error()
			return r
		}
		t := time.Now()
		if err := a(ctx); err != nil {
			r.err = err.Error()
			return r
		}
		d := time.Since(t)
		da = append(da, d)
		if err := prep(ctx); err != nil {
			r.err = "prep: " + err.Error()
			return r
		}
		t = time.Now()
		if err := b(ctx); err != nil {
			r.err = "sql: " + err.Error()
			return r
		}
		db = append(db, time.Since(t))
		spent += d + time.Since(t)
	}
	r.calls = len(da)
	r.http50, r.http90 = quantile(da, 0.5), quantile(da, 0.9)
	r.sql50, r.sql90 = quantile(db, 0.5), quantile(db, 0.9)
	return r
}

func runReads(ctx context.Context, t *target, n int, budget time.Duration, withWrites bool, only string) *run {
	out := &run{engine: t.engine, size: t.size, rows: t.rows}
	for _, rd := range reads(t) {
		rd := rd
		if !strings.Contains(rd.name, only) {
			continue
		}
		r := measureAfter(ctx, rd.name, n, budget, rd.prep, func(ctx context.Context) error {
			_, err := t.do(ctx, rd.as, "GET", rd.path, "", nil)
			return err
		}, func(ctx context.Context) error { return rd.sql(ctx, t) })
		r.read = true
		fmt.Fprintf(os.Stderr, "%s %s %-32s http %8s  sql %8s  %.1f× %s\n", t.engine, t.size, rd.name, r.http50, r.sql50, r.ratio(), r.err)
		out.results = append(out.results, r)
	}
	if !withWrites {
		return out
	}
	if err := t.benchAudit(ctx); err != nil {
		out.results = append(out.results, result{name: "writes", err: err.Error()})
		return out
	}
	for _, w := range writes() {
		w := w
		if !strings.Contains(w.name, only) {
			continue
		}
		calls := n
		if w.calls > 0 {
			calls = w.calls
		}
		r := measure(ctx, w.name, calls, budget, func(ctx context.Context) error { return w.http(ctx, t) },
			func(ctx context.Context) error { return w.sql(ctx, t) })
		fmt.Fprintf(os.Stderr, "%s %s %-32s http %8s  sql %8s  %.1f× %s\n", t.engine, t.size, w.name, r.http50, r.sql50, r.ratio(), r.err)
		out.results = append(out.results, r)
	}
	return out
}

// bulkResult compares the loader with the raw engine on the same rows.
type bulkResult struct {
	rows      int
	bulk, raw time.Duration
	method    string
}

var errRollback = errors.New("rollback")

// bulkRate inserts the same 100,000 visits, each time rolled back:
// through store.Bulk.Insert (the generator's path: COPY on PostgreSQL,
// prepared multi-row INSERTs on SQLite) and through the engine's own
// fastest way with nothing of ours in between (pgx CopyFrom on a
// connection of its own; one prepared single-row INSERT in one
// transaction on SQLite).
func bulkRate(ctx context.Context, t *target) (*bulkResult, error) {
	cols := []string{"beneficiary_id", "region", "visited_on", "kind", "findings", "services", "next_due", "recorded_by", "created_at"}
	rs, err := t.raw.QueryContext(ctx, `SELECT beneficiary_id, region, visited_on, kind, findings, services, next_due, recorded_by, created_at FROM visits ORDER BY id LIMIT 100000`)
	if err != nil {
		return nil, err
	}
	var rows [][]any
	for rs.Next() {
		var bid int64
		var region, kind, findings, services, by string
		var on shuangbai.Date // the loader counts visits per day: it wants the day as a Date
		var due, at any
		if err := rs.Scan(&bid, &region, &on, &kind, &findings, &services, &due, &by, &at); err != nil {
			rs.Close()
			return nil, err
		}
		rows = append(rows, []any{bid, region, on, kind, findings, services, due, by, at})
	}
	rs.Close()
	if len(rows) == 0 {
		return nil, errors.New("no visits")
	}
	res := &bulkResult{rows: len(rows), method: "prepared single-row INSERT, one transaction"}
	if t.pg {
		res.method = "pgx CopyFrom, own connection"
	}
	// Each side twice, in turn, the better run kept: the first insert into
	// a province's indexes reads their pages from disk, which the side
	// that went second found in the cache (one run: 3,300 against 23,600
	// rows/s, where the same loader went at 55% of raw before).
	for range 2 {
		bulk, err := bulkOnce(ctx, t, cols, rows)
		if err != nil {
			return nil, err
		}
		raw, err := rawOnce(ctx, t, cols, rows)
		if err != nil {
			return nil, err
		}
		if res.bulk == 0 || bulk < res.bulk {
			res.bulk = bulk
		}
		if res.raw == 0 || raw < res.raw {
			res.raw = raw
		}
	}
	return res, nil
}

// bulkOnce inserts rows through store.Bulk.Insert and rolls them back.
func bulkOnce(ctx context.Context, t *target, cols []string, rows [][]any) (time.Duration, error) {
	var took time.Duration
	start := time.Now()
	err := t.st.BulkLoad(ctx, func(b *store.Bulk) error {
		if err := b.Insert(ctx, "visits", cols, rows); err != nil {
			return err
		}
		took = time.Since(start)
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		return 0, err
	}
	return took, nil
}

// rawOnce inserts rows the engine's own fastest way and rolls them back.
func rawOnce(ctx context.Context, t *target, cols []string, rows [][]any) (time.Duration, error) {
	start := time.Now()
	if t.pg {
		c, err := pgx.Connect(ctx, t.dsn)
		if err != nil {
			return 0, err
		}
		defer c.Close(ctx)
		tx, err := c.Begin(ctx)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"visits"}, cols, pgx.CopyFromRows(rows)); err != nil {
			return 0, err
		}
		return time.Since(start), nil
	}
	tx, err := t.raw.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO visits (beneficiary_id, region, visited_on, kind, findings, services, next_due, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	for _, r := range rows {
		if _, err := st.ExecContext(ctx, r...); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// report is RESULTS.md.
type report struct {
	start        time.Time
	load0, load1 string
	runs         []*run
	loads        []*loadResult
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/1e6) }

func (rep *report) write(w io.Writer) {
	fmt.Fprintf(w, "# Benchmarks\n\nRegenerate with `go run ./bench` (see its -help). Written by bench/, do not edit.\n\n")
	fmt.Fprintf(w, "- Machine: %s\n- Commit: %s\n- Date: %s (took %s)\n- Load average (1, 5, 15 min) at start: %s; at end: %s — the machine is shared, so compare ratios within this run, not times across runs\n\n",
		machine(), commit(), rep.start.UTC().Format("2006-01-02 15:04 UTC"), time.Since(rep.start).Round(time.Second), rep.load0, rep.load1)
	fmt.Fprintf(w, "HTTP: the real server (web.New) in the bench's process on 127.0.0.1, a real API token per account, each answer read in full. SQL: the best hand-written query for the same answer on a connection of its own to the same database: the same rows with every column and joined name the answer carries (a file's groups, its village, town and county, its worker), every column of every row read; what SQL cannot do (opening the sealed ID and phone numbers, wording reasons, highlighting, JSON) is the server's alone. The writes file what they add in a city of their own (4499) that no read looks at, so a run does not change the next run's reads. Times in ms, median (p90) of the calls; ratio = HTTP median / SQL median. Both sides alternate call by call.\n\n")
	for _, r := range rep.runs {
		fmt.Fprintf(w, "## %s, %s\n\nRows:", r.engine, r.size)
		for _, tb := range rowTables {
			fmt.Fprintf(w, " %s %d;", tb, r.rows[tb])
		}
		fmt.Fprintf(w, "\n\n| read or write | calls | HTTP ms | SQL ms | ratio | within target |\n|---|---:|---:|---:|---:|:---:|\n")
		reads, met := 0, 0
		for _, x := range r.results {
			if x.err != "" {
				fmt.Fprintf(w, "| %s | | error: %.200s | | | |\n", x.name, x.err)
				continue
			}
			fmt.Fprintf(w, "| %s | %d | %s (%s) | %s (%s) | %.2f | %s |\n", x.name, x.calls, ms(x.http50), ms(x.http90), ms(x.sql50), ms(x.sql90), x.ratio(), x.target())
			if x.read {
				reads++
				if x.within() {
					met++
				}
			}
		}
		fmt.Fprintf(w, "\nTarget (HTTP median ≤ %.1f × SQL median + %s ms): %d of %d reads.\n", targetRatio, ms(targetFloor), met, reads)
		if b := r.bulk; b != nil {
			fmt.Fprintf(w, "\nBulk load of %d visits (rolled back; each side the better of two runs in turn): store.Bulk.Insert %.0f rows/s; raw engine (%s) %.0f rows/s; loader at %.0f%% of raw.\n",
				b.rows, float64(b.rows)/b.bulk.Seconds(), b.method, float64(b.rows)/b.raw.Seconds(), 100*b.raw.Seconds()/b.bulk.Seconds())
		}
		fmt.Fprintln(w)
	}
	rep.growth(w)
	for _, l := range rep.loads {
		l.write(w)
	}
}

// growth puts the HTTP medians of each read side by side across sizes.
func (rep *report) growth(w io.Writer) {
	byEngine := map[string][]*run{}
	var engines []string
	for _, r := range rep.runs {
		if byEngine[r.engine] == nil {
			engines = append(engines, r.engine)
		}
		byEngine[r.engine] = append(byEngine[r.engine], r)
	}
	for _, e := range engines {
		runs := byEngine[e]
		if len(runs) < 2 {
			continue
		}
		fmt.Fprintf(w, "## Growth, %s (HTTP median ms; beneficiaries in brackets)\n\n| read |", e)
		for _, r := range runs {
			fmt.Fprintf(w, " %s (%d) |", r.size, r.rows["beneficiaries"])
		}
		fmt.Fprintf(w, "\n|---|%s\n", repeat("---:|", len(runs)))
		for i, x := range runs[0].results {
			fmt.Fprintf(w, "| %s |", x.name)
			for _, r := range runs {
				if i < len(r.results) && r.results[i].err == "" {
					fmt.Fprintf(w, " %s |", ms(r.results[i].http50))
				} else {
					fmt.Fprint(w, " – |")
				}
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
