package shuangbai

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSupervisionForms(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // FormLabels of the result, "" for an error
	}{
		{"field,meeting", "实地走访、座谈"},
		{"座谈、实地走访", "实地走访、座谈"},
		{" online ， case ；case ", "个案督导、线上"},
		{"小组督导", "小组督导"},
		{"", ""},
		{" , 、", ""},
		{"field,visit", ""},
		{"实地", ""},
		{strings.Repeat("field,", 100), ""},
	} {
		got, err := ParseSupervisionForms(tt.in)
		if tt.want == "" {
			if err == nil || ErrorCode(err) != EINVALID {
				t.Errorf("%q: %v %v, want EINVALID", tt.in, got, err)
			}
			continue
		}
		if err != nil || FormLabels(got) != tt.want {
			t.Errorf("%q = %q %v, want %q", tt.in, FormLabels(got), err, tt.want)
		}
	}
}

// FuzzParseSupervisionForms: any text gives either an error or a list of
// known forms, in order, without repeats, that reads back the same.
func FuzzParseSupervisionForms(f *testing.F) {
	for _, s := range []string{"field,meeting", "实地走访、座谈", "online", "", "x", "个案督导 小组督导"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := ParseSupervisionForms(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || fs != nil {
				t.Fatalf("%q: %v %v", s, fs, err)
			}
			return
		}
		again, err := ParseSupervisionForms(JoinForms(fs))
		if err != nil || JoinForms(again) != JoinForms(fs) || len(fs) > len(AllSupervisionForms) {
			t.Fatalf("%q: %v, again %v %v", s, fs, again, err)
		}
		if !utf8.ValidString(FormLabels(fs)) {
			t.Fatal("labels")
		}
	})
}

func TestActionItemRules(t *testing.T) {
	from, today := NewDate(2021, 8, 1), NewDate(2021, 8, 9)
	ok := ActionItem{Title: "共学计划", Owner: "叶绮鸿", Due: NewDate(2021, 8, 31)}
	for _, tt := range []struct {
		name  string
		edit  func(a *ActionItem)
		field string
	}{
		{"fine", func(a *ActionItem) {}, ""},
		{"no owner", func(a *ActionItem) { a.Owner = "" }, "owner"},
		{"invisible owner", func(a *ActionItem) { a.Owner = "\u200b" }, "owner"},
		{"no title", func(a *ActionItem) { a.Title = "" }, "title"},
		{"no due", func(a *ActionItem) { a.Due = Date{} }, "due"},
		{"due before", func(a *ActionItem) { a.Due = NewDate(2021, 7, 31) }, "due"},
		{"done without a note", func(a *ActionItem) { a.DoneOn = NewDate(2021, 8, 5) }, "done_note"},
		{"done in the future", func(a *ActionItem) { a.DoneOn, a.DoneNote = NewDate(2021, 8, 10), "x" }, "done_on"},
	} {
		a := ok
		tt.edit(&a)
		err := a.Validate(from, today)
		var e *Error
		got := ""
		if err != nil {
			e = err.(*Error)
			for k := range e.Fields {
				got = k
			}
		}
		if got != tt.field || tt.field != "" && len(e.Fields) != 1 {
			t.Errorf("%s: %v, want a message on %q", tt.name, err, tt.field)
		}
	}
	a := ok
	a.From = from
	if err := a.Close(NewDate(2021, 8, 5), "", today); err == nil || a.Done() {
		t.Errorf("closed without a note: %v %+v", err, a)
	}
	if err := a.Close(NewDate(2021, 8, 5), "已完成", today); err != nil || !a.Done() || a.Overdue(NewDate(2021, 9, 9)) {
		t.Errorf("close: %v %+v", err, a)
	}
	if !ok.Overdue(NewDate(2021, 9, 1)) || ok.Overdue(NewDate(2021, 8, 31)) {
		t.Error("overdue is the day after the due day")
	}
}

func TestIndicatorTotal(t *testing.T) {
	s := &IndicatorSet{Region: "4453", Name: "指标", Indicators: []Indicator{
		{ID: 1, Name: "服务成效", Weight: 60, Max: ScoreOf(3000)}, {ID: 2, Name: "档案", Weight: 40, Max: ScoreOf(1000)}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	total, complete := s.Total(map[int64]StationScore{1: {Score: ScoreOf(1500)}, 2: {Score: ScoreOf(1000)}})
	if !complete || total.String() != "70" {
		t.Errorf("total = %v %v, want 70 (30 + 40)", total, complete)
	}
	if _, complete := s.Total(map[int64]StationScore{1: {Score: ScoreOf(1500)}}); complete {
		t.Error("one missing score is not complete")
	}
	err := s.CheckScores([]StationScore{{IndicatorID: 2, Score: ScoreOf(1001)}})
	if e, ok := err.(*Error); !ok || !strings.Contains(e.Fields[ScoreField(2)], "满分 10 分") {
		t.Errorf("over the maximum: %v", err)
	}
	if err := s.CheckScores([]StationScore{{IndicatorID: 3, Score: ScoreOf(1)}}); err == nil {
		t.Error("an indicator of another set")
	}
	f := CompletenessFigures{Open: 60, Assessed: 52, Visited: 45}
	if got := f.Evidence(CompleteAssessed); got != "52/60（86%）" {
		t.Errorf("evidence = %q", got)
	}
}
