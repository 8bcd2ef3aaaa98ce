package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

type options struct {
	PGBin    string
	Port     int
	Bin      string
	Clients  int
	LoadTime time.Duration
	Stop     string
	Sync     bool
	Keep     bool
	Log      io.Writer
}

const dbName = "replica_demo"

type harness struct {
	o       options
	dir     string
	env     []string
	primary *cluster
	standby *cluster
	p, s    *sql.DB // the script's own connections
	servers []*server
	worker  string // API token of the demo's social worker (hekou-sw)
	bureau  string // of the city administrator (yunfu-admin)
	benefs  []int64
	log     io.Writer

	rserve, pserve, fserve *server   // with the standby, primary only, after the failover
	tx0                    int64     // the standby's transactions before the reads
	t0                     time.Time // and when
}

func (h *harness) say(format string, args ...any) {
	fmt.Fprintf(h.log, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func (h *harness) cmd(args ...string) *exec.Cmd {
	c := exec.Command(h.o.Bin, args...)
	c.Env = h.env
	return c
}

func run(ctx context.Context, o options) (res result, err error) {
	start := time.Now()
	h := &harness{o: o, log: o.Log}
	if h.dir, err = os.MkdirTemp("", "shuangbai-replica-"); err != nil {
		return res, err
	}
	defer func() {
		h.cleanup()
		res.Took = time.Since(start)
	}()
	if err := ownDir(h.dir); err != nil {
		return res, err
	}
	steps := []struct {
		name string
		fn   func(context.Context, *result) error
	}{
		{"setup", h.setup},
		{"reads", h.reads},
		{"own writes", h.ownWrites},
		{"lag under load", h.lagUnderLoad},
		{"standby away", h.standbyAway},
		{"failover", h.failover},
	}
	for _, s := range steps {
		t0 := time.Now()
		h.say("== %s", s.name)
		if err := s.fn(ctx, &res); err != nil {
			return res, fmt.Errorf("%s: %w", s.name, err)
		}
		res.Phases = append(res.Phases, fmt.Sprintf("%s %.1fs", s.name, time.Since(t0).Seconds()))
	}
	return res, nil
}

// cleanup stops every server and both clusters and removes the folder.
func (h *harness) cleanup() {
	for _, s := range h.servers {
		s.stop()
	}
	for _, d := range []*sql.DB{h.p, h.s} {
		if d != nil {
			d.Close()
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, c := range []*cluster{h.standby, h.primary} {
		if c != nil {
			if _, err := os.Stat(filepath.Join(c.dir, "postmaster.pid")); err == nil {
				c.stop(ctx, "immediate")
			}
		}
	}
	if h.o.Keep {
		fmt.Fprintln(h.log, "kept", h.dir)
		return
	}
	os.RemoveAll(h.dir)
}

// setup makes the two clusters, the demo on the primary, and the tokens.
func (h *harness) setup(ctx context.Context, res *result) error {
	key := make([]byte, 32)
	rand.Read(key)
	h.env = append(os.Environ(), "SHUANGBAI_KEY="+hex.EncodeToString(key), "XDG_CONFIG_HOME="+filepath.Join(h.dir, "config"),
		"SHUANGBAI_DB=", "SHUANGBAI_ADDR=", "SHUANGBAI_KEY_FILE=", "SHUANGBAI_READ_DB=")
	if h.o.Bin == "" {
		h.o.Bin = filepath.Join(h.dir, "shuangbai")
		t0 := time.Now()
		if out, err := exec.CommandContext(ctx, "go", "build", "-o", h.o.Bin, "shuangbai/cmd/shuangbai").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
		h.say("built the binary in %.1fs", time.Since(t0).Seconds())
	}
	var err error
	t0 := time.Now()
	if h.primary, err = h.initPrimary(ctx); err != nil {
		return err
	}
	h.say("primary: initdb and start on port %d in %.1fs", h.primary.port, time.Since(t0).Seconds())
	if h.p, err = h.primary.open("postgres"); err != nil {
		return err
	}
	if _, err := h.p.ExecContext(ctx, "CREATE DATABASE "+dbName); err != nil {
		return err
	}
	h.p.Close()
	if h.p, err = h.primary.open(dbName); err != nil {
		return err
	}
	t0 = time.Now()
	if out, err := h.cmd("demo", "--load-only", "--db", h.primary.url(dbName)).CombinedOutput(); err != nil {
		return fmt.Errorf("demo: %v\n%s", err, out)
	}
	h.say("demo loaded in %.1fs", time.Since(t0).Seconds())
	for _, t := range []struct {
		user string
		to   *string
	}{{"hekou-sw", &h.worker}, {"yunfu-admin", &h.bureau}} {
		out, err := h.cmd("token", "create", "--db", h.primary.url(dbName), "--user", t.user).Output()
		if err != nil {
			return fmt.Errorf("token %s: %v", t.user, err)
		}
		*t.to = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	rows, err := h.p.QueryContext(ctx, `SELECT id FROM beneficiaries WHERE region LIKE '445302003%' AND open ORDER BY id LIMIT 8`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		h.benefs = append(h.benefs, id)
	}
	rows.Close()
	if len(h.benefs) < 2 {
		return fmt.Errorf("the demo has %d open files in 河口街道", len(h.benefs))
	}
	if err := h.p.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&res.DBBytes); err != nil {
		return err
	}
	t0 = time.Now()
	if h.standby, err = h.initStandby(ctx, h.primary); err != nil {
		return err
	}
	if h.s, err = h.standby.open(dbName); err != nil {
		return err
	}
	if err := waitCaughtUp(ctx, h.p, h.s, time.Minute); err != nil {
		return err
	}
	res.BaseBackup = time.Since(t0)
	if h.o.Sync {
		// Only now: before the standby exists every commit would wait for it.
		if _, err := h.p.ExecContext(ctx, "ALTER SYSTEM SET synchronous_standby_names = '*'"); err != nil {
			return err
		}
		if _, err := h.p.ExecContext(ctx, "SELECT pg_reload_conf()"); err != nil {
			return err
		}
	}
	h.say("standby: pg_basebackup -R, start on port %d and catch up in %.1fs", h.standby.port, res.BaseBackup.Seconds())
	return nil
}

// readPaths are the lag-tolerant reads compared, as the city
// administrator (reports, lists, search, map) and the social worker.
var readPaths = []struct{ who, path string }{
	{"bureau", "/api/v1/reports/progress?region=4453&date=2021-08-09"},
	{"bureau", "/api/v1/reports/progress?region=445302&date=2021-08-09"},
	{"bureau", "/api/v1/dashboard?region=4453&from=2021-01-01&to=2021-08-09"},
	{"bureau", "/api/v1/dashboard?region=445302003&from=2021-01-01&to=2021-08-09"},
	{"bureau", "/api/v1/reports/outcomes?region=4453&from=2021-01-01&to=2021-12-31"},
	{"bureau", "/api/v1/beneficiaries?limit=50"},
	{"bureau", "/api/v1/stations?limit=100"},
	{"bureau", "/api/v1/points?limit=100"},
	{"bureau", "/api/v1/people?limit=100"},
	{"bureau", "/api/v1/escalations?tier=county&region=445302"},
	{"bureau", "/api/v1/activities"},
	{"bureau", "/api/v1/activities/counts?from=2021-01-01&to=2021-12-31"},
	{"bureau", "/api/v1/plans"},
	{"bureau", "/api/v1/supervision-visits"},
	{"bureau", "/api/v1/action-items"},
	{"bureau", "/api/v1/evaluations"},
	{"bureau", "/api/v1/news"},
	{"bureau", "/api/v1/briefings"},
	{"bureau", "/api/v1/campaigns"},
	{"bureau", "/api/v1/search?q=%E7%A4%BE%E5%B7%A5"},
	{"bureau", "/api/v1/map?region=4453"},
	{"worker", "/api/v1/map?region=445302003&layer=beneficiary"},
	{"worker", "/api/v1/worklist"},
}

func (h *harness) token(who string) string {
	if who == "worker" {
		return h.worker
	}
	return h.bureau
}

// standbyTx is how many transactions the standby has run in the demo's
// database: the reads sent to it, and the health checks.
func (h *harness) standbyTx(ctx context.Context) (int64, error) {
	var n int64
	err := h.s.QueryRowContext(ctx, `SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()`).Scan(&n)
	return n, err
}

// reads starts the server pair and compares their answers.
func (h *harness) reads(ctx context.Context, res *result) error {
	addrR, err := freeAddr()
	if err != nil {
		return err
	}
	addrP, err := freeAddr()
	if err != nil {
		return err
	}
	if h.rserve, err = h.serve(ctx, addrR, "--db", h.primary.url(dbName), "--read-db", h.standby.url(dbName)); err != nil {
		return err
	}
	if err := h.rserve.waitLog(ctx, "只读副本可用", 10*time.Second); err != nil {
		return err
	}
	if h.pserve, err = h.serve(ctx, addrP, "--db", h.primary.url(dbName)); err != nil {
		return err
	}
	if h.tx0, err = h.standbyTx(ctx); err != nil {
		return err
	}
	h.t0 = time.Now()
	for _, rp := range readPaths {
		tok := h.token(rp.who)
		cr, br, err := get(ctx, h.rserve.addr, tok, rp.path)
		if err != nil {
			return err
		}
		cp, bp, err := get(ctx, h.pserve.addr, tok, rp.path)
		if err != nil {
			return err
		}
		res.Compared++
		switch {
		case cr != cp || !bytes.Equal(br, bp):
			return fmt.Errorf("GET %s: through the standby %d (%d bytes), the primary %d (%d bytes)\n%.300s\n%.300s", rp.path, cr, len(br), cp, len(bp), br, bp)
		case cr != 200:
			res.NotOK = append(res.NotOK, fmt.Sprintf("%s %d", rp.path, cr))
		default:
			res.ComparedBytes += len(br)
		}
	}
	h.say("%d reads equal through the standby and the primary (%d KB)", res.Compared, res.ComparedBytes/1024)
	return nil
}

// ownWrites delays the standby's replay and checks that the worker reads
// her own new visit at once, while the city administrator's read of the
// same list comes from the standby without it.
func (h *harness) ownWrites(ctx context.Context, res *result) error {
	const delay = 3 * time.Second
	if _, err := h.s.ExecContext(ctx, fmt.Sprintf("ALTER SYSTEM SET recovery_min_apply_delay = '%dms'", delay.Milliseconds())); err != nil {
		return err
	}
	if _, err := h.s.ExecContext(ctx, "SELECT pg_reload_conf()"); err != nil {
		return err
	}
	defer func() {
		h.s.ExecContext(context.Background(), "ALTER SYSTEM RESET recovery_min_apply_delay")
		h.s.ExecContext(context.Background(), "SELECT pg_reload_conf()")
	}()
	time.Sleep(500 * time.Millisecond)
	const rounds = 5
	for i := range rounds {
		f := fmt.Sprintf("replica-test own write %d", i)
		b := h.benefs[i%len(h.benefs)]
		if ok, err := postVisit(ctx, h.rserve.addr, h.worker, b, f); !ok {
			return fmt.Errorf("post: %v", err)
		}
		path := fmt.Sprintf("/api/v1/visits?beneficiary_id=%d", b)
		_, mine, err := get(ctx, h.rserve.addr, h.worker, path)
		if err != nil {
			return err
		}
		if !bytes.Contains(mine, []byte(f)) {
			return fmt.Errorf("round %d: the worker's own visit is missing from her list read right after it", i)
		}
		res.OwnSeen++
		_, theirs, err := get(ctx, h.rserve.addr, h.bureau, path)
		if err != nil {
			return err
		}
		if !bytes.Contains(theirs, []byte(f)) {
			res.OthersLate++
		}
	}
	h.say("own visit read back at once %d/%d; the city administrator read the delayed standby without it %d/%d", res.OwnSeen, rounds, res.OthersLate, rounds)
	if res.OthersLate == 0 {
		return errors.New("every read of the other user saw the new visit: the standby (3 s behind) answered none of them")
	}
	if err := waitCaughtUp(ctx, h.p, h.s, 30*time.Second); err != nil {
		return err
	}
	// pg_stat_replication shows the last lag measured for a while: let the
	// 3 s of the delay go before the lag is measured under load.
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var lag sql.NullFloat64
		h.p.ExecContext(ctx, "SELECT txid_current()") // a commit record, for a fresh measurement
		if err := h.p.QueryRowContext(ctx, `SELECT EXTRACT(EPOCH FROM replay_lag)::float8 FROM pg_stat_replication`).Scan(&lag); err == nil && (!lag.Valid || lag.Float64 < 0.5) {
			break
		}
	}
	return nil
}
