package shuangbai

import "time"

// AssessmentArea is one of the fixed areas of a needs assessment (需求评估).
type AssessmentArea struct {
	Key  string // stored in the areas JSON
	Name string
}

// AssessmentAreas are the areas every assessment rates, in form order.
var AssessmentAreas = []AssessmentArea{
	{"economy", "经济状况"}, {"health", "健康状况"}, {"care", "日常照料"},
	{"mental", "心理状况"}, {"support", "家庭及社会支持"}, {"policy", "政策享受"},
}

// NeedLevels names the ratings 1–5 of an area: how much help it needs, so
// that a higher total means a heavier case. Index 0 is unused.
var NeedLevels = []string{"", "无明显需求", "轻度需求", "中度需求", "较重需求", "需求迫切"}

// AreaRating is the rating of one area with the worker's note.
type AreaRating struct {
	Score int    `json:"score"`
	Note  string `json:"note,omitempty"`
}

// Assessment is a needs assessment and service plan (建档立卡评估与服务计划)
// of a beneficiary. It is never changed in place: each reassessment is a new
// row, so the file keeps how the case developed.
type Assessment struct {
	ID            int64
	BeneficiaryID int64
	On            Date
	Areas         map[string]AreaRating // by AssessmentArea.Key
	Goals         string                // 服务计划：目标与措施
	By            string
	CreatedAt     time.Time
}

// Rating returns the rating of the area with key, zero when unrated.
func (a Assessment) Rating(key string) AreaRating { return a.Areas[key] }

// Total returns the sum of the ratings: 6 (no needs) to 30.
func (a Assessment) Total() int {
	n := 0
	for _, r := range a.Areas {
		n += r.Score
	}
	return n
}

// Limits on the free text of an assessment.
const (
	maxAreaNote = 500
	maxGoals    = 2000
)

// Validate checks that every area is rated 1–5, that texts are of sane
// length and that the date is not in the future. Field names are
// "score_KEY", "note_KEY", "goals" and "on".
func (a *Assessment) Validate(today Date) error {
	fe := FieldErrors{}
	switch {
	case a.On.IsZero():
		fe.Add("on", "请填写评估日期")
	default:
		fe.Day("on", "评估日期", a.On, today, false)
	}
	known := map[string]bool{}
	for _, ar := range AssessmentAreas {
		known[ar.Key] = true
		r := a.Areas[ar.Key]
		if r.Score < 1 || r.Score > 5 {
			fe.Add("score_"+ar.Key, "请为“"+ar.Name+"”评分（1–5）")
		}
		fe.Text("note_"+ar.Key, "说明", &r.Note, TextNote, maxAreaNote)
		if _, ok := a.Areas[ar.Key]; ok { // keep the trimmed note; an area not given stays absent
			a.Areas[ar.Key] = r
		}
	}
	for k := range a.Areas {
		if !known[k] {
			fe.Add("areas", "未知的评估领域："+k)
		}
	}
	fe.Text("goals", "服务计划", &a.Goals, TextNote, maxGoals)
	return fe.Err()
}
