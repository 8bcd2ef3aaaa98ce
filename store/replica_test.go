package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// logBuffer collects a logger's lines; the health check logs from its own
// goroutine.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, nil)), b
}

// TestReplicaRefused: --read-db is refused with a SQLite primary and when
// it is no postgres:// URL.
func TestReplicaRefused(t *testing.T) {
	ctx := t.Context()
	lite, err := store.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if err := lite.UseReplica(ctx, "postgres://postgres@127.0.0.1:5433/x", nil); err == nil || !strings.Contains(err.Error(), "只用于 PostgreSQL") {
		t.Errorf("SQLite with --read-db: %v", err)
	}
	if os.Getenv(storetest.EnvPostgres) == "" {
		return
	}
	db := storetest.Open(t)
	if err := db.UseReplica(ctx, "/var/lib/standby.db", nil); err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("--read-db a file: %v", err)
	}
}

// pgOnly opens a PostgreSQL test database and returns its URL, or skips.
func pgOnly(t *testing.T) (*store.DB, string) {
	t.Helper()
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip("read replicas are PostgreSQL's: set " + storetest.EnvPostgres)
	}
	t.Parallel() // each has its own schema and proxy; most of the time is spent migrating
	dsn := storetest.DSN(t)
	db := storetest.OpenAt(t, dsn)
	storetest.Yunfu(t, db)
	storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2021, 1, 4))
	return db, dsn
}

// stationCount is a lag-tolerant read: the station list.
func stationCount(ctx context.Context, t *testing.T, db *store.DB) int {
	t.Helper()
	_, n, err := db.Stations(ctx, shuangbai.Scope{All: true}, shuangbai.SiteFilter{Limit: 10})
	if err != nil {
		t.Fatalf("station list: %v", err)
	}
	return n
}

// TestReplicaNotStandby: a --read-db that answers but is a primary, and
// one that cannot be reached, are said at start in clear words; the reads
// go to the primary and answer.
func TestReplicaNotStandby(t *testing.T) {
	db, dsn := pgOnly(t)
	for _, tt := range []struct {
		name, dsn, want string
	}{
		{"a primary", dsn, "不是热备库"},
		{"unreachable", "postgres://postgres@127.0.0.1:1/test?sslmode=disable", "无法连接"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := db
			if tt.name != "a primary" {
				db = storetest.OpenAt(t, dsn)
			}
			log, buf := newLog()
			if err := db.UseReplica(t.Context(), tt.dsn, log); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tt.want) || !strings.Contains(buf.String(), "level=WARN") {
				t.Errorf("log lacks a warning %q:\n%s", tt.want, buf)
			}
			ctx := store.MayLag(t.Context())
			if db.ReadsFromReplicaForTest(ctx) {
				t.Error("reads go to the replica")
			}
			if n := stationCount(store.MayLag(t.Context()), t, db); n != 1 {
				t.Errorf("%d stations, want 1", n)
			}
		})
	}
}

// proxy forwards TCP connections to PostgreSQL and can be cut and
// restored on the same address: a standby that goes away and comes back.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection through it.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.serve(ln)
}

// through returns dsn with its host replaced by the proxy's address.
func (p *proxy) through(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		p.t.Fatal(err)
	}
	u.Host = p.addr
	return u.String()
}

// fakeStandby is a probe that reaches the "standby" (the primary, through
// the proxy) and says it is in recovery, replayed up to replay, or, while
// replay is 0, up to the primary's current position.
func fakeStandby(replay *atomic.Uint64) func(ctx context.Context, pool *sql.DB) (bool, uint64, error) {
	return func(ctx context.Context, pool *sql.DB) (bool, uint64, error) {
		var at int64
		if err := pool.QueryRowContext(ctx, `SELECT (pg_current_wal_insert_lsn() - '0/0')::int8`).Scan(&at); err != nil {
			return false, 0, err
		}
		if r := replay.Load(); r != 0 {
			return true, r, nil
		}
		return true, uint64(at), nil
	}
}

// replicaThroughProxy makes db read from a fake standby behind a proxy.
func replicaThroughProxy(t *testing.T, db *store.DB, dsn string, replay *atomic.Uint64, maxLag time.Duration) (*proxy, *logBuffer) {
	t.Helper()
	u, _ := url.Parse(dsn)
	p := newProxy(t, u.Host)
	log, buf := newLog()
	if err := db.UseReplica(t.Context(), p.through(dsn), log); err != nil {
		t.Fatal(err)
	}
	db.FakeStandbyForTest(fakeStandby(replay), maxLag)
	db.CheckReplicaForTest(t.Context())
	return p, buf
}

// TestReplicaGoesAway: a standby that stops answering at run time makes
// the read that finds it gone, and the rest of that request, fall back to
// the primary with one warning however many reads follow; a health check
// brings it back for new requests.
func TestReplicaGoesAway(t *testing.T) {
	db, dsn := pgOnly(t)
	var replay atomic.Uint64
	p, log := replicaThroughProxy(t, db, dsn, &replay, time.Minute)
	ctx := t.Context()
	if !db.ReadsFromReplicaForTest(store.MayLag(ctx)) {
		t.Fatalf("a healthy standby is not read:\n%s", log)
	}
	if db.ReadsFromReplicaForTest(ctx) {
		t.Error("a request not marked MayLag reads the standby")
	}
	req := store.MayLag(ctx)
	if n := stationCount(req, t, db); n != 1 {
		t.Errorf("through the standby: %d stations, want 1", n)
	}

	p.cut()
	if n := stationCount(req, t, db); n != 1 {
		t.Errorf("standby gone: %d stations, want 1", n)
	}
	for range 5 {
		stationCount(store.MayLag(ctx), t, db)
		db.CheckReplicaForTest(ctx)
	}
	if n := log.count("无法连接"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, log)
	}
	if db.ReadsFromReplicaForTest(store.MayLag(ctx)) {
		t.Error("reads go to a standby that is gone")
	}

	p.restore()
	db.CheckReplicaForTest(ctx)
	if !db.ReadsFromReplicaForTest(store.MayLag(ctx)) {
		t.Errorf("the standby is back but not read:\n%s", log)
	}
	if !strings.Contains(log.String(), "恢复使用") {
		t.Errorf("its return is not logged:\n%s", log)
	}
	if db.ReadsFromReplicaForTest(req) {
		t.Error("the request that fell back went back to the standby mid-way")
	}
}

// TestReplicaComesUp: a standby unreachable at start is taken into use by
// the background health check once it answers.
func TestReplicaComesUp(t *testing.T) {
	db, dsn := pgOnly(t)
	u, _ := url.Parse(dsn)
	p := newProxy(t, u.Host)
	p.cut()
	log, buf := newLog()
	if err := db.UseReplica(t.Context(), p.through(dsn), log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "无法连接") {
		t.Errorf("no warning at start:\n%s", buf)
	}
	p.restore()
	// The real probe finds a primary behind the proxy: the health check
	// runs and says so, still not using it.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), "不是热备库") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(buf.String(), "不是热备库") {
		t.Fatalf("the health check did not look again:\n%s", buf)
	}
	if db.ReadsFromReplicaForTest(store.MayLag(t.Context())) {
		t.Error("a primary is read as a standby")
	}
}

// TestReplicaOwnWrites: after a user's write, that user's lag-tolerant
// reads go to the primary until the standby has replayed it; another
// user's go to the standby.
func TestReplicaOwnWrites(t *testing.T) {
	db, dsn := pgOnly(t)
	var replay atomic.Uint64
	_, log := replicaThroughProxy(t, db, dsn, &replay, time.Minute)
	ctx := t.Context()
	at, err := db.WALForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	replay.Store(at) // the standby stops replaying here
	db.CheckReplicaForTest(ctx)
	writer := store.ForUser(ctx, 7)
	if !db.ReadsFromReplicaForTest(store.MayLag(writer)) {
		t.Fatalf("before any write the standby is not read:\n%s", log)
	}
	st := &shuangbai.Station{Region: "445302102", Site: shuangbai.Site{Name: "腰古镇社工站", Status: shuangbai.SitePlanned}}
	if err := db.CreateStation(writer, shuangbai.SystemUser, st); err != nil {
		t.Fatal(err)
	}
	if db.ReadsFromReplicaForTest(store.MayLag(writer)) {
		t.Error("the writer reads a standby that has not replayed her write")
	}
	if n := stationCount(store.MayLag(writer), t, db); n != 2 {
		t.Errorf("the writer sees %d stations, want 2 with her own", n)
	}
	if !db.ReadsFromReplicaForTest(store.MayLag(store.ForUser(ctx, 8))) {
		t.Error("another user's reads left the standby")
	}
	now, err := db.WALForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	replay.Store(now)
	db.CheckReplicaForTest(ctx)
	if !db.ReadsFromReplicaForTest(store.MayLag(writer)) {
		t.Error("the standby has her write but she still reads the primary")
	}
}

// TestReplicaBehind: a standby further behind than the bound is not read
// until it has caught up.
func TestReplicaBehind(t *testing.T) {
	db, dsn := pgOnly(t)
	var replay atomic.Uint64
	_, log := replicaThroughProxy(t, db, dsn, &replay, 300*time.Millisecond)
	ctx := t.Context()
	at, _ := db.WALForTest(ctx)
	replay.Store(at)
	db.CheckReplicaForTest(ctx)
	storetest.Station(t, db, "445381004", "双东街道社工站", shuangbai.NewDate(2021, 1, 4))
	db.CheckReplicaForTest(ctx) // the primary is seen past the standby
	time.Sleep(400 * time.Millisecond)
	db.CheckReplicaForTest(ctx)
	if db.ReadsFromReplicaForTest(store.MayLag(ctx)) {
		t.Errorf("a standby 400 ms behind (bound 300 ms) is read:\n%s", log)
	}
	if !strings.Contains(log.String(), "落后") {
		t.Errorf("no warning:\n%s", log)
	}
	now, _ := db.WALForTest(ctx)
	replay.Store(now)
	db.CheckReplicaForTest(ctx)
	if !db.ReadsFromReplicaForTest(store.MayLag(ctx)) {
		t.Errorf("a standby caught up is not read:\n%s", log)
	}
}

// TestReplicaAccessLogNotOwnWrite: the access-log line every view of a
// file writes does not send the viewer's next reads to the primary.
func TestReplicaAccessLogNotOwnWrite(t *testing.T) {
	db, dsn := pgOnly(t)
	var replay atomic.Uint64
	_, log := replicaThroughProxy(t, db, dsn, &replay, time.Minute)
	ctx := t.Context()
	at, _ := db.WALForTest(ctx)
	replay.Store(at)
	db.CheckReplicaForTest(ctx)
	u := storetest.User(t, db, "yc-admin", shuangbai.RoleCountyAdmin, "445302", "x")
	viewer := store.ForUser(ctx, u.ID)
	if err := db.LogAccess(viewer, u, store.AccessView, 0, "445302003", "", "列表"); err != nil {
		t.Fatal(err)
	}
	if !db.ReadsFromReplicaForTest(store.MayLag(viewer)) {
		t.Errorf("an access-log line holds the viewer's reads on the primary:\n%s", log)
	}
}
