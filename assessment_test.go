package shuangbai

import (
	"strings"
	"testing"
)

func TestAssessmentValidate(t *testing.T) {
	today := NewDate(2021, 8, 9)
	full := func() Assessment {
		a := Assessment{On: NewDate(2021, 8, 1), Areas: map[string]AreaRating{}, Goals: "每周两次入户"}
		for i, ar := range AssessmentAreas {
			a.Areas[ar.Key] = AreaRating{Score: 1 + i%5, Note: ar.Name + "说明"}
		}
		return a
	}
	if a := full(); a.Validate(today) != nil || a.Total() != 1+2+3+4+5+1 || a.Rating("care").Score != 3 || a.Rating("x").Score != 0 {
		t.Fatalf("full: %v, total %d, care %+v", a.Validate(today), a.Total(), a.Rating("care"))
	}
	for _, tt := range []struct {
		name  string
		edit  func(*Assessment)
		field string
	}{
		{"unrated area", func(x *Assessment) { delete(x.Areas, "care") }, "score_care"},
		{"score out of range", func(x *Assessment) { x.Areas["health"] = AreaRating{Score: 6} }, "score_health"},
		{"no date", func(x *Assessment) { x.On = Date{} }, "on"},
		{"future", func(x *Assessment) { x.On = NewDate(2021, 8, 10) }, "on"},
		{"unknown area", func(x *Assessment) { x.Areas["x"] = AreaRating{Score: 1} }, "areas"},
		{"long note", func(x *Assessment) { x.Areas["mental"] = AreaRating{Score: 2, Note: strings.Repeat("字", 501)} }, "note_mental"},
		{"long plan", func(x *Assessment) { x.Goals = strings.Repeat("字", 2001) }, "goals"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := full()
			tt.edit(&a)
			if e, ok := a.Validate(today).(*Error); !ok || e.Fields[tt.field] == "" {
				t.Errorf("Validate = %v, want a message on %s", a.Validate(today), tt.field)
			}
		})
	}
}
