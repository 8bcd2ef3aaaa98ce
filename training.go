package shuangbai

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

// Validate checks a training before it is stored: one that has been held,
// as the progress table counts trainings held.
func (t *Training) Validate(today Date) error {
	fe := FieldErrors{}
	if l := LevelOf(t.Region); l != LevelCounty && l != LevelCity && l != LevelProvince {
		fe.Add("region", "请选择举办单位（县或市）")
	}
	if t.HeldOn.IsZero() {
		fe.Add("held_on", "请填写培训日期")
	}
	fe.Day("held_on", "培训日期", t.HeldOn, today, false)
	switch t.Kind {
	case TrainingPreService, TrainingProfessional, TrainingOther:
	default:
		fe.Add("kind", "请选择培训类别")
	}
	fe.Text("title", "培训名称", &t.Title, TextName, 200)
	fe.Hours("hours", t.Hours)
	return fe.Err()
}
