package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/web/ui"
)

// UserListPage is the data of user/list.html.
type userListPage struct {
	Users []userView
}

// userView is an account with the name of its region.
type userView struct {
	*shuangbai.User
	RegionName string
	Self       bool
}

// UserList lists the accounts in the system administrator's scope.
func (h *Handlers) UserList(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	users, err := h.db.Users(ctx, ui.Scope(r))
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
	p := userListPage{}
	for _, x := range users {
		p.Users = append(p.Users, userView{User: x, RegionName: paths[x.Region], Self: x.ID == u.ID})
	}
	return h.ui.Render(w, r, http.StatusOK, "user/list.html", p)
}

// userFormPage is the data of user/form.html.
type userFormPage struct {
	Form    ui.Form
	Roles   []shuangbai.Role
	Regions []ui.RegionGroup
	Policy  auth.Policy
}

// UserNew shows an empty account form.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	v := url.Values{"role": {string(shuangbai.RoleWorker)}, "region": {u.Region}}
	return h.userForm(w, r, http.StatusOK, ui.NewForm(v, nil))
}

// UserCreate stores a new account with its first password, checked by the
// password policy in force. The account must change it at its first login:
// the administrator who typed it knows it.
func (h *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	nu := &shuangbai.User{Username: ui.Trimmed(v, "username"), Name: ui.Trimmed(v, "name"),
		Role: shuangbai.Role(v.Get("role")), Region: ui.Trimmed(v, "region"), MustChangePassword: true}
	fe := shuangbai.FieldErrors{}
	ui.Merge(fe, nu.Validate())
	if err := h.checkPassword(ctx, fe, nu.Username, v.Get("password"), v.Get("password2")); err != nil {
		return err
	}
	err = fe.Err()
	if err == nil {
		var hash string
		if hash, err = auth.HashPassword(v.Get("password")); err != nil {
			return err
		}
		err = h.db.CreateUser(ctx, u, nu, hash)
	}
	if ui.FieldErrors(err) != nil {
		// Never send a password back to the browser.
		v.Del("password")
		v.Del("password2")
		return h.userForm(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "账号 "+nu.Username+"（"+nu.Name+"）已创建，请把用户名和初始密码告知本人；首次登录时须修改密码。")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// checkPassword adds to fe what the password policy in force says of a
// new password for username, and whether it was typed the same twice.
func (h *Handlers) checkPassword(ctx context.Context, fe shuangbai.FieldErrors, username, password, again string) error {
	policy, err := h.db.PasswordPolicy(ctx)
	if err != nil {
		return err
	}
	var pe *auth.PolicyError
	if err := policy.Check(username, password); errors.As(err, &pe) {
		fe.Add(pe.Field, pe.Message)
	} else if err != nil {
		return err
	}
	if password != again {
		fe.Add("password2", "两次输入的密码不一致")
	}
	return nil
}

func (h *Handlers) userForm(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	var roles []shuangbai.Role
	for _, role := range shuangbai.Roles {
		if u.CannotGrant(role) == "" {
			roles = append(roles, role)
		}
	}
	regions, err := h.accountRegions(r, "")
	if err != nil {
		return err
	}
	policy, err := h.db.PasswordPolicy(r.Context())
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "user/form.html", userFormPage{Form: f, Roles: roles, Regions: regions, Policy: policy})
}

// accountRegions are the regions an account of the administrator's scope
// may belong to: the counties and towns, and for a city's administrator
// the city itself; current, the account's region, is added when it is not
// among them (a village's account).
func (h *Handlers) accountRegions(r *http.Request, current string) ([]ui.RegionGroup, error) {
	ctx, u := r.Context(), ui.User(r)
	regions, err := h.ui.RegionFilter(ctx, ui.Scope(r), "（县级）")
	if err != nil {
		return nil, err
	}
	if shuangbai.LevelOf(u.Region) < shuangbai.LevelCounty {
		// A city's administrator may also keep accounts at the city.
		names, err := h.db.RegionNames(ctx, []string{u.Region})
		if err != nil {
			return nil, err
		}
		regions = append([]ui.RegionGroup{{Name: names[u.Region], Options: []ui.RegionOption{{Code: u.Region, Name: names[u.Region] + "（市级）"}}}}, regions...)
	}
	if current != "" && !hasRegion(regions, current) {
		paths, err := h.ui.RegionPaths(ctx, []string{current})
		if err != nil {
			return nil, err
		}
		regions = append([]ui.RegionGroup{{Name: "当前所属区划", Options: []ui.RegionOption{{Code: current, Name: paths[current]}}}}, regions...)
	}
	return regions, nil
}

func hasRegion(groups []ui.RegionGroup, code string) bool {
	for _, g := range groups {
		for _, o := range g.Options {
			if o.Code == code {
				return true
			}
		}
	}
	return false
}
