package main

import (
	"path/filepath"
	"strconv"
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

// TestUserAddPerson: `user add --person` links the new account to its staff
// entry, named by id, or by name where the account works (or at a region
// given after @); a name no one there has, or two people have, is refused
// before any password is asked, and the list shows the link.
func TestUserAddPerson(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if out, err := runCmd(t, "regions", "import", "--db", path, "../../demo/data"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, p := range []shuangbai.Person{
		{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker},
		{Region: "445302102", Name: "王芳", Gender: "女", Role: shuangbai.StaffWorker},
		{Region: "445302102", Name: "王芳", Gender: "女", Role: shuangbai.StaffLead},
		{Region: "445302003", Name: "王芳", Gender: "女", Role: shuangbai.StaffWorker},
	} {
		if err := st.CreatePerson(t.Context(), shuangbai.SystemUser, &p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	st.Close()
	t.Setenv("SHUANGBAI_PASSWORD", "Hekou-Worker-2021")
	add := func(user, region, person string) []string {
		role := "worker"
		if len(region) == 6 {
			role = "supervisor" // a county's
		}
		return []string{"user", "add", "--db", path, "--username", user, "--name", "某某", "--role", role, "--region", region, "--person", person}
	}
	for _, tt := range []struct {
		name, user, region, person string
		wantErr, wantOut           string
		id                         int64
	}{
		{"by name in her town", "chen", "445302003", "陈云城", "", "对应人员 陈云城（编号 " + strconv.FormatInt(ids[0], 10) + "）", ids[0]},
		{"by name from a village", "wang", "445302003208", "王芳", "", "对应人员 王芳", ids[3]},
		{"two of a name", "wang2", "445302102", "王芳", "有 2 位“王芳”，请改用人员编号", "", 0},
		{"by id", "wang3", "445302102", strconv.FormatInt(ids[2], 10), "", "对应人员 王芳", ids[2]},
		{"a county's three of a name", "wang4", "445302", "王芳", "有 3 位“王芳”", "", 0},
		{"by name at a region", "wang5", "445302", "王芳@445302003", "", "对应人员 王芳", ids[3]},
		{"no one of that name", "zhao", "445302003", "赵六", "人员名单中没有“赵六”", "", 0},
		{"no such id", "zhao2", "445302003", "99999", "没有编号为 99999 的人员", "", 0},
		{"a person of another town by id", "zhao3", "445302003", strconv.FormatInt(ids[1], 10), "与账号的所属区划不符", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCmd(t, add(tt.user, tt.region, tt.person)...)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q\n%s", err, tt.wantErr, out)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out)
			}
			if tt.wantErr != "" && !strings.Contains(tt.wantErr, "区划不符") && strings.Contains(out, "请输入密码") {
				t.Errorf("asked for a password first:\n%s", out)
			}
			st, err := store.Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			u, _, err := st.UserByName(t.Context(), tt.user)
			if tt.id == 0 && err == nil || tt.id != 0 && (err != nil || u.PersonID != tt.id) {
				t.Errorf("account: %+v %v", u, err)
			}
		})
	}
	out, err := runCmd(t, "user", "list", "--db", path)
	if err != nil || !strings.Contains(out, "陈云城（编号 "+strconv.FormatInt(ids[0], 10)+"）") {
		t.Errorf("list: %v\n%s", err, out)
	}
}
