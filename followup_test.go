package shuangbai

import "testing"

func TestIntervals(t *testing.T) {
	d := NewDate(2021, 8, 2)
	for _, tt := range []struct {
		l    Level4
		want Date
		text string
	}{{1, NewDate(2021, 8, 5), "每周2次"}, {2, NewDate(2021, 8, 9), "每周1次"}, {3, NewDate(2021, 8, 16), "每两周1次"}, {4, NewDate(2021, 9, 1), "每月1次"}} {
		if got := DefaultIntervals.NextDue(tt.l, d); got != tt.want {
			t.Errorf("NextDue(%v) = %v, want %v", tt.l, got, tt.want)
		}
		if got := DefaultIntervals[tt.l].String(); got != tt.text {
			t.Errorf("%v interval = %q, want %q", tt.l, got, tt.text)
		}
	}
	if !(LevelChange{From: 3, To: 1}).Raises() || (LevelChange{From: 1, To: 2}).Raises() {
		t.Error("Raises is backwards")
	}
}

func TestIntervalsValidate(t *testing.T) {
	if err := DefaultIntervals.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tt := range []struct {
		name  string
		iv    Intervals
		field string
	}{
		{"level 2 more often than level 1", Intervals{1: {1, 30}, 2: {1, 7}, 3: {1, 14}, 4: {1, 30}}, "level2"},
		{"fifty visits a week", Intervals{1: {50, 7}, 2: {1, 7}, 3: {1, 14}, 4: {1, 30}}, "level1"},
		{"a level missing", Intervals{1: {2, 7}, 2: {1, 7}, 4: {1, 30}}, "level3"},
		{"a year and a day", Intervals{1: {2, 7}, 2: {1, 7}, 3: {1, 14}, 4: {1, 367}}, "level4"},
		{"no visits", Intervals{1: {0, 7}, 2: {1, 7}, 3: {1, 14}, 4: {1, 30}}, "level1"},
	} {
		if e, ok := tt.iv.Validate().(*Error); !ok || e.Fields[tt.field] == "" {
			t.Errorf("%s: %v, want a message on %s", tt.name, tt.iv.Validate(), tt.field)
		}
	}
	got := Intervals{2: {3, 7}}.WithDefaults()
	if len(got) != 4 || got[2] != (Interval{3, 7}) || got[1] != DefaultIntervals[1] || got[4] != DefaultIntervals[4] {
		t.Errorf("WithDefaults = %v", got)
	}
}
