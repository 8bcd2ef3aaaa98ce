package store_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"

	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestWarm reads the whole database: on SQLite every byte of its files, on
// PostgreSQL (with pg_prewarm installed) every page of its tables and
// indexes, and says so through progress.
func TestWarm(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	pg := strings.HasPrefix(dsn, "postgres")
	if pg {
		admin, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		// Other tests' schemas share the database; a second CREATE racing
		// this one fails, and then the extension is there.
		if _, err := admin.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_prewarm SCHEMA public`); err != nil {
			t.Logf("create extension: %v", err)
		}
	}
	db := openDSN(t, dsn)
	defer db.Close()
	storetest.Yunfu(t, db)

	var want int64
	if !pg {
		for _, p := range []string{dsn, dsn + "-wal"} {
			if st, err := os.Stat(p); err == nil {
				want += st.Size()
			}
		}
	}
	var calls int
	var lastDone, lastTotal int64
	w, err := db.Warm(ctx, func(done, total int64) { calls, lastDone, lastTotal = calls+1, done, total })
	if err != nil {
		t.Fatal(err)
	}
	if w.Bytes <= 0 || calls == 0 || lastDone != w.Bytes || lastTotal < lastDone {
		t.Fatalf("warmed %d bytes, progress called %d times, last (%d of %d)", w.Bytes, calls, lastDone, lastTotal)
	}
	if !pg && w.Bytes != want {
		t.Errorf("warmed %d bytes of SQLite files holding %d", w.Bytes, want)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.Warm(cancelled, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("warm with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestWarmNoPrewarm: without pg_prewarm, Warm on PostgreSQL says what to
// install rather than failing some other way. SQLite always warms.
func TestWarmNoPrewarm(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip("PostgreSQL only")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// A database of its own, where the extension was never created.
	const name = "shuangbai_warm_test"
	admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	defer admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	u, err := url.Parse(os.Getenv(storetest.EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Warm(ctx, nil); !errors.Is(err, store.ErrNoPrewarm) {
		t.Errorf("warm without pg_prewarm: %v, want ErrNoPrewarm", err)
	}
}
