package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"shuangbai"
	"shuangbai/secret"
)

// DB is a handle on the database. Safe for concurrent use.
type DB struct {
	read    *readPool // SQLite: a pool of readers; PostgreSQL: the one pool
	write   *sql.DB   // SQLite: one connection, so writers queue here and not in the driver
	dialect dialect
	box     *secret.Box // encrypts personal data; see UseBox
	dsn     string      // for pg_dump (Backup)

	// Now returns the current time; tests may replace it.
	Now func() time.Time
	// SessionIdle ends a browser session after this long without a request;
	// 0 keeps it to its expiry. cmd sets it (default 30 minutes).
	SessionIdle time.Duration

	progress progressCache // computed progress tables; see progress_cache.go
	files    progressCache // outcomes' and dashboards' counts of files and applications, under the files version (outcomes.go)
	acts     progressCache // dashboards' activity figures, under the activities version (dashboard.go)
	rankings rankingCache  // campaigns' rankings, ranked again by post (ranking_kept.go)
	spare    chan struct{} // slots for the parts of reads run beside their requests; see parts.go
	sessions sessionCache  // tokens' users for a few seconds; see session_cache.go
	settings settingCache  // settings for a few seconds; see session_cache.go
	names    nameCache     // region and staff names for a few seconds; see name_cache.go

	// CacheTTL is how long a token's user, the settings and the names of
	// regions and staff are kept (0: DefaultCacheTTL; negative: not at
	// all): the most a change made by another process sharing the
	// database waits to apply here.
	CacheTTL time.Duration
	replica  *replica       // the hot standby of --read-db, or nil; see replica.go
	access   accessBatcher  // the access log's group commit; see access_batch.go
	touches  sessionTouches // last_seen times not yet written; see session_touch.go
	gate     *writeGate     // SQLite: the order of write transactions; nil on PostgreSQL
}

// sqlitePragmas: WAL lets readers work while one writer writes; busy_timeout
// makes a second writer wait instead of failing; synchronous(FULL) makes a
// power cut lose no acknowledged commit; secure_delete overwrites deleted
// personal data instead of leaving it readable in free pages.
// _txlock=immediate on the writer takes the write lock at BEGIN, so two
// transactions never deadlock upgrading from read to write.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(ON)&_pragma=synchronous(FULL)&_pragma=secure_delete(ON)"

// Open opens the database named by dsn — a postgres:// URL, or else the path
// of an SQLite file, created with its folder when missing — and applies the
// migrations this binary knows. It refuses a database migrated by a newer
// binary.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.sealChains(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now, dsn: dsn, spare: make(chan struct{}, spareReads)}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("打开 PostgreSQL 失败: %w", err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(20)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.read, db.write, db.dialect = &readPool{DB: pool}, pool, postgres
	} else {
		if err := prepareSQLiteFile(dsn); err != nil {
			return nil, err
		}
		uri := "file:" + dsn + "?" + sqlitePragmas
		wc, err := newKeptConnector(uri + "&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("打开数据库 %s 失败: %w", dsn, err)
		}
		w := sql.OpenDB(wc)
		w.SetMaxOpenConns(1)
		w.SetConnMaxIdleTime(0)
		r, err := sql.Open("sqlite", uri)
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("打开数据库 %s 失败: %w", dsn, err)
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		db.read, db.write, db.dialect = &readPool{DB: r, prepare: true}, w, sqlite
		db.gate = &writeGate{}
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("无法连接数据库 %s: %w", redact(dsn), err)
	}
	if db.dialect == sqlite {
		// The read pool opens lazily; make sure the WAL file exists first so a
		// read-only connection never has to create it.
		if _, err := db.write.ExecContext(ctx, "PRAGMA user_version"); err != nil {
			db.Close()
			return nil, fmt.Errorf("数据库 %s 不可写: %w", dsn, err)
		}
	}
	return db, nil
}

// prepareSQLiteFile creates the file's folder and checks that it can be
// written, so that an unwritable path fails with one clear line at start.
func prepareSQLiteFile(path string) error {
	if path == "" {
		return errors.New("未指定数据库文件（--db）")
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("无法创建数据库目录 %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("无法写入数据库文件 %s: %w", path, err)
	}
	return f.Close()
}

// redact hides a password in a connection URL before it is printed.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.Index(dsn[i+3:], "@"); j >= 0 {
			cred := dsn[i+3 : i+3+j]
			if k := strings.Index(cred, ":"); k >= 0 {
				return dsn[:i+3] + cred[:k] + ":***" + dsn[i+3+j:]
			}
		}
	}
	return dsn
}

// UseBox sets the box that encrypts ID and phone numbers at rest and hashes
// ID numbers for lookups. Without one, personal data cannot be written or
// read.
func (db *DB) UseBox(b *secret.Box) { db.box = b }

// Analyze refreshes the query planner's statistics. After a bulk load of
// generated data, stale statistics made PostgreSQL pick a bitmap scan over
// the whole province for a name search (89 ms instead of 0.14 ms).
//
// On PostgreSQL it vacuums too: a table just loaded has no visibility map,
// so an index-only scan still reads the table's pages until autovacuum
// gets to it, and autovacuum of a freshly generated province (10,000,000
// visits) ran for minutes under the first measurements after it
// (bench/RESULTS.md of 5f911e1). A table vacuumed already costs little.
// Only the schema's own tables: a bare VACUUM or ANALYZE goes through
// every schema of the database (6 s where the tests keep theirs).
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != postgres {
		_, err := db.write.ExecContext(ctx, "ANALYZE")
		return err
	}
	var tables []string
	err := db.eachRow(ctx, db.write, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`, nil,
		func(scan func(...any) error) error {
			var t string
			err := scan(&t)
			tables = append(tables, t)
			return err
		})
	if err != nil || len(tables) == 0 {
		return err
	}
	_, err = db.write.ExecContext(ctx, "VACUUM (ANALYZE) "+strings.Join(tables, ", "))
	return err
}

// Close closes the database. Access-log lines already handed over, and
// sessions' last_seen times noted, are written first; later ones are
// refused.
func (db *DB) Close() error {
	db.closeAccess()
	db.closeTouches()
	var err error
	if db.replica != nil {
		err = db.replica.close()
	}
	err = errors.Join(err, db.read.Close())
	if db.read.DB != db.write {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.String() }

// Ping checks that the database answers, for health checks.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// now returns the current time in UTC with microsecond precision, which both
// engines store exactly.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// today returns the current date in China.
func (db *DB) today() shuangbai.Date { return shuangbai.Today(db.Now()) }

// inTx runs fn in a write transaction and commits it if fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.inTxOrdered(ctx, false, fn)
}

// inTxOrdered is inTx; on SQLite the transaction waits its turn in the
// line of writers (write_gate.go), ahead of the others when first, and
// shares its commit with the writers that queued with it. fn must leave
// the transaction to its caller: no COMMIT, ROLLBACK or RELEASE of a
// savepoint it did not make, and no nested inTx.
func (db *DB) inTxOrdered(ctx context.Context, first bool, fn func(tx *sql.Tx) error) error {
	return db.writeTx(ctx, first, false, fn)
}

// inTxAlone is inTx for a long transaction (an import of thousands of
// rows): on SQLite it runs in a transaction of its own, so that the
// writers who came before it are not held for its length before their
// commit, nor lose their writes if its caller leaves mid-statement.
func (db *DB) inTxAlone(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.writeTx(ctx, false, true, fn)
}

func (db *DB) writeTx(ctx context.Context, first, alone bool, fn func(tx *sql.Tx) error) error {
	var err error
	if db.gate != nil {
		err = db.groupWrite(ctx, first, alone, fn)
	} else {
		err = db.soloTx(ctx, fn)
	}
	if err != nil {
		return err
	}
	// After the commit, on the caller's ctx: a group's writers may belong
	// to as many users.
	db.noteWrite(ctx)
	return nil
}

// exec runs one statement as a write transaction: on SQLite it joins the
// line of writers and their group commit (write_gate.go). Run on db.write
// directly, the statement took the one writer connection between groups
// for a commit and an fsync of its own: a login made five of them.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// soloTx runs fn in a transaction of its own (PostgreSQL: one per call).
func (db *DB) soloTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	// A panic in fn (recovered by net/http, say) must not leave the
	// transaction open: it would hold its locks, the audit chain's row
	// among them, and every later write would wait for it.
	defer func() {
		if v := recover(); v != nil {
			tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapError(err))
	}
	return nil
}

// snapshot begins a read-only transaction whose reads all see one moment
// (REPEATABLE READ on PostgreSQL; on SQLite in WAL mode a read transaction
// does), for a check that compares one table with another while writes
// go on. The caller rolls it back.
func (db *DB) snapshot(ctx context.Context) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect != sqlite {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return db.read.BeginTx(ctx, opts)
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
