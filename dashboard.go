package shuangbai

import "time"

// MaxPeriodYears bounds a dashboard's period: five years of weekly figures
// is already 260 bars, and a longer span would read the whole visit table.
const MaxPeriodYears = 5

// Period is the span [From, To] a dashboard's flows (visits, applications,
// trainings …) are counted over, both days included.
type Period struct{ From, To Date }

// CheckPeriod refuses a period a dashboard cannot be drawn for, with words
// a user can act on: a missing day, an end before the start, an end after
// today, or more than MaxPeriodYears.
func CheckPeriod(p Period, today Date) error {
	switch {
	case p.From.IsZero() || p.To.IsZero():
		return Errorf(EINVALID, "请填写统计期间的开始和结束日期")
	case p.To.Before(p.From):
		return Errorf(EINVALID, "结束日期（%s）早于开始日期（%s），请重新选择", p.To.Chinese(), p.From.Chinese())
	case p.To.After(today):
		return Errorf(EINVALID, "结束日期不能晚于今天（%s）", today.Chinese())
	case !p.To.Before(DateOf(p.From.Time().AddDate(MaxPeriodYears, 0, 0))):
		return Errorf(EINVALID, "统计期间最长 %d 年，请缩短", MaxPeriodYears)
	}
	return nil
}

// LastYear returns the same period a year earlier, the dashboards'
// comparison (同比). A 29 February moves to the 28th.
func (p Period) LastYear() Period {
	back := func(d Date) Date {
		t := d.Time()
		y, m, day := t.Date()
		if m == time.February && day == 29 {
			day = 28
		}
		return NewDate(y-1, m, day)
	}
	return Period{back(p.From), back(p.To)}
}

// Days returns how many days the period holds.
func (p Period) Days() int { return int(p.To.Time().Sub(p.From.Time())/(24*time.Hour)) + 1 }

// Dashboard holds the figures of one region's dashboard (数据看板): the
// network's state on the period's last day, the case files' state today, and
// the flows of the period beside those of the same period last year.
type Dashboard struct {
	Region Region
	Period Period
	AsOf   Date // today: the case files' state (open, levels, overdue) is now

	// Coverage on Period.To and a year before it, and per child region.
	Stations, Points         SiteCounts
	StationsLast, PointsLast SiteCounts
	Rows                     []DashboardRow
	// Vacancies: built sites with nobody assigned on Period.To (空岗).
	EmptyStations, EmptyPoints int

	Cases *CaseFigures // nil for those who may not read case files (三员)

	Trainings, TrainingsLast map[TrainingKind]int // held in the period
	TrainingPeople           int                  // attendances in the period
	Recruitment              *RecruitFigures      // nil where no campaign falls in the period
	Activities               *ActivityFigures     // zero counts when none were held
}

// DashboardRow is one child region's coverage and case load.
type DashboardRow struct {
	Code, Name       string
	Stations, Points SiteCounts
	Open, Overdue    int
}

// CaseFigures are the case files' figures of a dashboard.
type CaseFigures struct {
	Open      int           // open files
	ByGroup   map[Group]int // open files per group (a person may be in two)
	ByLevel   [5]int        // open files per follow-up level, 1–4
	Overdue   int           // open files whose visit is late today
	Escalated [4]int        // open files whose lateness has reached each tier (index: Tier)

	Visits, VisitsLast int
	Weeks              []WeekCount // visits per week of the period, Monday first

	Apps, AppsLast []AppCount // applications prepared in the period, per kind and status
	NewFiles       int        // people filed in the period
	NewFilesLast   int
}

// OverdueRate returns the share of open files that are late, 0–100.
func (c *CaseFigures) OverdueRate() float64 {
	if c == nil || c.Open == 0 {
		return 0
	}
	return float64(c.Overdue) * 100 / float64(c.Open)
}

// WeekCount is the number of visits in the week starting Monday Week, and
// in the week a year (52 weeks) before.
type WeekCount struct {
	Week    Date
	N, Last int
}

// AppCount is how many applications of a kind have a status.
type AppCount struct {
	Kind   AppKind
	Status AppStatus
	N      int
}

// RecruitFigures count the recruitment campaigns of the period's years.
type RecruitFigures struct {
	Campaigns, Places, Applicants, Signed int
}

// ActivityFigures count the community activities held in the period.
type ActivityFigures struct {
	Held, Reached, HeldLast, ReachedLast int
	ByKind, ByKindLast                   map[ActivityKind]int // activities held, per kind
}

// Monday returns the Monday of d's week.
func Monday(d Date) Date {
	wd := int(d.Time().Weekday()+6) % 7 // Monday 0 … Sunday 6
	return d.AddDays(-wd)
}
