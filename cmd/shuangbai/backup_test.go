package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shuangbai/store"
)

// TestBackupRestoreCommands backs a database up, restores it elsewhere with
// its key, and is refused without the key, with another key, and over a
// database that holds data unless --replace says so.
func TestBackupRestoreCommands(t *testing.T) {
	config := keyEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	file := filepath.Join(t.TempDir(), "x.sbak")
	key := filepath.Join(config, "shuangbai", "x.db.key")
	other := filepath.Join(dir, "other.key")
	if err := os.WriteFile(other, []byte(strings.Repeat("ab", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	copyDB := filepath.Join(dir, "copy.db")
	for _, tt := range []struct {
		name    string
		args    []string
		wantErr string
		wantOut string
	}{
		{"regions", []string{"regions", "import", "--db", db, "../../demo/data"}, "", "新增 1058"},
		{"backup without --to", []string{"backup", "--db", db}, "--to", ""},
		{"backup", []string{"backup", "--db", db, "--to", file}, "", "已备份到"},
		{"restore without a key", []string{"restore", "--db", copyDB, file}, "找不到密钥文件", ""},
		{"restore with another key", []string{"restore", "--db", copyDB, "--key-file", other, file}, "不是制作该备份时的密钥", ""},
		{"restore", []string{"restore", "--db", copyDB, "--key-file", key, file}, "", "校验和均与清单一致"},
		{"restore over data", []string{"restore", "--db", copyDB, "--key-file", key, file}, "--replace", ""},
		{"restore --replace", []string{"restore", "--db", copyDB, "--key-file", key, "--replace", file}, "", "已从"},
		{"restore no file", []string{"restore", "--db", copyDB}, "用法", ""},
		{"serve: schedule without a folder", []string{"serve", "--db", db, "--backup-every", "24h"}, "--backup-dir", ""},
		{"serve: schedule too often", []string{"serve", "--db", db, "--backup-every", "1s", "--backup-dir", dir}, "至少为 1 分钟", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCmd(t, tt.args...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v\n%s", err, out)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want one containing %q\n%s", err, tt.wantErr, out)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out)
			}
		})
	}
	if _, err := os.Stat(copyDB + ".before-restore"); err != nil {
		t.Errorf("the replaced database was not kept: %v", err)
	}
	st, err := store.Open(t.Context(), copyDB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sums, err := st.TableSums(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.Name == "regions" && s.Rows != 1058 {
			t.Errorf("restored regions: %d", s.Rows)
		}
	}
}

// TestScheduledBackups runs the scheduler: it backs up at once when no
// backup is recorded, records the result, and keeps only the newest files.
func TestScheduledBackups(t *testing.T) {
	keyEnv(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	st, _, err := openWithKey(t, path, "")
	if err != nil {
		t.Fatal(err)
	}
	bdir := filepath.Join(dir, "backups")
	for _, old := range []string{"shuangbai-20200101-000000.sbak", "shuangbai-20200102-000000.sbak", "notes.txt"} {
		os.MkdirAll(bdir, 0o700)
		os.WriteFile(filepath.Join(bdir, old), []byte("x"), 0o600)
	}
	every, keep := time.Hour, 2
	sched := backupSchedule{every: &every, dir: &bdir, keep: &keep}
	if err := sched.check(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { runBackups(ctx, st, sched, slog.New(slog.DiscardHandler)); close(done) }()
	deadline := time.Now().Add(60 * time.Second) // wide: a loaded CI machine
	var runs []store.BackupRun
	for time.Now().Before(deadline) {
		if runs, err = st.LastBackups(t.Context(), 5); err == nil && len(runs) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if len(runs) != 1 || runs[0].Error != "" || runs[0].Size == 0 {
		t.Fatalf("runs = %+v", runs)
	}
	files, _ := filepath.Glob(filepath.Join(bdir, "*"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"notes.txt", "shuangbai-20200102-000000.sbak", filepath.Base(runs[0].File)}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files kept: %v, want %v", names, want)
	}
}
