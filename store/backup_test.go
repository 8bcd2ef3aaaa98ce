package store_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/secret"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func openDSN(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	box, err := secret.New(secret.AES256GCM, storetest.Key)
	if err != nil {
		t.Fatal(err)
	}
	db.UseBox(box)
	return db
}

func testBox(t *testing.T, key []byte) *secret.Box {
	b, err := secret.New(secret.AES256GCM, key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBackupRoundTrip backs a database up while writes go on, changes it,
// restores the backup in its place and finds every table as the manifest
// says, which is also how the database stood when the copy was taken.
func TestBackupRoundTrip(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db := openDSN(t, dsn)
	storetest.Yunfu(t, db)
	storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2017, 7, 1))
	storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "x")

	// Writers keep writing while the copy is taken.
	var stop atomic.Bool
	var wg sync.WaitGroup
	var writes atomic.Int64
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				now := time.Now()
				if err := db.RecordBackup(ctx, store.BackupRun{Started: now, Finished: now, File: "x"}); err != nil {
					t.Error(err)
					return
				}
				writes.Add(1)
			}
		}()
	}
	for writes.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	var buf bytes.Buffer
	m, err := db.Backup(ctx, &buf, t.TempDir())
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if m.Engine != db.Engine() || m.SchemaVersion == 0 || m.KeyCheck == "" || len(m.Tables) < 20 {
		t.Fatalf("manifest: %+v", m)
	}
	byName := map[string]store.TableSum{}
	for _, ts := range m.Tables {
		byName[ts.Name] = ts
	}
	if byName["stations"].Rows != 1 || byName["users"].Rows != 1 || byName["regions"].Rows < 10 || byName["backup_runs"].Rows < 5 {
		t.Fatalf("counts: stations %+v users %+v regions %+v runs %+v", byName["stations"], byName["users"], byName["regions"], byName["backup_runs"])
	}
	if strings.Contains(buf.String(), string(storetest.Key)) {
		t.Fatal("the backup carries the key")
	}

	// After the backup: a change the restore must undo.
	storetest.Station(t, db, "445302102", "腰古镇社工站", shuangbai.NewDate(2018, 1, 1))
	db.Close()

	opts := store.RestoreOptions{Box: testBox(t, storetest.Key), TmpDir: t.TempDir()}
	if _, err := store.Restore(ctx, dsn, bytes.NewReader(buf.Bytes()), opts); err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("restore over data without --replace: %v", err)
	}
	opts.Replace = true
	if _, err := store.Restore(ctx, dsn, bytes.NewReader(buf.Bytes()), opts); err != nil {
		t.Fatal(err)
	}
	db = openDSN(t, dsn)
	defer db.Close()
	got, err := db.TableSums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Open migrated nothing (same binary), so every table is as backed up.
	if len(got) != len(m.Tables) {
		t.Fatalf("%d tables after restore, manifest has %d", len(got), len(m.Tables))
	}
	for i := range got {
		if got[i] != m.Tables[i] {
			t.Errorf("table %s: %+v, manifest %+v", got[i].Name, got[i], m.Tables[i])
		}
	}
	if sts, _, err := db.Stations(ctx, shuangbai.Scope{All: true}, shuangbai.SiteFilter{}); err != nil || len(sts) != 1 {
		t.Fatalf("stations after restore: %d %v", len(sts), err)
	}
}

// rewrite changes a backup: its manifest through edit, or a payload byte.
func rewrite(t *testing.T, b []byte, edit func(*store.BackupManifest), flip bool) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if hdr.Name == "manifest.json" && edit != nil {
			var m store.BackupManifest
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatal(err)
			}
			edit(&m)
			body, _ = json.Marshal(m)
		} else if hdr.Name != "manifest.json" && flip {
			body[len(body)/2] ^= 0xff
		}
		hdr.Size = int64(len(body))
		tw.WriteHeader(hdr)
		tw.Write(body)
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}

func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db := openDSN(t, dsn)
	storetest.Yunfu(t, db)
	var buf bytes.Buffer
	if _, err := db.Backup(ctx, &buf, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	good := buf.Bytes()
	other := bytes.Repeat([]byte{7}, 32)
	for _, tc := range []struct {
		name string
		file []byte
		key  []byte
		want string
	}{
		{"another key", good, other, "不是制作该备份时的密钥"},
		{"newer schema", rewrite(t, good, func(m *store.BackupManifest) { m.SchemaVersion = 9999 }, false), storetest.Key, "高于本程序支持"},
		{"payload changed", rewrite(t, good, nil, true), storetest.Key, "校验和与清单不符"},
		{"table checksum", rewrite(t, good, func(m *store.BackupManifest) { m.Tables[len(m.Tables)/2].SHA256 = strings.Repeat("f", 64) }, false), storetest.Key, "与备份清单不符"},
		{"table count", rewrite(t, good, func(m *store.BackupManifest) { m.Tables = m.Tables[1:] }, false), storetest.Key, "备份清单记录了"},
		{"other engine", rewrite(t, good, func(m *store.BackupManifest) {
			m.Engine = map[string]string{"sqlite": "postgres", "postgres": "sqlite"}[m.Engine]
		}, false), storetest.Key, "不能恢复到"},
		{"not a backup", []byte("hello"), storetest.Key, "不是双百备份文件"},
		{"cut short", good[:len(good)/2], storetest.Key, "损坏"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := store.RestoreOptions{Box: testBox(t, tc.key), Replace: true, TmpDir: t.TempDir()}
			_, err := store.Restore(ctx, dsn, bytes.NewReader(tc.file), opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
			// Refused: the database is still there, unchanged.
			db := openDSN(t, dsn)
			defer db.Close()
			if r, err := db.Region(ctx, shuangbai.Scope{All: true}, "4453", shuangbai.Date{}); err != nil || r.Name != "云浮市" {
				t.Fatalf("database after a refused restore: %v %v", r, err)
			}
		})
	}
	// A fresh SQLite path takes the good file without --replace.
	if !strings.Contains(dsn, "://") {
		fresh := filepath.Join(t.TempDir(), "new.db")
		if _, err := store.Restore(ctx, fresh, bytes.NewReader(good), store.RestoreOptions{Box: testBox(t, storetest.Key)}); err != nil {
			t.Fatal(err)
		}
	}
}
