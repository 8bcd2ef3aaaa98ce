package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// A PostgreSQL hot standby (--read-db) answers the reads that may lag: the
// web marks those requests (MayLag), and the read methods behind them ask
// db.reader(ctx), which names the standby only while it answers, is in
// recovery, is at most maxReplicaLag behind, and has replayed the reading
// user's own last write. Everything else — every write, every read of a
// request not marked, every read of a user whose write the standby has not
// replayed yet — goes to the primary. A standby that fails a query sends
// that query, and the rest of its request, to the primary; the health
// check, every replicaPoll, brings it back.

const (
	replicaPoll    = 500 * time.Millisecond
	replicaTimeout = 3 * time.Second // a health check, or the first connection
	maxReplicaLag  = 30 * time.Second
	warnEvery      = time.Minute // at most one warning of a kind this often
)

type replicaState int

const (
	replicaOK       replicaState = iota
	replicaDown                  // unreachable, or a query failed
	replicaPrimary               // answers but is not in recovery: not a standby
	replicaForeign               // a standby of another database
	replicaBehind                // more than maxReplicaLag behind the primary
	replicaRefused               // not a state: a query the standby failed, for warnings
	replicaStarting              // before the first health check
)

// replica is the standby and what the health check knows of it.
type replica struct {
	pool *sql.DB
	dsn  string
	log  *slog.Logger
	stop context.CancelFunc
	done chan struct{}
	// identity names the primary's database (cluster, database, schema),
	// which the standby must match.
	identity string

	mu sync.Mutex
	// probe reads whether the standby is in recovery and the WAL position
	// it has replayed; tests replace it, and maxLag.
	probe   func(ctx context.Context, pool *sql.DB) (inRecovery bool, replay uint64, err error)
	maxLag  time.Duration
	state   replicaState
	reason  string
	replay  uint64              // WAL position the standby has replayed
	samples []lsnSample         // the primary's WAL position over the last maxLag
	users   map[int64]userWrite // a user's last write
	warned  map[replicaState]time.Time
	quiet   map[replicaState]int // warnings not logged since
}

type lsnSample struct {
	at  time.Time
	lsn uint64
}

type userWrite struct {
	lsn uint64 // the primary's WAL insert position after the commit
	at  time.Time
}

// UseReplica sends the reads of requests marked with MayLag to the
// PostgreSQL hot standby at dsn, a streaming replica of this database. A
// standby that cannot be reached, is no standby, or replicates another
// database is reported on log, and those reads use the primary until a
// health check finds it good. The primary must be PostgreSQL.
func (db *DB) UseReplica(ctx context.Context, dsn string, log *slog.Logger) error {
	if db.dialect != postgres {
		return errors.New("--read-db 只用于 PostgreSQL：SQLite 数据库在本机的一个文件里，没有只读副本 (--read-db needs a PostgreSQL primary; SQLite has no replicas)")
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return fmt.Errorf("--read-db 应为 postgres:// 连接串（PostgreSQL 热备库），而不是 %q (--read-db must be a postgres:// URL of a hot standby)", redact(dsn))
	}
	if db.replica != nil {
		return errors.New("store: UseReplica called twice")
	}
	pool, err := sql.Open("pgx", withConnectTimeout(dsn))
	if err != nil {
		return fmt.Errorf("--read-db %s: %w", redact(dsn), err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if log == nil {
		log = slog.Default()
	}
	r := &replica{pool: pool, dsn: redact(dsn), log: log, probe: probeStandby, maxLag: maxReplicaLag, state: replicaStarting,
		users: map[int64]userWrite{}, warned: map[replicaState]time.Time{}, quiet: map[replicaState]int{}}
	if r.identity, err = identity(ctx, db.write); err != nil {
		pool.Close()
		return fmt.Errorf("store: the primary's identity: %w", err)
	}
	db.replica = r
	r.check(ctx, db.write) // says at start what is wrong with it
	if r.state == replicaOK {
		log.Info("只读副本可用：报表、看板、列表和搜索从热备库读取 (read replica in use)", "read_db", r.dsn)
	}
	loop, stop := context.WithCancel(context.Background())
	r.stop, r.done = stop, make(chan struct{})
	go r.run(loop, db.write)
	return nil
}

// withConnectTimeout bounds how long a connection to the standby may take,
// so that a standby gone silent holds up a read seconds, not minutes.
func withConnectTimeout(dsn string) string {
	if strings.Contains(dsn, "connect_timeout=") {
		return dsn
	}
	if strings.Contains(dsn, "?") {
		return dsn + "&connect_timeout=3"
	}
	return dsn + "?connect_timeout=3"
}

// identity names the database a connection reads: the cluster's system
// identifier (shared by a primary and its standbys; empty where the role
// may not read it), the database and the schema.
func identity(ctx context.Context, q querier) (string, error) {
	var dbname, schema string
	if err := q.QueryRowContext(ctx, `SELECT current_database(), COALESCE(current_schema(), '')`).Scan(&dbname, &schema); err != nil {
		return "", err
	}
	var sys string
	if err := q.QueryRowContext(ctx, `SELECT system_identifier::text FROM pg_control_system()`).Scan(&sys); err != nil {
		sys = ""
	}
	return sys + "/" + dbname + "/" + schema, nil
}

// probeStandby asks the standby whether it is in recovery and how far it
// has replayed.
func probeStandby(ctx context.Context, pool *sql.DB) (bool, uint64, error) {
	var in bool
	var replay sql.NullInt64
	err := pool.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0')::int8`).Scan(&in, &replay)
	return in, uint64(replay.Int64), err
}

// walInsert reads the primary's WAL insert position: after a commit it is
// at or past the commit's record, whatever synchronous_commit says.
func walInsert(ctx context.Context, q querier) (uint64, error) {
	var lsn int64
	err := q.QueryRowContext(ctx, `SELECT (pg_current_wal_insert_lsn() - '0/0')::int8`).Scan(&lsn)
	return uint64(lsn), err
}

func (r *replica) run(ctx context.Context, primary *sql.DB) {
	defer close(r.done)
	t := time.NewTicker(replicaPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.check(ctx, primary)
		}
	}
}

// check is the health check: it samples the primary's WAL position, asks
// the standby how far it has replayed, and sets the state from the answers.
func (r *replica) check(ctx context.Context, primary *sql.DB) {
	ctx, cancel := context.WithTimeout(ctx, replicaTimeout)
	defer cancel()
	r.mu.Lock()
	probe := r.probe
	r.mu.Unlock()
	p, perr := walInsert(ctx, primary)
	in, replay, err := probe(ctx, r.pool)
	var id string
	if err == nil && in && r.current() != replicaOK {
		// Coming (back) into use: make sure it is a copy of this database.
		id, err = identity(ctx, r.pool)
	}
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if perr == nil {
		r.samples = append(r.samples, lsnSample{now, p})
		for len(r.samples) > 2 && now.Sub(r.samples[1].at) > r.maxLag+replicaPoll {
			r.samples = r.samples[1:]
		}
	}
	switch {
	case err != nil:
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			return // shutting down
		}
		r.set(replicaDown, err.Error())
	case !in:
		r.set(replicaPrimary, "pg_is_in_recovery() = false")
	case id != "" && !sameIdentity(id, r.identity):
		r.set(replicaForeign, fmt.Sprintf("热备库是 %s，主库是 %s", id, r.identity))
	default:
		r.replay = replay
		if lag := r.lagLocked(now); lag > r.maxLag {
			r.set(replicaBehind, fmt.Sprintf("落后约 %s", lag.Round(time.Second)))
		} else if r.state != replicaBehind || lag < r.maxLag/2 {
			// Back in use once well within the bound, not at its edge.
			r.set(replicaOK, "")
		}
	}
	for u, w := range r.users {
		if w.lsn <= r.replay || now.Sub(w.at) > r.maxLag*2 {
			delete(r.users, u)
		}
	}
}

// sameIdentity compares two identities, ignoring a system identifier the
// role could not read on either side.
func sameIdentity(a, b string) bool {
	if a == b {
		return true
	}
	as, arest, _ := strings.Cut(a, "/")
	bs, brest, _ := strings.Cut(b, "/")
	return (as == "" || bs == "") && arest == brest
}

// lagLocked is how old the standby's state is: the time since the primary
// was last seen at a WAL position the standby has not replayed.
func (r *replica) lagLocked(now time.Time) time.Duration {
	for i := len(r.samples) - 1; i >= 0; i-- {
		if r.samples[i].lsn <= r.replay {
			if i == len(r.samples)-1 {
				return 0
			}
			return now.Sub(r.samples[i+1].at)
		}
	}
	if len(r.samples) == 0 {
		return 0
	}
	return now.Sub(r.samples[0].at)
}

func (r *replica) current() replicaState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// set changes the state and says so: a warning when the standby goes out
// of use (at most one of a kind a minute), a note when it comes back.
func (r *replica) set(s replicaState, reason string) {
	if s == r.state {
		return
	}
	was := r.state
	r.state, r.reason = s, reason
	if s == replicaOK {
		if was != replicaStarting {
			r.log.Info("只读副本恢复使用 (read replica back in use)", "read_db", r.dsn, "was", was.String())
		}
		return
	}
	r.warnLocked(s, reason)
}

func (r *replica) warnLocked(s replicaState, reason string) {
	now := time.Now()
	if t, ok := r.warned[s]; ok && now.Sub(t) < warnEvery {
		r.quiet[s]++
		return
	}
	r.warned[s] = now
	attrs := []any{"read_db", r.dsn, "reason", reason}
	if n := r.quiet[s]; n > 0 {
		attrs = append(attrs, "suppressed", n)
		r.quiet[s] = 0
	}
	r.log.Warn(s.message(), attrs...)
}

func (s replicaState) String() string {
	return [...]string{"ok", "down", "primary", "foreign", "behind", "refused", "starting"}[s]
}

func (s replicaState) message() string {
	switch s {
	case replicaPrimary:
		return "--read-db 指向的不是热备库（pg_is_in_recovery() 为 false），所有读取改由主库回答 (--read-db is not a hot standby; reads use the primary)"
	case replicaForeign:
		return "--read-db 不是本数据库的热备库，不使用它，所有读取由主库回答 (--read-db replicates another database; reads use the primary)"
	case replicaBehind:
		return "只读副本落后主库太多，读取暂由主库回答 (read replica lags too far; reads use the primary)"
	case replicaRefused:
		return "只读副本上的查询失败，已改由主库回答 (a query failed on the read replica; the primary answered it)"
	}
	return "只读副本无法连接或查询失败，读取暂由主库回答，恢复后自动改回 (read replica unavailable; reads use the primary until it answers)"
}

// usable reports whether user's reads may go to the standby now.
func (r *replica) usable(user int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != replicaOK {
		return false
	}
	w, ok := r.users[user]
	return !ok || w.lsn <= r.replay
}

// wrote remembers where the primary's WAL was after user's commit, so the
// user's reads wait for the standby to replay it. Failing to read the
// position keeps the user on the primary for a while instead.
func (r *replica) wrote(ctx context.Context, primary querier, user int64) {
	lsn, err := walInsert(ctx, primary)
	if err != nil {
		lsn = math.MaxUint64
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if w := r.users[user]; w.lsn < lsn {
		r.users[user] = userWrite{lsn: lsn, at: time.Now()}
	}
}

// failed is a query that failed on the standby: a connection error, or
// the standby shutting down, takes it out of use until the health check
// finds it answering; another error of the server's (a query cancelled by
// a conflict with recovery) is only reported.
func (r *replica) failed(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var pe *pgconn.PgError
	// 57P: the standby shuts down or is starting; 08: the connection broke.
	if errors.As(err, &pe) && !strings.HasPrefix(pe.Code, "57P") && !strings.HasPrefix(pe.Code, "08") {
		r.warnLocked(replicaRefused, err.Error())
		return
	}
	r.set(replicaDown, err.Error())
}

// pause stops the health checks (tests run them one at a time).
func (r *replica) pause() {
	r.stop()
	<-r.done
}

func (r *replica) close() error {
	r.pause()
	return r.pool.Close()
}

// Where reads go: a request's mark, set by the web.

type readKey struct{}

type readMark struct {
	user int64
	lag  bool
	pick sync.Once
	to   querier // chosen by the first read of the request
	back bool    // fell back to the primary
	mu   sync.Mutex
}

// ForUser marks ctx as the request of user: a write done under it makes
// that user's reads wait for the standby to replay it.
func ForUser(ctx context.Context, user int64) context.Context {
	m := &readMark{user: user}
	if old, ok := ctx.Value(readKey{}).(*readMark); ok {
		m.lag = old.lag
	}
	return context.WithValue(ctx, readKey{}, m)
}

// MayLag marks ctx as a request whose reads may come from the standby: a
// report, a list, a search, an export, whose reader accepts a state a
// moment old (but always one holding their own writes).
func MayLag(ctx context.Context) context.Context {
	m := &readMark{lag: true}
	if old, ok := ctx.Value(readKey{}).(*readMark); ok {
		m.user = old.user
	}
	return context.WithValue(ctx, readKey{}, m)
}

// reader returns where a read of ctx goes: the standby or the primary,
// chosen once per request, so that a request reads one database (a table
// cached under the data version it read is computed from that version or
// later; the fallback only ever moves to the primary, which is later).
func (db *DB) reader(ctx context.Context) querier {
	r := db.replica
	if r == nil {
		return db.read
	}
	m, ok := ctx.Value(readKey{}).(*readMark)
	if !ok || !m.lag {
		return db.read
	}
	m.pick.Do(func() {
		m.to = db.read
		if r.usable(m.user) {
			m.to = standby{db, m}
		}
	})
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.back {
		return db.read
	}
	return m.to
}

// noteWrite is called after a commit: a user's write holds their reads on
// the primary until the standby has it.
func (db *DB) noteWrite(ctx context.Context) {
	if db.replica == nil {
		return
	}
	if m, ok := ctx.Value(readKey{}).(*readMark); ok && m.user != 0 {
		db.replica.wrote(context.WithoutCancel(ctx), db.write, m.user)
	}
}

// unnoted returns ctx whose writes do not hold its user's reads on the
// primary: for lines the user never reads back, such as the access log
// that every view of a file writes.
func unnoted(ctx context.Context) context.Context {
	if m, ok := ctx.Value(readKey{}).(*readMark); ok && m.user != 0 {
		return context.WithValue(ctx, readKey{}, &readMark{})
	}
	return ctx
}

// standby runs a request's reads on the replica and, when one fails, runs
// it again on the primary, with the rest of the request.
type standby struct {
	db *DB
	m  *readMark
}

func (s standby) fallback(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false // the caller went away: not the standby's fault
	}
	s.db.replica.failed(err)
	s.m.mu.Lock()
	s.m.back = true
	s.m.mu.Unlock()
	return true
}

func (s standby) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := s.db.replica.pool.QueryContext(ctx, query, args...)
	if err != nil && s.fallback(ctx, err) {
		return s.db.read.QueryContext(ctx, query, args...)
	}
	return rows, err
}

func (s standby) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	row := s.db.replica.pool.QueryRowContext(ctx, query, args...)
	if err := row.Err(); err != nil && s.fallback(ctx, err) {
		return s.db.read.QueryRowContext(ctx, query, args...)
	}
	return row
}

// ExecContext is no read: it goes to the primary.
func (s standby) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.db.write.ExecContext(ctx, query, args...)
}
