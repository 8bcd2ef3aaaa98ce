package casework

import (
	"strconv"

	"shuangbai"
)

// choices are the fixed choices of the case-work forms. Templates cannot
// reach package variables, so pages carry this (empty) value and call its
// methods.
type choices struct{}

// Groups are the groups of service recipients.
func (choices) Groups() []struct {
	Group shuangbai.Group
	Name  string
} {
	return shuangbai.Groups
}

// FoundBy are the ways a person is identified.
func (choices) FoundBy() []struct {
	FoundBy shuangbai.FoundBy
	Name    string
} {
	return shuangbai.FoundByLabels
}

// Levels are the four follow-up levels.
func (choices) Levels() []shuangbai.Level4 { return []shuangbai.Level4{1, 2, 3, 4} }

// Relations are the usual relations to the head of household.
func (choices) Relations() []string {
	return []string{"户主", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "其他亲属", "其他"}
}

// VisitKinds are the ways a visit is made.
func (choices) VisitKinds() []struct {
	Kind shuangbai.VisitKind
	Name string
} {
	return shuangbai.VisitKinds
}

// Services are what a visit may give.
func (choices) Services() []string { return shuangbai.Services }

// AppKinds are the kinds of application.
func (choices) AppKinds() []struct {
	Kind shuangbai.AppKind
	Name string
} {
	return shuangbai.AppKinds
}

// AppStatuses are the statuses of an application, in their usual order.
func (choices) AppStatuses() []shuangbai.AppStatus {
	return []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved, shuangbai.AppRejected}
}

// Areas are the areas of a needs assessment.
func (choices) Areas() []shuangbai.AssessmentArea { return shuangbai.AssessmentAreas }

// Scores are the ratings of an area with their names, 1–5.
func (choices) Scores() []scoreChoice {
	out := make([]scoreChoice, 0, 5)
	for i := 1; i <= 5; i++ {
		out = append(out, scoreChoice{Value: strconv.Itoa(i), Name: shuangbai.NeedLevels[i]})
	}
	return out
}

// NeedLevel names a rating.
func (choices) NeedLevel(score int) string {
	if score < 1 || score >= len(shuangbai.NeedLevels) {
		return ""
	}
	return shuangbai.NeedLevels[score]
}

// scoreChoice is one rating on the assessment form.
type scoreChoice struct{ Value, Name string }
