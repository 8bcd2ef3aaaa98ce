package shuangbai

import "time"

// StaffRole is a person's post in the programme.
type StaffRole string

// Staff roles.
const (
	StaffWorker     StaffRole = "worker"     // 双百社工
	StaffLead       StaffRole = "lead"       // 站长
	StaffDeputy     StaffRole = "deputy"     // 副站长
	StaffSupervisor StaffRole = "supervisor" // 督导
)

// StaffRoles lists the roles in display order.
var StaffRoles = []StaffRole{StaffWorker, StaffLead, StaffDeputy, StaffSupervisor}

// Label names the role in Chinese.
func (r StaffRole) Label() string {
	switch r {
	case StaffWorker:
		return "社工"
	case StaffLead:
		return "站长"
	case StaffDeputy:
		return "副站长"
	case StaffSupervisor:
		return "督导"
	}
	return string(r)
}

// Person is a member of staff (双百社工, 站长, 副站长, 督导).
type Person struct {
	ID        int64
	Region    string // the region the person belongs to: their county or town
	Name      string
	Gender    string // "男" or "女"
	Phone     string
	Role      StaffRole
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a person before they are stored.
func (p *Person) Validate() error {
	fe := FieldErrors{}
	fe.Text("name", "姓名", &p.Name, TextName, 50)
	if p.Gender != "男" && p.Gender != "女" {
		fe.Add("gender", "请选择性别")
	}
	if p.Phone != "" && !validPhone(p.Phone) {
		fe.Add("phone", "电话号码格式不正确")
	}
	switch p.Role {
	case StaffWorker, StaffLead, StaffDeputy, StaffSupervisor:
	default:
		fe.Add("role", "请选择岗位")
	}
	if LevelOf(p.Region) == LevelUnknown {
		fe.Add("region", "请选择所属区划")
	}
	return fe.Err()
}

// Assignment places a person at a station or a point for a period: staffing
// on any day is the assignments whose period contains it.
type Assignment struct {
	ID        int64
	PersonID  int64
	StationID int64 // exactly one of StationID and PointID is set
	PointID   int64
	From      Date
	To        Date // zero: open-ended; otherwise the last day of the assignment
}

// ActiveOn reports whether the assignment covers day d.
func (a Assignment) ActiveOn(d Date) bool {
	return !d.Before(a.From) && (a.To.IsZero() || !d.After(a.To))
}

// Validate checks an assignment before it is stored. Its days may be
// planned up to a year ahead of today.
func (a *Assignment) Validate(today Date) error {
	fe := FieldErrors{}
	if (a.StationID == 0) == (a.PointID == 0) {
		fe.Add("site", "请选择一个社工站或社工点")
	}
	if a.From.IsZero() {
		fe.Add("from", "请填写到岗日期")
	}
	fe.Day("from", "到岗日期", a.From, today, true)
	fe.Day("to", "离岗日期", a.To, today, true)
	if !a.To.IsZero() && a.To.Before(a.From) {
		fe.Add("to", "离岗日期不能早于到岗日期")
	}
	return fe.Err()
}
