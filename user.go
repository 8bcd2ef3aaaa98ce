package shuangbai

import (
	"strings"
	"time"
)

// Role is what a user may do; where they may do it is their Scope.
type Role string

// User roles.
const (
	RoleCityAdmin   Role = "city_admin"   // 市级管理员
	RoleCountyAdmin Role = "county_admin" // 县级管理员
	RoleStationLead Role = "station_lead" // 站长
	RoleWorker      Role = "worker"       // 社工
	RoleSupervisor  Role = "supervisor"   // 督导
	RoleViewer      Role = "viewer"       // 只读（领导查阅）

	// The three administrators of 等保 2.0 level 3 (三员分立). Each does one
	// job, and none reads beneficiaries' files.
	RoleSysAdmin   Role = "sys_admin"   // 系统管理员: accounts and settings
	RoleSecAdmin   Role = "sec_admin"   // 安全管理员: roles, policies, unlocks, tokens
	RoleAuditAdmin Role = "audit_admin" // 审计管理员: reads and exports the audit and access logs
)

// RoleSystem is the operator at the command line (imports, demo loading). No
// account can have it: Valid rejects it.
const RoleSystem Role = "system"

// SystemUser acts for the operator's command-line tools; its scope is the
// whole tree, and it appears as "system" in the audit log.
var SystemUser = &User{Username: "system", Name: "系统", Role: RoleSystem}

// Roles lists the roles from the most to the least powerful.
var Roles = []Role{RoleCityAdmin, RoleCountyAdmin, RoleStationLead, RoleWorker, RoleSupervisor, RoleViewer,
	RoleSysAdmin, RoleSecAdmin, RoleAuditAdmin}

// Label names the role in Chinese.
func (r Role) Label() string {
	switch r {
	case RoleCityAdmin:
		return "市级管理员"
	case RoleCountyAdmin:
		return "县级管理员"
	case RoleStationLead:
		return "站长"
	case RoleWorker:
		return "社工"
	case RoleSupervisor:
		return "督导"
	case RoleViewer:
		return "只读用户"
	case RoleSysAdmin:
		return "系统管理员"
	case RoleSecAdmin:
		return "安全管理员"
	case RoleAuditAdmin:
		return "审计管理员"
	}
	return string(r)
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is an account that logs in. Its Region is its home: the root of the
// subtree it may see and change.
type User struct {
	ID        int64
	Username  string
	Name      string
	Role      Role
	Region    string
	PersonID  int64 // the user's entry on the staff roster, for a social worker's worklist; 0 if none
	Disabled  bool
	CreatedAt time.Time

	PasswordChangedAt  time.Time
	MustChangePassword bool // set by an administrator: changed at the next login
	TOTPEnabled        bool // a second factor is enrolled
}

// Scope returns the region subtree the user may see. A disabled user has the
// zero Scope and sees nothing.
func (u *User) Scope() Scope {
	if u == nil || u.Disabled {
		return Scope{}
	}
	if u.Role == RoleSystem {
		return Scope{All: true}
	}
	return Scope{Code: u.Region}
}

// CanEditNetwork reports whether the user may create and change regions,
// stations, points, staff and requirements inside their scope.
func (u *User) CanEditNetwork() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleCityAdmin || u.Role == RoleCountyAdmin || u.Role == RoleStationLead)
}

// IsBureauAdmin reports whether the user runs a civil-affairs bureau's
// work inside their scope: the progress table's facts and imports,
// trainings, required counts. City and county admins do; since the three
// administrators were separated they no longer manage accounts.
func (u *User) IsBureauAdmin() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleCityAdmin || u.Role == RoleCountyAdmin)
}

// CanManageUsers reports whether the user may create, edit and disable
// accounts and reset their passwords inside their scope: the system
// administrator's work (系统管理员). Roles are the security administrator's.
func (u *User) CanManageUsers() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleSysAdmin)
}

// CannotGrant says why u may not give an account role, or "" if u may:
// the three administrators' roles are the security administrator's to
// grant (or the command line's), and an account manager below the city
// cannot make a city admin.
func (u *User) CannotGrant(role Role) string {
	switch {
	case u.Role == RoleSystem:
		return ""
	case role.IsAdministrator() && u.Role != RoleSecAdmin:
		return "系统、安全、审计管理员的角色只能由安全管理员授予"
	case role == RoleCityAdmin && LevelOf(u.Region) > LevelCity:
		return "县级的管理员不能创建市级管理员"
	}
	return ""
}

// CanReadCases reports whether the user may read beneficiaries' files. The
// three administrators run the system and may not: what they administer is
// accounts, security and the logs, never the people served.
func (u *User) CanReadCases() bool {
	return u != nil && !u.Disabled && !u.Role.IsAdministrator()
}

// HomeIsWorklist reports whether the user's day is visits, so that their
// home page is the worklist (探访清单) rather than the construction
// figures: the social worker, the station lead, whose list carries what
// is late at the station, and the supervisor, to whom it escalates.
func (u *User) HomeIsWorklist() bool {
	return u.CanReadCases() && (u.Role == RoleWorker || u.Role == RoleStationLead || u.Role == RoleSupervisor)
}

// IsAdministrator reports whether r is one of the three separated
// administrators (三员): they run the system and read no personal files.
func (r Role) IsAdministrator() bool {
	return r == RoleSysAdmin || r == RoleSecAdmin || r == RoleAuditAdmin
}

// CanManageSecurity reports whether the user sets roles, the password and
// two-factor policies, unlocks accounts and revokes others' tokens: the
// security administrator's work.
func (u *User) CanManageSecurity() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleSecAdmin)
}

// CanReadAudit reports whether the user may read the audit and access logs
// of their scope: the audit administrator (审计管理员), who also exports
// them, and the bureau admins, whose work includes seeing who looked at
// their people.
func (u *User) CanReadAudit() bool {
	return u != nil && !u.Disabled && (u.Role == RoleAuditAdmin || u.IsBureauAdmin())
}

// CanExportAudit reports whether the user may export the logs: the audit
// administrator's.
func (u *User) CanExportAudit() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleAuditAdmin)
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	fe := FieldErrors{}
	if n := len(u.Username); n < 3 || n > 32 || strings.IndexFunc(u.Username, badUsernameRune) >= 0 {
		fe.Add("username", "用户名为 3–32 位小写字母、数字、点、横线或下划线")
	}
	fe.Text("name", "姓名", &u.Name, TextName, 50)
	if !u.Role.Valid() {
		fe.Add("role", "请选择角色")
	}
	if LevelOf(u.Region) == LevelUnknown {
		fe.Add("region", "请选择所属区划")
	} else if (u.Role == RoleStationLead || u.Role == RoleWorker) && LevelOf(u.Region) < LevelTown {
		fe.Add("region", u.Role.Label()+"的所属区划应为其社工站所在的乡镇（街道）或村（社区）")
	}
	return fe.Err()
}

func badUsernameRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
}

// AuditEntry records one write: who changed what, when, and the record
// before and after (JSON).
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64
	Username string
	Action   string // create, update, delete, import, login …
	Entity   string // station, point, person, user …
	EntityID string
	Region   string // the region the record belongs to, for scoping the log
	Before   string
	After    string
}
