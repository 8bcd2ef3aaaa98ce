package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// UserListPage is the data of user/list.html.
type userListPage struct {
	Users []userView
	// The scheduled backups' last results, for the system administrator.
	Backups      []backupView
	BackupsShown bool
}

// userView is an account with the name of its region and of its staff
// entry.
type userView struct {
	*shuangbai.User
	RegionName string
	PersonName string // "" when the account is linked to no one (in scope)
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
	var people []int64
	for _, x := range users {
		codes = append(codes, x.Region)
		people = append(people, x.PersonID)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	names, err := h.db.StaffNames(ctx, ui.Scope(r), people)
	if err != nil {
		return err
	}
	p := userListPage{}
	if p.BackupsShown = u.Role == shuangbai.RoleSysAdmin; p.BackupsShown {
		if p.Backups, err = h.lastBackups(ctx); err != nil {
			return err
		}
	}
	for _, x := range users {
		p.Users = append(p.Users, userView{User: x, RegionName: paths[x.Region], PersonName: names[x.PersonID], Self: x.ID == u.ID})
	}
	return h.ui.Render(w, r, http.StatusOK, "user/list.html", p)
}

// userFormPage is the data of user/form.html.
type userFormPage struct {
	Form       ui.Form
	Roles      []shuangbai.Role
	Regions    []ui.RegionGroup
	People     []ui.PersonView // the staff entries the account may be linked to
	MorePeople bool            // the list is cut short: the person's page links here too
	Policy     auth.Policy
}

// UserNew shows an empty account form. ?person_id= comes from a staff
// member's page: the account is for them, in their region, linked to them.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	v := url.Values{"role": {string(shuangbai.RoleWorker)}, "region": {u.Region}}
	if id, err := ui.ParseID(r.URL.Query().Get("person_id")); err == nil {
		p, err := h.db.Person(r.Context(), ui.Scope(r), id)
		if err != nil {
			return err
		}
		v.Set("person_id", strconv.FormatInt(p.ID, 10))
		v.Set("name", p.Name)
		v.Set("region", p.Region)
		if p.Role == shuangbai.StaffLead || p.Role == shuangbai.StaffDeputy {
			v.Set("role", string(shuangbai.RoleStationLead))
		} else if p.Role == shuangbai.StaffSupervisor {
			v.Set("role", string(shuangbai.RoleSupervisor))
		}
	}
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
	nu.PersonID = personParam(fe, v)
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
	linked, _ := strconv.ParseInt(f.Get("person_id"), 10, 64)
	people, more, err := h.personChoices(r, "", linked)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "user/form.html", userFormPage{Form: f, Roles: roles, Regions: regions, People: people, MorePeople: more, Policy: policy})
}

// maxPeople bounds the staff a form's list offers.
const maxPeople = 500

// personChoices returns the staff entries an account of region may be
// linked to, labelled, and whether there are more than the list holds.
// Staff are registered at their county or town: an account in a village
// picks from its town's; a new account ("" region) from the whole scope.
// The people of keep (linked now, or chosen) are always among them.
func (h *Handlers) personChoices(r *http.Request, region string, keep ...int64) ([]ui.PersonView, bool, error) {
	ctx, scope := r.Context(), ui.Scope(r)
	if len(region) > 9 {
		region = region[:9]
	}
	people, total, err := h.db.People(ctx, scope, store.PersonFilter{Region: region, Limit: maxPeople})
	if err != nil {
		return nil, false, err
	}
	listed := len(people)
	for _, id := range keep {
		if id != 0 && !slices.ContainsFunc(people, func(p shuangbai.Person) bool { return p.ID == id }) {
			if p, err := h.db.Person(ctx, scope, id); err == nil {
				people = append([]shuangbai.Person{p}, people...)
			}
		}
	}
	views, err := h.ui.PersonViews(ctx, people)
	return views, total > listed, err
}

// personParam reads the person_id a form chose: 0 for none.
func personParam(fe shuangbai.FieldErrors, v url.Values) int64 {
	s := ui.Trimmed(v, "person_id")
	if s == "" || s == "0" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		fe.Add("person_id", "请从列表中选择人员")
		return 0
	}
	return id
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
