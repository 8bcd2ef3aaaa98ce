package main

import (
	"path/filepath"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
)

// TestUserCommands: the command line is how the first of the three
// administrators are made; the password policy in force checks every
// password it sets, and what it sets is changed at the next login unless
// the operator says otherwise.
func TestUserCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if out, err := runCmd(t, "regions", "import", "--db", path, "../../demo/data"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	add := func(user, role string, extra ...string) []string {
		return append([]string{"user", "add", "--db", path, "--username", user, "--name", "某某", "--role", role, "--region", "4453"}, extra...)
	}
	tests := []struct {
		name     string
		password string
		args     []string
		wantErr  string // "" for success
		wantOut  string
		must     map[string]bool // accounts' MustChangePassword afterwards
	}{
		{"help names the new roles", "", []string{"user", "add", "--help"}, "help requested", "sec_admin（安全管理员）", nil},
		{"weak password", "a-long-password", add("sec", "sec_admin"), "至少 3 种", "", nil},
		{"password holds the username", "Sec.admin-2021", add("sec", "sec_admin"), "不能包含用户名", "", nil},
		{"security administrator", "Yunfu-Anquan-2021", add("sec", "sec_admin"), "", "首次登录时须修改密码", map[string]bool{"sec": true}},
		{"no change required", "Yunfu-Audit-2021", add("auditor", "audit_admin", "--no-change-required"), "", "已创建账号 auditor", map[string]bool{"auditor": false}},
		{"bad role asks no password", "", add("li", "king"), "请选择角色", "", nil},
		{"passwd weak", "short", []string{"user", "passwd", "--db", path, "--username", "auditor"}, "至少 8 个字符", "", map[string]bool{"auditor": false}},
		{"passwd unknown", "Yunfu-Audit-2022", []string{"user", "passwd", "--db", path, "--username", "nobody"}, "不存在", "", nil},
		{"passwd", "Yunfu-Audit-2022", []string{"user", "passwd", "--db", path, "--username", "auditor"}, "", "下次登录时须修改密码", map[string]bool{"auditor": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SHUANGBAI_PASSWORD", tt.password)
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
			if len(tt.must) == 0 {
				return
			}
			st, err := store.Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for name, want := range tt.must {
				u, _, err := st.UserByName(t.Context(), name)
				if err != nil || u.MustChangePassword != want {
					t.Errorf("%s: must change = %v (%v), want %v", name, u != nil && u.MustChangePassword, err, want)
				}
			}
		})
	}
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if u, _, _ := st.UserByName(t.Context(), "sec"); u.Role != shuangbai.RoleSecAdmin || !u.CanManageSecurity() {
		t.Errorf("sec = %+v", u)
	}
}
