package shuangbai

import "fmt"

// Level4 is a case's follow-up level in the four-level follow-up system
// (四级跟进制度): it sets how often the case is visited.
type Level4 int

// Valid reports whether l is one of the four levels.
func (l Level4) Valid() bool { return l >= 1 && l <= 4 }

// Label names the level in Chinese: 一级 … 四级.
func (l Level4) Label() string {
	if !l.Valid() {
		return ""
	}
	return []string{"一级", "二级", "三级", "四级"}[l-1]
}

// Interval is how often a level visits: Times visits every PeriodDays days.
type Interval struct {
	Times      int
	PeriodDays int
}

// Days returns the days between visits, rounded down so that a case is
// never visited less often than its level says: twice a week is every 3 days.
func (i Interval) Days() int {
	if i.Times <= 0 {
		return i.PeriodDays
	}
	return max(1, i.PeriodDays/i.Times)
}

// String describes the interval as a form does: 每周2次, 每月1次.
func (i Interval) String() string {
	switch i.PeriodDays {
	case 7:
		return fmt.Sprintf("每周%d次", i.Times)
	case 14:
		return fmt.Sprintf("每两周%d次", i.Times)
	case 30, 31:
		return fmt.Sprintf("每月%d次", i.Times)
	}
	return fmt.Sprintf("每%d天%d次", i.PeriodDays, i.Times)
}

// Intervals maps each level to its interval. A city admin may change them.
type Intervals map[Level4]Interval

// DefaultIntervals are the levels of the seed's station: 一级 twice a week,
// 二级 weekly, 三级 every two weeks, 四级 monthly.
var DefaultIntervals = Intervals{1: {2, 7}, 2: {1, 7}, 3: {1, 14}, 4: {1, 30}}

// WithDefaults returns a copy of iv in which every level iv lacks has its
// default interval.
func (iv Intervals) WithDefaults() Intervals {
	out := Intervals{}
	for l := Level4(1); l <= 4; l++ {
		out[l] = DefaultIntervals[l]
	}
	for l, i := range iv {
		out[l] = i
	}
	return out
}

// Validate checks intervals before a city admin's change is kept: each of
// the four levels has one, of a positive number of visits over 1–366 days,
// at most one visit a day, and no level is visited more often than the
// level above it (二级 no more often than 一级, and so on). The field of the
// first problem is named "level1" … "level4".
func (iv Intervals) Validate() error {
	for l := Level4(1); l <= 4; l++ {
		i, ok := iv[l]
		field := fmt.Sprintf("level%d", l)
		switch {
		case !ok || i.Times <= 0 || i.PeriodDays <= 0 || i.PeriodDays > 366:
			return &Error{Code: EINVALID, Message: "探访频次填写有误",
				Fields: map[string]string{field: "次数和天数都应为正整数，天数不超过 366"}}
		case i.Times > i.PeriodDays:
			return &Error{Code: EINVALID, Message: "探访频次填写有误",
				Fields: map[string]string{field: "每天最多探访一次：次数不能多于天数"}}
		case l > 1 && i.Days() < iv[l-1].Days():
			return &Error{Code: EINVALID, Message: "探访频次填写有误",
				Fields: map[string]string{field: l.Label() + "的探访不能比" + (l - 1).Label() + "更频繁"}}
		}
	}
	return nil
}

// NextDue returns the day the next visit is due after a visit on last.
func (iv Intervals) NextDue(l Level4, last Date) Date {
	i, ok := iv[l]
	if !ok {
		i = DefaultIntervals[l]
	}
	return last.AddDays(i.Days())
}

// LevelChange is a change of a case's level. Raising the level (towards
// 一级, more visits) takes effect at once; lowering it waits for a station
// lead's or supervisor's confirmation.
type LevelChange struct {
	ID            int64
	BeneficiaryID int64
	From, To      Level4
	Reason        string
	On            Date
	RequestedBy   string
	ConfirmedBy   string // empty while pending
	Pending       bool
}

// Raises reports whether the change makes visits more frequent.
func (c LevelChange) Raises() bool { return c.To < c.From }

// CanConfirmLowering reports whether the user may confirm a lowered level.
func (u *User) CanConfirmLowering() bool {
	return u != nil && !u.Disabled && (u.Role == RoleStationLead || u.Role == RoleSupervisor || u.Role == RoleCountyAdmin || u.Role == RoleCityAdmin || u.Role == RoleSystem)
}

// CanEditCases reports whether the user may file beneficiaries, record
// visits and applications inside their scope.
func (u *User) CanEditCases() bool {
	return u.CanReadCases() && u.Role != RoleViewer
}

// CanSeeFullID reports whether the user may reveal a full ID number or
// export personal data (always with a reason, always logged).
func (u *User) CanSeeFullID() bool {
	return u != nil && !u.Disabled && (u.Role == RoleStationLead || u.Role == RoleCountyAdmin || u.Role == RoleCityAdmin || u.Role == RoleSystem)
}
