// Package storetest opens migrated databases for tests, on SQLite by
// default and on PostgreSQL when SHUANGBAI_TEST_POSTGRES holds a URL, and
// builds the records tests need in one line each.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"shuangbai"
	"shuangbai/secret"
	"shuangbai/store"
)

// Key is the fixed key test databases encrypt personal data with.
var Key = []byte("shuangbai-test-key-0123456789abc")

// EnvPostgres names the variable holding a PostgreSQL URL for tests.
const EnvPostgres = "SHUANGBAI_TEST_POSTGRES"

// DSN returns a fresh, empty database for one test and removes it when the
// test ends: an SQLite file in a temporary folder (not :memory:, whose
// separate read and write pools would each see their own database), or a new
// schema in the PostgreSQL database named by SHUANGBAI_TEST_POSTGRES.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn, cleanup, err := newDSN()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(cleanup)
	return dsn
}

func newDSN() (dsn string, cleanup func(), err error) {
	pg := os.Getenv(EnvPostgres)
	if pg == "" {
		dir, err := os.MkdirTemp("", "shuangbai-test-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "test.db"), func() { os.RemoveAll(dir) }, nil
	}
	// A schema each, migrated by its test (0.39–0.53 s): copying a
	// migrated template database instead (CREATE DATABASE … TEMPLATE, as
	// the SQLite tests copy a file) took 0.94 s a test on this server.
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("storetest: create schema: %w", err)
	}
	cleanup = func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	}
	u, err := url.Parse(pg)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	// A commit does not wait for its WAL to reach the disk: the tests'
	// databases outlive no crash of the server, and the migrations each
	// test runs were 41 commits of their own (the store's tests on
	// PostgreSQL: 165 -> 133 s). What a test sees is as before: a commit
	// is visible to every connection at once either way.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String(), cleanup, nil
}

// Open returns a migrated, empty database for one test.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	db, cleanup, err := OpenShared()
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	tb.Cleanup(cleanup)
	return db
}

// OpenShared returns a migrated, empty database that outlives any one test,
// for a TestMain to load once and share among tests that only read; call
// cleanup when done.
func OpenShared() (*store.DB, func(), error) {
	dsn, rm, err := newDSN()
	if err != nil {
		return nil, nil, err
	}
	if os.Getenv(EnvPostgres) == "" {
		if err := copyTemplate(dsn); err != nil {
			rm()
			return nil, nil, err
		}
	}
	db, err := openAt(dsn)
	if err != nil {
		rm()
		return nil, nil, err
	}
	return db, func() { db.Close(); rm() }, nil
}

var template struct {
	once  sync.Once
	bytes []byte
	err   error
}

// copyTemplate puts a migrated, empty SQLite database at path: a copy of
// one this test process migrated once and holds in memory. Migrating took
// 55 ms a database and 0.8 s under the race detector, most of the store
// tests' time; writing the copy takes a millisecond.
func copyTemplate(path string) error {
	template.once.Do(func() { template.bytes, template.err = makeTemplate() })
	if template.err != nil {
		return template.err
	}
	return os.WriteFile(path, template.bytes, 0o600)
}

func makeTemplate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "shuangbai-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "t.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("storetest: template: %w", err)
	}
	db.Close()
	// Out of WAL mode, so that the one file holds everything; store.Open
	// puts each copy back into it.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	_, err = raw.Exec("PRAGMA journal_mode=DELETE")
	raw.Close()
	if err != nil {
		return nil, fmt.Errorf("storetest: template: %w", err)
	}
	return os.ReadFile(path)
}

// OpenAt returns the migrated database at dsn, a fresh one from DSN, for a
// test that also reads it with SQL of its own (the access-control matrix
// checksums every table).
func OpenAt(tb testing.TB, dsn string) *store.DB {
	tb.Helper()
	db, err := openAt(dsn)
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func openAt(dsn string) (*store.DB, error) {
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		return nil, err
	}
	box, err := secret.New(secret.AES256GCM, Key)
	if err != nil {
		db.Close()
		return nil, err
	}
	db.UseBox(box)
	return db, nil
}

// Regions stores regions by code and name, each with its parent derived from
// its code; parents must come before children.
func Regions(tb testing.TB, db *store.DB, codeNames ...string) {
	tb.Helper()
	var rs []shuangbai.Region
	for i := 0; i+1 < len(codeNames); i += 2 {
		c := codeNames[i]
		rs = append(rs, shuangbai.Region{Code: c, Name: codeNames[i+1], Parent: shuangbai.ParentCode(c)})
	}
	if _, err := db.ImportRegions(context.Background(), shuangbai.SystemUser, rs, shuangbai.Date{}); err != nil {
		tb.Fatalf("storetest: regions: %v", err)
	}
}

// Yunfu stores a small tree: 云浮市 with two counties, two towns each and a
// village under each town — enough for scope tests.
func Yunfu(tb testing.TB, db *store.DB) {
	Regions(tb, db,
		"44", "广东省", "4453", "云浮市",
		"445302", "云城区", "445302003", "河口街道", "445302003208", "双上村民委员会",
		"445302102", "腰古镇", "445302102201", "腰古村民委员会",
		"445381", "罗定市", "445381004", "双东街道", "445381004001", "双东社区居委会",
		"445381400", "罗平农场",
	)
}

// Station stores a built station in a town, with an office and all
// equipment but the given missing items.
func Station(tb testing.TB, db *store.DB, town, name string, built shuangbai.Date) *shuangbai.Station {
	tb.Helper()
	s := &shuangbai.Station{Region: town, Site: shuangbai.Site{Name: name, Status: shuangbai.SiteBuilt, BuiltOn: built,
		Office: true, OfficeAddress: name + "办公室", Equipment: shuangbai.EquipAll}}
	if err := db.CreateStation(context.Background(), shuangbai.SystemUser, s); err != nil {
		tb.Fatalf("storetest: station: %v", err)
	}
	return s
}

// Point stores a built point in a village under station st.
func Point(tb testing.TB, db *store.DB, st *shuangbai.Station, village, name string, built shuangbai.Date) *shuangbai.Point {
	tb.Helper()
	p := &shuangbai.Point{Region: village, StationID: st.ID, Site: shuangbai.Site{Name: name, Status: shuangbai.SiteBuilt, BuiltOn: built,
		Office: true, OfficeAddress: name, Equipment: shuangbai.EquipAll}}
	if err := db.CreatePoint(context.Background(), shuangbai.SystemUser, p); err != nil {
		tb.Fatalf("storetest: point: %v", err)
	}
	return p
}

// User stores an account with the given role and home region, and returns
// it. Its password hash is a fixed placeholder: web tests log in through
// their own helper.
func User(tb testing.TB, db *store.DB, username string, role shuangbai.Role, region string, passwordHash string) *shuangbai.User {
	tb.Helper()
	u := &shuangbai.User{Username: username, Name: username, Role: role, Region: region}
	if err := db.CreateUser(context.Background(), shuangbai.SystemUser, u, passwordHash); err != nil {
		tb.Fatalf("storetest: user: %v", err)
	}
	return u
}
