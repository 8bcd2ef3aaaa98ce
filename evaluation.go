package shuangbai

import (
	"fmt"
	"strconv"
	"time"
)

// Monitoring and evaluation (监测评估): a city admin defines an indicator
// set — indicators with a weight (their share of the total, summing to
// 100) and a maximum score; a round (a team of evaluators on a day, over a
// list of stations) uses one set; each station gets a score per indicator
// with a note of the evidence, findings, and rectification items (整改)
// tracked to closure. A station's total is the weighted score out of 100.
// The seed's round is the province's of 2021-07-07 at the 富林镇 and 车岗镇
// stations: site visits, reading the files and records, hearing reports.

// Completeness names a figure the system computes from the case records,
// shown beside an indicator's score as evidence.
type Completeness string

// Completeness figures.
const (
	CompleteNone     Completeness = ""
	CompleteAssessed Completeness = "assessed" // share of open case files with an assessment
	CompleteVisited  Completeness = "visited"  // share of open cases visited within their interval
)

// Completenesses lists the computed figures an indicator may carry.
var Completenesses = []Completeness{CompleteNone, CompleteAssessed, CompleteVisited}

// Label names the figure in Chinese.
func (c Completeness) Label() string {
	switch c {
	case CompleteAssessed:
		return "档案评估完整率（在档服务对象中已做需求评估的比例）"
	case CompleteVisited:
		return "按期探访率（在档服务对象中在其跟进周期内探访过的比例）"
	}
	return "不计算"
}

// Valid reports whether c is known.
func (c Completeness) Valid() bool {
	return c == CompleteNone || c == CompleteAssessed || c == CompleteVisited
}

// Indicator is one line of an indicator set.
type Indicator struct {
	ID       int64
	SetID    int64
	Position int
	Name     string
	Category string // 服务成效、激活社群、文书档案、汇报 …: grouping for reading
	Weight   int    // percent of the total
	Max      Score  // the maximum score the evaluators give
	Computed Completeness
}

// IndicatorSet is a named list of indicators whose weights sum to 100.
type IndicatorSet struct {
	ID         int64
	Region     string // the bureau that defined it; rounds inside Region may use it
	Name       string
	Indicators []Indicator
	CreatedAt  time.Time
}

// Validate checks a set and its indicators.
func (s *IndicatorSet) Validate() error {
	fe := FieldErrors{}
	fe.Text("name", "指标体系名称", &s.Name, TextName, 100)
	if l := LevelOf(s.Region); l != LevelProvince && l != LevelCity {
		fe.Add("region", "指标体系由省或市民政部门制定")
	}
	switch n := len(s.Indicators); {
	case n == 0:
		fe.Add("indicators", "请至少填写一项指标")
	case n > 30:
		fe.Add("indicators", "一个指标体系最多 30 项指标")
	}
	sum, names := 0, map[string]bool{}
	for i := range s.Indicators {
		x := &s.Indicators[i]
		p := IndicatorPrefix(i)
		x.Position = i + 1
		fe.Text(p+"name", "指标名称", &x.Name, TextName, 100)
		fe.Text(p+"category", "指标类别", &x.Category, TextLine, 30)
		if names[x.Name] && x.Name != "" {
			fe.Add(p+"name", "指标“"+x.Name+"”重复了")
		}
		names[x.Name] = true
		if x.Weight < 1 || x.Weight > 100 {
			fe.Add(p+"weight", "权重应为 1 到 100 的整数（百分比）")
		}
		sum += x.Weight
		if !x.Max.Valid() || x.Max.Hundredths() <= 0 {
			fe.Add(p+"max", "请填写满分，大于 0、不超过 100 分")
		}
		if !x.Computed.Valid() {
			fe.Add(p+"computed", "请选择系统计算的完整性指标，或不计算")
		}
	}
	if len(s.Indicators) > 0 && sum != 100 {
		fe.Add("indicators", "各项指标的权重合计应为 100%，现为 "+strconv.Itoa(sum)+"%")
	}
	return fe.Err()
}

// IndicatorPrefix is the form-field prefix of the i-th indicator (0-based).
func IndicatorPrefix(i int) string { return "ind" + strconv.Itoa(i+1) + "_" }

// Indicator returns the indicator with id, and whether it is in the set.
func (s *IndicatorSet) Indicator(id int64) (Indicator, bool) {
	for _, x := range s.Indicators {
		if x.ID == id {
			return x, true
		}
	}
	return Indicator{}, false
}

// StationScore is the evaluators' score of one indicator at one station,
// with a note of the evidence they saw.
type StationScore struct {
	IndicatorID int64
	Score       Score
	Evidence    string
}

// ScoreField is the form field of an indicator's score; the evidence is
// in "evidence" + the same suffix.
func ScoreField(indicatorID int64) string { return "score_" + strconv.FormatInt(indicatorID, 10) }

// EvidenceField is the form field of an indicator's evidence note.
func EvidenceField(indicatorID int64) string {
	return "evidence_" + strconv.FormatInt(indicatorID, 10)
}

// CheckScores validates a station's scores against the set: each names an
// indicator of the set at most once, and no score exceeds the
// indicator's maximum. It returns the field errors, keyed by ScoreField.
func (s *IndicatorSet) CheckScores(scores []StationScore) error {
	fe := FieldErrors{}
	seen := map[int64]bool{}
	for i := range scores {
		x := &scores[i]
		ind, ok := s.Indicator(x.IndicatorID)
		if !ok {
			fe.Add("scores", fmt.Sprintf("指标 %d 不属于本轮评估的指标体系", x.IndicatorID))
			continue
		}
		f := ScoreField(ind.ID)
		if seen[ind.ID] {
			fe.Add(f, "指标“"+ind.Name+"”的得分填了两次")
		}
		seen[ind.ID] = true
		if x.Score.Valid() && x.Score.Hundredths() > ind.Max.Hundredths() {
			fe.Add(f, "“"+ind.Name+"”的得分不能超过该指标的满分 "+ind.Max.String()+" 分")
		}
		fe.Text(EvidenceField(ind.ID), "评分依据", &x.Evidence, TextNote, 1000)
	}
	return fe.Err()
}

// Total returns the weighted score out of 100 of a station's scores, in
// hundredths (each indicator counts score ÷ max × weight), and whether
// every indicator was scored.
func (s *IndicatorSet) Total(scores map[int64]StationScore) (Score, bool) {
	var sum float64
	complete := len(s.Indicators) > 0
	for _, x := range s.Indicators {
		sc, ok := scores[x.ID]
		if !ok || !sc.Score.Valid() || x.Max.Hundredths() == 0 {
			complete = false
			continue
		}
		sum += float64(sc.Score.Hundredths()) / float64(x.Max.Hundredths()) * float64(x.Weight) * 100
	}
	return ScoreOf(int(sum + 0.5)), complete
}

// EvaluationRound is one round of monitoring and evaluation.
type EvaluationRound struct {
	ID         int64
	Region     string // the region whose stations it evaluates, kept by its bureau
	SetID      int64
	SetName    string
	Title      string
	Evaluators string // who evaluates: 省民政厅慈善事业促进和社会工作处 谢军、监测评估专家 游华元
	HeldOn     Date
	Methods    string // how: 实地走访、查阅服务资料及文书档案、听取汇报
	Findings   string // the round's overall findings (总体意见)
	Stations   []RoundStation
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Validate checks a round's own fields and that it names stations.
func (r *EvaluationRound) Validate() error {
	fe := FieldErrors{}
	fe.Text("title", "评估名称", &r.Title, TextName, 100)
	fe.Text("evaluators", "评估人员", &r.Evaluators, TextName, 200)
	fe.Text("methods", "评估方式", &r.Methods, TextLine, 200)
	fe.Text("findings", "总体意见", &r.Findings, TextNote, 4000)
	switch LevelOf(r.Region) {
	case LevelProvince, LevelCity, LevelCounty:
	default:
		fe.Add("region", "请选择被评估的地区（省、市或县）")
	}
	if r.SetID <= 0 {
		fe.Add("set_id", "请选择指标体系")
	}
	if r.HeldOn.IsZero() {
		fe.Add("held_on", "请填写评估日期")
	}
	if len(r.Stations) == 0 {
		fe.Add("stations", "请至少选择一个被评估的社工站")
	}
	return fe.Err()
}

// RoundStation is a station evaluated in a round: its scores, findings and
// rectification items, and the figures computed from its records.
type RoundStation struct {
	RoundID     int64
	StationID   int64
	StationName string
	Region      string
	Findings    string // 评估发现
	Scores      map[int64]StationScore
	Items       []ActionItem
	Figures     CompletenessFigures
}

// CompletenessFigures are the completeness of a station's case records on
// a day: the open case files, how many have an assessment, how many were
// visited within their follow-up interval.
type CompletenessFigures struct {
	On       Date
	Open     int
	Assessed int
	Visited  int
}

// Share returns the count and percentage (rounded down) of figure c, and
// false when the figure is not computed or there is nothing to count.
func (f CompletenessFigures) Share(c Completeness) (n, pct int, ok bool) {
	switch c {
	case CompleteAssessed:
		n = f.Assessed
	case CompleteVisited:
		n = f.Visited
	default:
		return 0, 0, false
	}
	if f.Open == 0 {
		return n, 0, false
	}
	return n, n * 100 / f.Open, true
}

// Evidence writes figure c as a line of evidence: 52/60（86%）.
func (f CompletenessFigures) Evidence(c Completeness) string {
	n, pct, ok := f.Share(c)
	if !ok {
		if c != CompleteNone {
			return "无在档服务对象"
		}
		return ""
	}
	return fmt.Sprintf("%d/%d（%d%%）", n, f.Open, pct)
}

// CanDefineIndicators reports whether the user may define indicator sets:
// a city admin (the choice), or the operator.
func (u *User) CanDefineIndicators() bool {
	return u != nil && !u.Disabled && (u.Role == RoleCityAdmin || u.Role == RoleSystem)
}

// CanRunEvaluations reports whether the user may record rounds, scores and
// rectification items: the city and county bureaus.
func (u *User) CanRunEvaluations() bool { return u.IsBureauAdmin() }
