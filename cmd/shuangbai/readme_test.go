package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEPromises checks what the README says of the commands: every
// flag reads its environment variable, PostgreSQL without a key is
// refused, accounts are disabled and enabled again, and a region renamed
// in an import needs --valid-from.
func TestREADMEPromises(t *testing.T) {
	config := keyEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "env.db")
	keyFile := filepath.Join(dir, "keys", "env.key")
	os.MkdirAll(filepath.Dir(keyFile), 0o700)
	t.Setenv("SHUANGBAI_DB", db)
	t.Setenv("SHUANGBAI_KEY_FILE", keyFile)
	t.Setenv("SHUANGBAI_PASSWORD", "Hekou-Station-2021")

	renamed := filepath.Join(t.TempDir(), "streets.csv")
	streets, err := os.ReadFile("../../demo/data/streets.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(streets, []byte(`"河口街道"`)) {
		t.Fatal("the demo's streets.csv has no 河口街道")
	}
	os.WriteFile(renamed, bytes.Replace(streets, []byte(`"河口街道"`), []byte(`"河口新街道"`), 1), 0o600)

	for _, tt := range []struct {
		name    string
		args    []string
		wantErr string
		wantOut string
	}{
		{"SHUANGBAI_DB names the database", []string{"regions", "import", "../../demo/data"}, "", "新增 1058"},
		{"SHUANGBAI_KEY_FILE names the key", []string{"backup", "--to", filepath.Join(dir, "b.sbak")}, "", "已备份到"},
		{"user add", []string{"user", "add", "--username", "zhang", "--name", "张三", "--role", "county_admin", "--region", "445302"}, "", "已创建账号"},
		{"user disable", []string{"user", "disable", "--username", "zhang"}, "", "已停用"},
		{"user enable", []string{"user", "enable", "--username", "zhang"}, "", "已启用"},
		{"token after enable", []string{"token", "create", "--user", "zhang"}, "", "有效期至"},
		{"user passwd", []string{"user", "passwd", "--username", "zhang"}, "", "下次登录时须修改密码"},
		{"a rename without --valid-from", []string{"regions", "import", renamed}, "生效日期", ""},
		{"a rename with --valid-from", []string{"regions", "import", "--valid-from", "2024-01-01", renamed}, "", "更名 1"},
		{"PostgreSQL without a key", []string{"restore", "--db", "postgres://nobody@127.0.0.1:1/x", "--key-file", "", filepath.Join(dir, "b.sbak")}, "须用 --key-file 或 SHUANGBAI_KEY", ""},
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
	if _, err := os.Stat(keyFile); err != nil {
		t.Errorf("SHUANGBAI_KEY_FILE was not used: %v", err)
	}
	if _, err := os.Stat(filepath.Join(config, "shuangbai", "env.db.key")); err == nil {
		t.Error("a default key was made although SHUANGBAI_KEY_FILE named one")
	}
	// serve with PostgreSQL and no key stops before it listens.
	if _, err := loadKey(t.Context(), nil, "postgres://nobody@127.0.0.1:1/x", "", &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "须用 --key-file") {
		t.Errorf("serve on PostgreSQL without a key: %v", err)
	}
}
