package shuangbai

import "strings"

// TrainingKind is the kind of a training (培训).
type TrainingKind string

// Training kinds. The table counts pre-service and professional trainings.
const (
	TrainingPreService   TrainingKind = "pre_service"  // 岗前培训
	TrainingProfessional TrainingKind = "professional" // 专业培训
	TrainingOther        TrainingKind = "other"
)

// Label names the kind in Chinese.
func (k TrainingKind) Label() string {
	switch k {
	case TrainingPreService:
		return "岗前培训"
	case TrainingProfessional:
		return "专业培训"
	case TrainingOther:
		return "其他"
	}
	return string(k)
}

// Training is one training held by a county or the city.
type Training struct {
	ID        int64
	Region    string // the organising county or city
	HeldOn    Date
	Kind      TrainingKind
	Title     string
	Hours     float64
	Attendees []int64 // people from the staff roster, when creating
	Attended  int     // how many attended, when listing
}

// Validate checks a training before it is stored.
func (t *Training) Validate() error {
	fe := FieldErrors{}
	if l := LevelOf(t.Region); l != LevelCounty && l != LevelCity && l != LevelProvince {
		fe.Add("region", "请选择举办单位（县或市）")
	}
	if t.HeldOn.IsZero() {
		fe.Add("held_on", "请填写培训日期")
	}
	switch t.Kind {
	case TrainingPreService, TrainingProfessional, TrainingOther:
	default:
		fe.Add("kind", "请选择培训类别")
	}
	if strings.TrimSpace(t.Title) == "" {
		fe.Add("title", "请填写培训名称")
	} else if len([]rune(t.Title)) > 200 {
		fe.Add("title", "培训名称不超过 200 字")
	}
	if t.Hours < 0 || t.Hours > 1000 {
		fe.Add("hours", "学时应在 0 到 1000 之间")
	}
	return fe.Err()
}
