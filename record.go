package shuangbai

import (
	"strings"
	"unicode/utf8"
)

// QualificationRecord is one qualification a member of staff obtained: a
// person's history is these in date order, the latest being what they hold.
type QualificationRecord struct {
	ID          int64
	PersonID    int64
	Level       Qualification
	ObtainedOn  Date
	Certificate string // 证书编号
	Note        string // e.g. 招聘报名时填报
}

// Validate checks a qualification before it is stored.
func (q *QualificationRecord) Validate() error {
	fe := FieldErrors{}
	if q.Level == QualNone || !q.Level.Valid() {
		fe.Add("level", "请选择职业资格等级")
	}
	if utf8.RuneCountInString(q.Certificate) > 50 {
		fe.Add("certificate", "证书编号不超过 50 个字符")
	}
	if utf8.RuneCountInString(q.Note) > 100 {
		fe.Add("note", "备注不超过 100 字")
	}
	return fe.Err()
}

// Contract is a member of staff's employment contract (劳动合同/聘用合同).
// A contract that ends is dated, never deleted.
type Contract struct {
	ID          int64
	PersonID    int64
	Region      string // the person's region when signed
	CampaignID  int64  // the campaign that hired them; 0 for contracts entered by hand
	ApplicantID int64
	PostTitle   string
	SignedOn    Date
	From, To    Date // To: the agreed end; zero for an open-ended contract
	EndedOn     Date // the actual last day when it ended early (离职); zero while in force
	EndReason   string
}

// ActiveOn reports whether the contract is in force on day d.
func (c Contract) ActiveOn(d Date) bool {
	last := c.To
	if !c.EndedOn.IsZero() && (last.IsZero() || c.EndedOn.Before(last)) {
		last = c.EndedOn
	}
	return !d.Before(c.From) && (last.IsZero() || !d.After(last))
}

// Validate checks a contract's dates before it is stored.
func (c *Contract) Validate() error {
	fe := FieldErrors{}
	if c.From.IsZero() {
		fe.Add("from", "请填写合同开始日期")
	}
	if !c.To.IsZero() && !c.To.After(c.From) {
		fe.Add("to", "合同结束日期应晚于开始日期")
	}
	if c.SignedOn.IsZero() {
		fe.Add("signed_on", "请填写签约日期")
	}
	return fe.Err()
}

// CheckEnd checks that a contract may end on day last for reason.
func (c *Contract) CheckEnd(last Date, reason string) error {
	fe := FieldErrors{}
	switch {
	case !c.EndedOn.IsZero():
		fe.Add("ended_on", "该合同已于 "+c.EndedOn.String()+" 终止")
	case last.IsZero():
		fe.Add("ended_on", "请填写终止日期")
	case last.Before(c.From):
		fe.Add("ended_on", "终止日期不能早于合同开始日期（"+c.From.String()+"）")
	}
	if strings.TrimSpace(reason) == "" {
		fe.Add("end_reason", "请填写终止原因，例如 辞职、调动")
	} else if utf8.RuneCountInString(reason) > 100 {
		fe.Add("end_reason", "终止原因不超过 100 字")
	}
	return fe.Err()
}

// SiteAssignment is an assignment with the name of its site, as a
// person's record lists them.
type SiteAssignment struct {
	Assignment
	SiteName string
	Region   string
}

// TrainingYear is the trainings a person attended in one year, from the
// trainings register.
type TrainingYear struct {
	Year      int
	Trainings int
	Hours     float64
}

// CaseWork is what a person did in case work: visits they took part in,
// by year, and the files they are responsible for.
type CaseWork struct {
	VisitsByYear []YearCount
	Visits       int // all visits
	OpenCases    int // files open with them as the responsible worker
	ClosedCases  int
}

// YearCount is a count for one year.
type YearCount struct {
	Year  int
	Count int
}

// StaffRecord is a member of staff's record (人员档案): qualifications,
// contracts, assignments over time, training hours per year and case work.
type StaffRecord struct {
	Person         Person
	Qualifications []QualificationRecord // oldest first
	Contracts      []Contract            // newest first
	Assignments    []SiteAssignment      // newest first
	Training       []TrainingYear        // newest year first
	CaseWork       CaseWork
}

// Qualification returns the highest qualification on record, or QualNone.
func (r *StaffRecord) Qualification() Qualification {
	best := QualNone
	for _, q := range r.Qualifications {
		if q.Level.Rank() > best.Rank() {
			best = q.Level
		}
	}
	return best
}

// Rank orders qualifications: 0 for none, 3 for 高级社会工作师.
func (q Qualification) Rank() int {
	for i, x := range Qualifications {
		if x == q {
			return i
		}
	}
	return 0
}

// CurrentContract returns the contract in force on day d, or nil.
func (r *StaffRecord) CurrentContract(d Date) *Contract {
	for i := range r.Contracts {
		if r.Contracts[i].ActiveOn(d) {
			return &r.Contracts[i]
		}
	}
	return nil
}

// Coverage is a station a supervisor covers (督导) for a period.
type Coverage struct {
	ID          int64
	PersonID    int64
	StationID   int64
	StationName string
	Region      string // the station's town
	From        Date
	To          Date // zero: open-ended
}

// ActiveOn reports whether the coverage holds on day d.
func (c Coverage) ActiveOn(d Date) bool {
	return !d.Before(c.From) && (c.To.IsZero() || !d.After(c.To))
}

// Supervisor is a supervisor with the stations they cover on a day.
type Supervisor struct {
	Person   Person
	Stations []Coverage
}

// ChiefSupervisor is a programme's chief supervisor (总督导) over a region
// for a period.
type ChiefSupervisor struct {
	ID       int64
	PersonID int64
	Name     string
	Region   string // the region of the programme they lead
	Title    string // e.g. “双百工程”项目总督导
	From, To Date
}

// Validate checks a chief supervisor's term before it is stored.
func (c *ChiefSupervisor) Validate() error {
	fe := FieldErrors{}
	if LevelOf(c.Region) == LevelUnknown || LevelOf(c.Region) > LevelCounty {
		fe.Add("region", "请选择总督导负责的省、市或县")
	}
	if strings.TrimSpace(c.Title) == "" {
		c.Title = "总督导"
	} else if utf8.RuneCountInString(c.Title) > 50 {
		fe.Add("title", "职务名称不超过 50 字")
	}
	if c.From.IsZero() {
		fe.Add("from", "请填写任职日期")
	}
	if !c.To.IsZero() && c.To.Before(c.From) {
		fe.Add("to", "离任日期不能早于任职日期")
	}
	return fe.Err()
}
