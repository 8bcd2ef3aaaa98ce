package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeReadDBNeedsPostgres: --read-db, or SHUANGBAI_READ_DB, with a
// SQLite --db stops at start with words saying why, before the file is
// made.
func TestServeReadDBNeedsPostgres(t *testing.T) {
	keyEnv(t)
	db := filepath.Join(t.TempDir(), "x.db")
	for name, args := range map[string][]string{
		"flag": {"serve", "--db", db, "--read-db", "postgres://postgres@127.0.0.1:5433/x"},
		"env":  {"serve", "--db", db},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "env" {
				t.Setenv("SHUANGBAI_READ_DB", "postgres://postgres@127.0.0.1:5433/x")
			}
			out, err := runCmd(t, args...)
			if err == nil || !strings.Contains(err.Error(), "只用于 PostgreSQL") {
				t.Fatalf("err = %v\n%s", err, out)
			}
			if _, err := os.Stat(db); err == nil {
				t.Error("the SQLite file was made")
			}
		})
	}
}
