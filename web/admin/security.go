package admin

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// securityPage is the data of security/page.html: the security
// administrator's desk. Accounts with their roles and second factors, the
// accounts locked out, the password and two-factor policies, and every
// session and token inside their scope.
type securityPage struct {
	Accounts  []securityAccount
	Grantable []shuangbai.Role // the roles this administrator may give
	Roles     []shuangbai.Role // every role, for the two-factor policy
	Locks     []lockView
	Sessions  []store.SessionInfo
	Policy    ui.Form // min_length, min_classes, max_age_days, warn_days, history
	TOTP      ui.Form // roles
}

// securityAccount is an account as the security administrator manages it.
type securityAccount struct {
	*shuangbai.User
	RegionName string
	Self       bool
	NeedsTOTP  bool   // its role must log in with a second factor
	RoleError  string // why the role just posted for it was refused
	RoleTyped  string // the role just posted
}

// lockView is a locked account at one address.
type lockView struct {
	Username, Address string
	Until             time.Time
	Locks             int
}

// securityErrors carry a refused post back onto the page, next to what was
// typed.
type securityErrors struct {
	policy, totp url.Values
	policyErr    error
	totpErr      error
	roleUser     string
	role         string
	roleErr      error
}

// SecurityShow shows the security administrator's page.
func (h *Handlers) SecurityShow(w http.ResponseWriter, r *http.Request) error {
	if err := ui.RequireSecurity(ui.User(r)); err != nil {
		return err
	}
	return h.security(w, r, http.StatusOK, securityErrors{})
}

func (h *Handlers) security(w http.ResponseWriter, r *http.Request, status int, e securityErrors) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	p := securityPage{Roles: shuangbai.Roles}
	for _, role := range shuangbai.Roles {
		if u.CannotGrant(role) == "" {
			p.Grantable = append(p.Grantable, role)
		}
	}
	totpRoles, err := h.db.TOTPRoles(ctx)
	if err != nil {
		return err
	}
	needs := map[shuangbai.Role]bool{}
	for _, role := range totpRoles {
		needs[role] = true
	}
	users, err := h.db.Users(ctx, scope)
	if err != nil {
		return err
	}
	var codes []string
	for _, x := range users {
		codes = append(codes, x.Region)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	for _, x := range users {
		a := securityAccount{User: x, RegionName: paths[x.Region], Self: x.ID == u.ID, NeedsTOTP: needs[x.Role]}
		if x.Username == e.roleUser {
			a.RoleError, a.RoleTyped = errorText(e.roleErr), e.role
		}
		p.Accounts = append(p.Accounts, a)
	}
	// Every account's lock ("acct:name@address"); an address's own lock
	// names no account and is not the security administrator's to lift.
	locks, err := h.db.LoginLocks(ctx, scope, "acct:")
	if err != nil {
		return err
	}
	for _, l := range locks {
		name, addr, _ := strings.Cut(strings.TrimPrefix(l.Key, "acct:"), "@")
		p.Locks = append(p.Locks, lockView{Username: name, Address: addr, Until: l.Until, Locks: l.Locks})
	}
	if p.Sessions, err = h.db.Sessions(ctx, scope, 0, ""); err != nil {
		return err
	}

	if e.policy == nil {
		pol, err := h.db.PasswordPolicy(ctx)
		if err != nil {
			return err
		}
		e.policy = policyValues(pol)
	}
	p.Policy = ui.NewForm(e.policy, e.policyErr)
	if e.totp == nil {
		e.totp = url.Values{}
		for _, role := range totpRoles {
			e.totp.Add("roles", string(role))
		}
	}
	p.TOTP = ui.NewForm(e.totp, e.totpErr)
	return h.ui.Render(w, r, status, "security/page.html", p)
}

// errorText is the message of a refusal with every field's message, for a
// table row that has no fields of its own.
func errorText(err error) string {
	fields := ui.FieldErrors(err)
	if len(fields) == 0 {
		return shuangbai.ErrorMessage(err)
	}
	var msgs []string
	for _, m := range fields {
		msgs = append(msgs, m)
	}
	sort.Strings(msgs)
	return strings.Join(msgs, "；")
}

// policyFields are the password policy's form fields, in the order shown.
var policyFields = []string{"min_length", "min_classes", "max_age_days", "warn_days", "history"}

func policyValues(p auth.Policy) url.Values {
	v := url.Values{}
	for i, n := range []int{p.MinLength, p.MinClasses, p.MaxAgeDays, p.WarnDays, p.History} {
		v.Set(policyFields[i], strconv.Itoa(n))
	}
	return v
}

// SecurityPolicy sets the password policy. The store refuses one below
// level 3, naming the field.
func (h *Handlers) SecurityPolicy(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireSecurity(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	n := make([]int, len(policyFields))
	for i, f := range policyFields {
		if n[i], err = strconv.Atoi(ui.Trimmed(v, f)); err != nil {
			fe.Add(f, "请填写整数")
		}
	}
	err = fe.Err()
	if err == nil {
		err = h.db.SetPasswordPolicy(r.Context(), u, auth.Policy{MinLength: n[0], MinClasses: n[1], MaxAgeDays: n[2], WarnDays: n[3], History: n[4]})
	}
	if ui.FieldErrors(err) != nil {
		return h.security(w, r, ui.Status(err), securityErrors{policy: v, policyErr: err})
	}
	if err != nil {
		return err
	}
	return securityDone(w, r, "已保存密码策略；新设置的密码按新策略检查", "policy")
}

// SecurityTOTPRoles sets the roles that must log in with a second factor.
// The security administrator's own role always stays on.
func (h *Handlers) SecurityTOTPRoles(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireSecurity(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	var roles []shuangbai.Role
	for _, s := range v["roles"] {
		roles = append(roles, shuangbai.Role(s))
	}
	err = h.db.SetTOTPRoles(r.Context(), u, roles)
	if ui.FieldErrors(err) != nil {
		return h.security(w, r, ui.Status(err), securityErrors{totp: v, totpErr: err})
	}
	if err != nil {
		return err
	}
	return securityDone(w, r, "已保存双因素认证要求；相关账号下次登录时须使用（或先绑定）动态口令", "totp")
}

// SecurityRole changes an account's role; the account is logged out so
// the new role applies at once. A refusal is shown on the account's row.
func (h *Handlers) SecurityRole(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireSecurity(u); err != nil {
		return err
	}
	name, role := r.PathValue("username"), shuangbai.Role(r.PostFormValue("role"))
	err := h.db.SetRole(r.Context(), u, name, role)
	if ui.FieldErrors(err) != nil {
		return h.security(w, r, ui.Status(err), securityErrors{roleUser: name, role: string(role), roleErr: err})
	}
	if err != nil {
		return err
	}
	return securityDone(w, r, "已将 "+name+" 的角色调整为"+role.Label()+"，该账号已退出登录", "accounts")
}

// SecurityUnlock lifts every login lock on an account.
func (h *Handlers) SecurityUnlock(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireSecurity(u); err != nil {
		return err
	}
	name := r.PathValue("username")
	n, err := h.db.UnlockAccount(r.Context(), u, name)
	if err != nil {
		return err
	}
	msg := "账号 " + name + " 已解锁，可以重新登录"
	if n == 0 {
		msg = "账号 " + name + " 没有被锁定"
	}
	return securityDone(w, r, msg, "locks")
}

// SecurityResetTOTP removes an account's second factor (a lost phone): it
// binds a new one at its next login.
func (h *Handlers) SecurityResetTOTP(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireSecurity(u); err != nil {
		return err
	}
	name := r.PathValue("username")
	if err := h.db.ResetTOTP(r.Context(), u, name); err != nil {
		return err
	}
	return securityDone(w, r, "已重置 "+name+" 的双因素认证，该账号已退出登录，下次登录时重新绑定动态口令", "accounts")
}

// SecurityRevoke ends a session or API token inside the scope.
func (h *Handlers) SecurityRevoke(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireSecurity(u); err != nil {
		return err
	}
	if err := h.db.RevokeSession(r.Context(), u, r.PathValue("id")); err != nil {
		return err
	}
	return securityDone(w, r, "已注销该会话（令牌），使用它的浏览器或程序须重新登录", "sessions")
}

// securityDone flashes msg and goes back to the page's section.
func securityDone(w http.ResponseWriter, r *http.Request, msg, section string) error {
	ui.SetFlash(w, msg)
	http.Redirect(w, r, "/security#"+section, http.StatusSeeOther)
	return nil
}
