package shuangbai

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Qualification is a social-work qualification (社会工作者职业资格).
type Qualification string

// The qualifications, from none upward.
const (
	QualNone      Qualification = ""              // 无
	QualAssistant Qualification = "assistant"     // 助理社会工作师
	QualWorker    Qualification = "social_worker" // 社会工作师
	QualSenior    Qualification = "senior"        // 高级社会工作师
)

// Qualifications lists the qualifications a form offers, in rank order.
var Qualifications = []Qualification{QualNone, QualAssistant, QualWorker, QualSenior}

// Label names the qualification in Chinese.
func (q Qualification) Label() string {
	switch q {
	case QualNone:
		return "无"
	case QualAssistant:
		return "助理社会工作师"
	case QualWorker:
		return "社会工作师"
	case QualSenior:
		return "高级社会工作师"
	}
	return string(q)
}

// Valid reports whether q is a known qualification (none included).
func (q Qualification) Valid() bool { return q.Label() != string(q) || q == QualNone }

// Education is the highest schooling completed (学历).
type Education string

// Levels of education.
const (
	EduSecondary Education = "secondary" // 高中/中专
	EduCollege   Education = "college"   // 大专
	EduBachelor  Education = "bachelor"  // 本科
	EduMaster    Education = "master"    // 硕士研究生
	EduDoctor    Education = "doctor"    // 博士研究生
)

// Educations lists the levels in order.
var Educations = []Education{EduSecondary, EduCollege, EduBachelor, EduMaster, EduDoctor}

// Label names the level in Chinese.
func (e Education) Label() string {
	switch e {
	case EduSecondary:
		return "高中/中专"
	case EduCollege:
		return "大专"
	case EduBachelor:
		return "本科"
	case EduMaster:
		return "硕士研究生"
	case EduDoctor:
		return "博士研究生"
	}
	return string(e)
}

// Valid reports whether e is a known level.
func (e Education) Valid() bool { return e != "" && e.Label() != string(e) }

// Review is the outcome of an application's eligibility review (资格审核).
type Review string

// Review outcomes.
const (
	ReviewPending  Review = "pending"  // 待审核
	ReviewEligible Review = "eligible" // 审核通过
	ReviewRejected Review = "rejected" // 审核不通过, with a reason
)

// Label names the outcome in Chinese.
func (r Review) Label() string {
	switch r {
	case ReviewPending:
		return "待审核"
	case ReviewEligible:
		return "审核通过"
	case ReviewRejected:
		return "审核不通过"
	}
	return string(r)
}

// Medical is the result of the medical check (体检).
type Medical string

// Medical results.
const (
	MedicalPending Medical = ""     // not examined yet
	MedicalPass    Medical = "pass" // 合格
	MedicalFail    Medical = "fail" // 不合格
)

// Label names the result in Chinese.
func (m Medical) Label() string {
	switch m {
	case MedicalPending:
		return "未体检"
	case MedicalPass:
		return "合格"
	case MedicalFail:
		return "不合格"
	}
	return string(m)
}

// Score is an exam score from 0 to 100 with at most two decimals, kept in
// hundredths so that ranking never meets a rounding tie. The zero Score is
// "not entered" (or absent from the exam).
type Score struct {
	h   int // hundredths
	set bool
}

// ScoreOf returns the score of h hundredths of a point.
func ScoreOf(h int) Score { return Score{h: h, set: true} }

// Valid reports whether the score was entered.
func (s Score) Valid() bool { return s.set }

// Hundredths returns the score in hundredths of a point (0 when unset).
func (s Score) Hundredths() int { return s.h }

// String writes the score as typed: 85.5, 90, 77.25; "" when unset.
func (s Score) String() string {
	if !s.set {
		return ""
	}
	return string(s.appendTo(make([]byte, 0, 8)))
}

// appendTo appends the score as String writes it; a ranking's JSON writes
// two scores per applicant, and fmt was most of each.
func (s Score) appendTo(b []byte) []byte {
	b = strconv.AppendInt(b, int64(s.h/100), 10)
	switch r := s.h % 100; {
	case r == 0:
	case r%10 == 0:
		b = append(b, '.', byte('0'+r/10))
	default:
		b = append(b, '.', byte('0'+r/10), byte('0'+r%10))
	}
	return b
}

// Float returns the score in points, for JSON.
func (s Score) Float() float64 { return float64(s.h) / 100 }

// ErrScore is the message for a score that cannot be read.
const ErrScore = "成绩应为 0 到 100 之间的数字，最多两位小数"

// ParseScore reads a score as typed or as a spreadsheet stores it: "85.5",
// "90", "77.25", " 88 ". "" and 缺考 (absent) give the unset Score. A
// number outside 0–100 or with more than two decimals is an EINVALID error;
// so is any other text. Spreadsheets store 85.1 as 85.09999999999999: up to
// 12 decimals that round to two are accepted as such.
func ParseScore(s string) (Score, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "缺考" {
		return Score{}, nil
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || !idDigits(whole) || !idDigits(frac) || len(frac) > 15 {
		return Score{}, Errorf(EINVALID, ErrScore)
	}
	w, _ := strconv.Atoi(whole)
	h := w * 100
	if frac != "" {
		f, err := strconv.ParseFloat("0."+frac, 64)
		if err != nil {
			return Score{}, Errorf(EINVALID, ErrScore)
		}
		hundredths := f * 100
		r := int(hundredths + 0.5)
		if d := hundredths - float64(r); d > 1e-6 || d < -1e-6 {
			return Score{}, Errorf(EINVALID, ErrScore)
		}
		h += r
	}
	if h > 10000 {
		return Score{}, Errorf(EINVALID, ErrScore)
	}
	return ScoreOf(h), nil
}

// Value stores a score as its hundredths, or NULL when unset.
func (s Score) Value() (driver.Value, error) {
	if !s.set {
		return nil, nil
	}
	return int64(s.h), nil
}

// Scan reads a score stored by Value.
func (s *Score) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = Score{}
	case int64:
		*s = ScoreOf(int(v))
	case int32:
		*s = ScoreOf(int(v))
	default:
		return fmt.Errorf("shuangbai: cannot scan %T into Score", src)
	}
	return nil
}

// MarshalJSON writes the score in points, or null when unset.
func (s Score) MarshalJSON() ([]byte, error) {
	return s.AppendJSON(make([]byte, 0, 8)), nil
}

// AppendJSON appends what MarshalJSON writes, for an answer written by
// hand.
func (s Score) AppendJSON(b []byte) []byte {
	if !s.set {
		return append(b, "null"...)
	}
	return s.appendTo(b)
}

// UnmarshalJSON reads a number of points (or null) under the rules of
// ParseScore.
func (s *Score) UnmarshalJSON(b []byte) error {
	v := strings.TrimSpace(string(b))
	if v == "null" {
		*s = Score{}
		return nil
	}
	p, err := ParseScore(strings.Trim(v, `"`))
	if err != nil {
		return err
	}
	*s = p
	return nil
}

// Applicant is one application (报名) to a campaign: the person, the post
// applied for and how far they came. A person applies once per campaign.
// IDNumber and Phone are held in clear only in memory: the store seals them
// at rest, as a beneficiary's, and screens show them masked.
type Applicant struct {
	ID         int64
	CampaignID int64
	PostID     int64
	Region     string // the post's region, for scoping
	Number     string // 报名号 (used as 准考证号), unique in the campaign

	Name          string
	Gender        string // from the ID number
	Birth         Date   // from the ID number
	IDNumber      string
	Phone         string
	Education     Education
	Major         string // 专业
	Qualification Qualification
	Hukou         string // 户籍所在地
	AppliedOn     Date

	Review       Review
	RejectReason string
	Written      Score // 笔试
	Interview    Score // 面试
	Medical      Medical
	PersonID     int64 // the staff member signing made; 0 before
	SignedOn     Date

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks an application before it is stored: the ID number's
// check digit (birth date and gender are taken from it), the phone number
// and the choices.
func (a *Applicant) Validate() error {
	fe := FieldErrors{}
	if strings.TrimSpace(a.Name) == "" {
		fe.Add("name", "请填写姓名")
	} else if utf8.RuneCountInString(a.Name) > 50 {
		fe.Add("name", "姓名不超过 50 字")
	}
	if info, err := ParseIDNumber(a.IDNumber); err != nil {
		fe.Add("id_number", ErrorMessage(err))
	} else {
		a.IDNumber, a.Birth, a.Gender = info.Number, info.Birth, info.Gender
	}
	if a.Phone == "" {
		fe.Add("phone", "请填写联系电话")
	} else if !validPhone(a.Phone) {
		fe.Add("phone", "电话号码格式不正确")
	}
	if !a.Education.Valid() {
		fe.Add("education", "请选择学历")
	}
	if !a.Qualification.Valid() {
		fe.Add("qualification", "请选择职业资格")
	}
	if utf8.RuneCountInString(a.Major) > 50 {
		fe.Add("major", "专业不超过 50 字")
	}
	if utf8.RuneCountInString(a.Hukou) > 100 {
		fe.Add("hukou", "户籍所在地不超过 100 字")
	}
	if a.PostID == 0 {
		fe.Add("post_id", "请选择报考岗位")
	}
	if utf8.RuneCountInString(a.Number) > 30 || strings.ContainsAny(a.Number, " \t\r\n") {
		fe.Add("number", "报名号不超过 30 个字符，不含空格")
	}
	return fe.Err()
}

// CheckReview checks a review outcome: a rejection needs its reason.
func CheckReview(r Review, reason string) error {
	switch r {
	case ReviewPending, ReviewEligible:
		return nil
	case ReviewRejected:
		if strings.TrimSpace(reason) == "" {
			return &Error{Code: EINVALID, Message: "请填写审核不通过的原因", Fields: map[string]string{"reject_reason": "请填写审核不通过的原因"}}
		}
		if utf8.RuneCountInString(reason) > 200 {
			return &Error{Code: EINVALID, Message: "原因不超过 200 字", Fields: map[string]string{"reject_reason": "原因不超过 200 字"}}
		}
		return nil
	}
	return &Error{Code: EINVALID, Message: "请选择审核结果", Fields: map[string]string{"review": "请选择审核结果"}}
}
