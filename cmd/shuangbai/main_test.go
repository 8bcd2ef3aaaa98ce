package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shuangbai/store/storetest"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(t.Context(), args, &out, &out)
	return out.String(), err
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	t.Setenv("SHUANGBAI_PASSWORD", "Hekou-Station-2021")
	tests := []struct {
		name    string
		args    []string
		wantErr string // "" for success
		wantOut string
	}{
		{"no command", nil, "请指定子命令", "子命令"},
		{"unknown", []string{"frobnicate"}, "未知的子命令", ""},
		{"version", []string{"version"}, "", "shuangbai"},
		{"help on a subcommand", []string{"serve", "--help"}, "help requested", "-addr"},
		{"migrate", []string{"migrate", "--db", db}, "", "数据库结构已是最新"},
		{"regions import", []string{"regions", "import", "--db", db, "../../demo/data"}, "", "新增 1058"},
		{"regions import again", []string{"regions", "import", "--db", db, "../../demo/data"}, "", "未变 1058"},
		{"user add", []string{"user", "add", "--db", db, "--username", "zhang", "--name", "张三", "--role", "county_admin", "--region", "445302"}, "", "已创建账号 zhang"},
		{"user add bad role", []string{"user", "add", "--db", db, "--username", "li", "--name", "李四", "--role", "king", "--region", "445302"}, "请选择角色", ""},
		{"user list", []string{"user", "list", "--db", db}, "", "zhang"},
		{"token", []string{"token", "create", "--db", db, "--user", "zhang"}, "", "有效期至"},
		{"token unknown user", []string{"token", "create", "--db", db, "--user", "nobody"}, "不存在", ""},
		{"user disable", []string{"user", "disable", "--db", db, "--username", "zhang"}, "", "已停用"},
		{"token for disabled", []string{"token", "create", "--db", db, "--user", "zhang"}, "已停用", ""},
		{"audit verify", []string{"audit", "verify", "--db", db}, "", "校验通过"},
		{"audit without verb", []string{"audit", "--db", db}, "用法", ""},
		{"unwritable db", []string{"migrate", "--db", "/proc/nope/x.db"}, "无法", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCmd(t, tt.args...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v\n%s", err, out)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out)
			}
		})
	}
}

func TestRegionsImportBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "streets.csv")
	os.WriteFile(bad, []byte("code,name,areaCode\n445302003,河口街道,445302\n445302,坏,445302\n"), 0o600)
	_, err := runCmd(t, "regions", "import", "--db", filepath.Join(dir, "x.db"), bad)
	if err == nil || !strings.Contains(err.Error(), "第 3 行") {
		t.Fatalf("err = %v, want the line named", err)
	}
	// The parent of the first line is unknown: nothing is imported.
	good := filepath.Join(dir, "g", "streets.csv")
	os.MkdirAll(filepath.Dir(good), 0o700)
	os.WriteFile(good, []byte("code,name,areaCode\n445302003,河口街道,445302\n"), 0o600)
	if _, err := runCmd(t, "regions", "import", "--db", filepath.Join(dir, "x.db"), good); err == nil || !strings.Contains(err.Error(), "未导入任何区划") {
		t.Fatalf("err = %v", err)
	}
}

// TestDemoServes starts the demo on a free port, logs in over HTTP and
// stops it with the context, as a SIGTERM would.
func TestDemoServes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the demo's key goes there, not to the real user's folder
	dsn := storetest.DSN(t)
	if !strings.Contains(dsn, "://") {
		dsn = filepath.Join(t.TempDir(), "demo.db")
	} else {
		t.Setenv("SHUANGBAI_KEY", strings.Repeat("ab", 32))
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--db", dsn, "--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	var url string
	buf := make([]byte, 4096)
	var seen strings.Builder
	// Generating the demo under -race on a loaded 2-core machine has taken
	// over a minute: a wide margin, and a clear failure when it runs out.
	deadline := time.Now().Add(5 * time.Minute)
	for url == "" && time.Now().Before(deadline) {
		n, err := pr.Read(buf)
		seen.Write(buf[:n])
		if i := strings.Index(seen.String(), "http://127.0.0.1:"); i >= 0 {
			rest := seen.String()[i:]
			if j := strings.IndexAny(rest, " （\n"); j > 0 {
				url = rest[:j]
			}
		}
		if err != nil {
			t.Fatalf("demo output ended: %v\n%s", err, seen.String())
		}
	}
	if url == "" {
		t.Fatalf("the demo printed no address in 5 minutes:\n%s", seen.String())
	}
	go io.Copy(io.Discard, pr)
	resp, err := http.Get(url + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /login = %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo returned %v after shutdown", err)
	}
}

// TestAuditVerifyFindsEdit edits an audit entry by hand, as someone with the
// database file could, and expects "audit verify" to fail naming it.
func TestAuditVerifyFindsEdit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	t.Setenv("SHUANGBAI_PASSWORD", "Hekou-Station-2021")
	for _, args := range [][]string{
		{"regions", "import", "--db", path, "../../demo/data"},
		{"user", "add", "--db", path, "--username", "zhang", "--name", "张三", "--role", "county_admin", "--region", "445302"},
		{"user", "add", "--db", path, "--username", "wang", "--name", "王五", "--role", "county_admin", "--region", "445381"},
	} {
		if out, err := runCmd(t, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := raw.QueryRow("SELECT id FROM audit_log WHERE entity = 'user' ORDER BY id LIMIT 1").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE audit_log SET entity_id = 'someone-else' WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, err := runCmd(t, "audit", "verify", "--db", path)
	if err == nil || !strings.Contains(out, fmt.Sprintf("第一条有问题的记录是 #%d", id)) || !strings.Contains(out, "记录被修改") {
		t.Fatalf("verify after an edit: err %v\n%s", err, out)
	}
}
