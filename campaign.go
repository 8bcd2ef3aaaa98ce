package shuangbai

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CampaignKind is what a recruitment campaign hires for.
type CampaignKind string

// Campaign kinds.
const (
	CampaignWorker     CampaignKind = "worker"     // 社工
	CampaignSupervisor CampaignKind = "supervisor" // 督导
)

// CampaignKinds lists the kinds in display order.
var CampaignKinds = []CampaignKind{CampaignWorker, CampaignSupervisor}

// Label names the kind in Chinese.
func (k CampaignKind) Label() string {
	switch k {
	case CampaignWorker:
		return "社工"
	case CampaignSupervisor:
		return "督导"
	}
	return string(k)
}

// StaffRole is the role on the roster of the people a campaign hires.
func (k CampaignKind) StaffRole() StaffRole {
	if k == CampaignSupervisor {
		return StaffSupervisor
	}
	return StaffWorker
}

// Campaign is one recruitment (招聘): the posts it fills, its timeline, the
// weights of its scores and the checklist of the exam's organisation. The
// bureau of Region runs it; its posts lie in Region's subtree.
type Campaign struct {
	ID     int64
	Year   int
	Region string // the organising bureau's region: a city, county or province
	Kind   CampaignKind
	Title  string

	// WrittenWeight is the written exam's share of the composite score in
	// percent; the interview has the rest. 0 makes an interview-only
	// campaign, as the supervisors' was.
	WrittenWeight int
	// InterviewRatio is how many candidates per place go from the written
	// exam to the interview, in tenths (30 is 1:3); 0 sends everyone who
	// sat the exam.
	InterviewRatio int
	// MedicalRatio is how many candidates per place go forward to the
	// medical check (体检) by the composite ranking, in tenths (10 is 1:1).
	MedicalRatio int

	Timeline

	Posts []Post     // when read with its posts
	Tasks []ExamTask // the checklist, in due order

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Timeline holds the dates of a campaign's stages; any may be unset, but
// those set must follow one another.
type Timeline struct {
	ApplyFrom   Date // 报名开始
	ApplyTo     Date // 报名截止
	PrepOn      Date // 考务工作推进会
	ExamOn      Date // 笔试
	InterviewOn Date // 面试
	MedicalOn   Date // 体检
	NoticeFrom  Date // 公示开始
	NoticeTo    Date // 公示结束: signing may start the day after
}

// Milestone is one named date of a timeline.
type Milestone struct {
	Field string // the form field
	Label string
	On    Date
}

// Milestones lists the timeline in order, with the names forms use.
func (t Timeline) Milestones() []Milestone {
	return []Milestone{
		{"apply_from", "报名开始", t.ApplyFrom}, {"apply_to", "报名截止", t.ApplyTo},
		{"prep_on", "考务工作推进会", t.PrepOn}, {"exam_on", "笔试", t.ExamOn},
		{"interview_on", "面试", t.InterviewOn}, {"medical_on", "体检", t.MedicalOn},
		{"notice_from", "公示开始", t.NoticeFrom}, {"notice_to", "公示结束", t.NoticeTo},
	}
}

// Dates returns pointers to the timeline's dates in the order of
// Milestones, for a form to fill.
func (t *Timeline) Dates() []*Date {
	return []*Date{&t.ApplyFrom, &t.ApplyTo, &t.PrepOn, &t.ExamOn, &t.InterviewOn, &t.MedicalOn, &t.NoticeFrom, &t.NoticeTo}
}

// SignableOn reports whether contracts may be signed on day d: once the
// notice period is over. A campaign without a notice period set cannot sign.
func (t Timeline) SignableOn(d Date) bool { return !t.NoticeTo.IsZero() && d.After(t.NoticeTo) }

// Defaults for a new campaign: scores weigh half each, three candidates
// per place are interviewed and one per place goes to the medical check.
const (
	DefaultWrittenWeight  = 50
	DefaultInterviewRatio = 30
	DefaultMedicalRatio   = 10
)

// InterviewWeight is the interview's share of the composite score in percent.
func (c *Campaign) InterviewWeight() int { return 100 - c.WrittenWeight }

// HasWritten reports whether the campaign holds a written exam.
func (c *Campaign) HasWritten() bool { return c.WrittenWeight > 0 }

// Places is the number of people the campaign hires: its posts' places.
func (c *Campaign) Places() int {
	n := 0
	for _, p := range c.Posts {
		n += p.Places
	}
	return n
}

// Validate checks a campaign's own fields (not its posts) before it is stored.
func (c *Campaign) Validate() error {
	fe := FieldErrors{}
	if c.Year < 2000 || c.Year > 2100 {
		fe.Add("year", "请填写招聘年度，例如 2021")
	}
	switch LevelOf(c.Region) {
	case LevelProvince, LevelCity, LevelCounty:
	default:
		fe.Add("region", "请选择组织招聘的单位（省、市或县）")
	}
	if c.Kind != CampaignWorker && c.Kind != CampaignSupervisor {
		fe.Add("kind", "请选择招聘类别（社工或督导）")
	}
	if strings.TrimSpace(c.Title) == "" {
		fe.Add("title", "请填写招聘名称")
	} else if utf8.RuneCountInString(c.Title) > 100 {
		fe.Add("title", "招聘名称不超过 100 字")
	}
	if c.WrittenWeight < 0 || c.WrittenWeight > 100 {
		fe.Add("written_weight", "笔试成绩占比应在 0 到 100 之间（面试占其余部分）")
	}
	if c.InterviewRatio < 0 || c.InterviewRatio > 200 {
		fe.Add("interview_ratio", "入围面试比例应在 0 到 20 之间（每个岗位名额对应的人数）")
	}
	if c.MedicalRatio < 10 || c.MedicalRatio > 50 {
		fe.Add("medical_ratio", "入围体检比例应在 1 到 5 之间（每个岗位名额对应的人数）")
	}
	var last Milestone
	for _, m := range c.Milestones() {
		if m.On.IsZero() {
			continue
		}
		if !last.On.IsZero() && m.On.Before(last.On) {
			fe.Add(m.Field, m.Label+"日期不能早于"+last.Label+"（"+last.On.String()+"）")
		}
		last = m
	}
	if c.WrittenWeight == 0 && !c.ExamOn.IsZero() {
		fe.Add("exam_on", "笔试成绩占比为 0 的招聘不设笔试；请清空笔试日期或填写笔试占比")
	}
	return fe.Err()
}

// RatioString writes a ratio in tenths as forms show it: 30 → "3", 12 → "1.2".
func RatioString(tenths int) string {
	s := strconv.Itoa(tenths / 10)
	if r := tenths % 10; r != 0 {
		s += "." + strconv.Itoa(r)
	}
	return s
}

// ParseRatio reads "3", "1.2" or "1:3" as tenths; ok is false when s is
// not such a number with at most one decimal.
func ParseRatio(s string) (tenths int, ok bool) {
	s = strings.TrimSpace(s)
	if _, after, found := strings.Cut(s, ":"); found {
		s = after
	} else if _, after, found := strings.Cut(s, "："); found {
		s = after
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || !idDigits(whole) || dot && (len(frac) != 1 || !idDigits(frac)) {
		return 0, false
	}
	n := 0
	for _, c := range whole {
		n = n*10 + int(c-'0')
	}
	n *= 10
	if dot {
		n += int(frac[0] - '0')
	}
	return n, true
}

// Cutoff is how many candidates a ratio in tenths sends forward from a
// post of the given places, rounding up: 1:1.5 of 3 places is 5.
func Cutoff(places, tenths int) int { return (places*tenths + 9) / 10 }

// Post is a post (岗位) of a campaign: places at one station, or in a
// county whose station is chosen at signing.
type Post struct {
	ID         int64
	CampaignID int64
	Code       string // 岗位代码, unique in the campaign
	Region     string // the station's town, or the county
	StationID  int64  // 0: any station of Region, chosen at signing
	Title      string // 岗位名称
	Places     int    // 招聘人数
}

// Validate checks a post of campaign c before it is stored.
func (p *Post) Validate(c *Campaign) error {
	fe := FieldErrors{}
	if strings.TrimSpace(p.Code) == "" {
		fe.Add("code", "请填写岗位代码")
	} else if utf8.RuneCountInString(p.Code) > 30 || strings.ContainsAny(p.Code, " \t\r\n") {
		fe.Add("code", "岗位代码不超过 30 个字符，不含空格")
	}
	switch l := LevelOf(p.Region); {
	case l != LevelCounty && l != LevelTown:
		fe.Add("region", "请选择岗位所在的县（市、区）或乡镇（街道）")
	case !(Scope{Code: c.Region}).Contains(p.Region):
		fe.Add("region", "岗位应在组织招聘单位的辖区内")
	}
	if strings.TrimSpace(p.Title) == "" {
		fe.Add("title", "请填写岗位名称")
	} else if utf8.RuneCountInString(p.Title) > 100 {
		fe.Add("title", "岗位名称不超过 100 字")
	}
	if p.Places < 1 || p.Places > 1000 {
		fe.Add("places", "招聘人数应在 1 到 1000 之间")
	}
	return fe.Err()
}

// ExamTask is one item of the checklist of a campaign's exam organisation
// (考务工作), with who owns it and by when.
type ExamTask struct {
	ID         int64
	CampaignID int64
	Title      string
	Owner      string // 责任单位或责任人
	Due        Date
	Done       bool
	DoneOn     Date
}

// Validate checks a task before it is stored.
func (t *ExamTask) Validate() error {
	fe := FieldErrors{}
	if strings.TrimSpace(t.Title) == "" {
		fe.Add("title", "请填写任务内容")
	} else if utf8.RuneCountInString(t.Title) > 100 {
		fe.Add("title", "任务内容不超过 100 字")
	}
	if utf8.RuneCountInString(t.Owner) > 50 {
		fe.Add("owner", "责任单位不超过 50 字")
	}
	if t.Done && t.DoneOn.IsZero() {
		fe.Add("done_on", "请填写完成日期")
	}
	if !t.Done {
		t.DoneOn = Date{}
	}
	return fe.Err()
}

// ExamTaskTitles are the six key points of exam organisation the seed's
// preparation meeting set (2021年7月26日, 笔试考务工作推进会); a new campaign
// starts its checklist with them.
var ExamTaskTitles = []string{
	"选好考务人员",
	"做好试卷保密工作",
	"严肃考务纪律",
	"落实防疫措施",
	"加强考试巡视监督",
	"制定应急预案",
}

// CanReadRecruitment reports whether the user may see campaigns, their
// applicants (numbers masked) and statistics: the bureau admins who run
// them and the viewers who follow them. Workers and station leads do not
// take part in recruitment, and the three administrators read no one's
// personal data.
func (u *User) CanReadRecruitment() bool {
	return u.IsBureauAdmin() || u != nil && !u.Disabled && u.Role == RoleViewer
}

// CanRunRecruitment reports whether the user may run campaigns inside
// their scope: set them up, review applications, enter scores, publish the
// notice and sign contracts. The bureau admins do.
func (u *User) CanRunRecruitment() bool { return u.IsBureauAdmin() }
