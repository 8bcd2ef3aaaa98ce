package shuangbai

import (
	"fmt"
	"time"
	"unicode/utf8"
)

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
	case a.On.After(today):
		fe.Add("on", "评估日期不能晚于今天")
	}
	known := map[string]bool{}
	for _, ar := range AssessmentAreas {
		known[ar.Key] = true
		r := a.Areas[ar.Key]
		if r.Score < 1 || r.Score > 5 {
			fe.Add("score_"+ar.Key, "请为“"+ar.Name+"”评分（1–5）")
		}
		if utf8.RuneCountInString(r.Note) > maxAreaNote {
			fe.Add("note_"+ar.Key, fmt.Sprintf("说明不超过 %d 字", maxAreaNote))
		}
	}
	for k := range a.Areas {
		if !known[k] {
			fe.Add("areas", "未知的评估领域："+k)
		}
	}
	if utf8.RuneCountInString(a.Goals) > maxGoals {
		fe.Add("goals", fmt.Sprintf("服务计划不超过 %d 字", maxGoals))
	}
	return fe.Err()
}
