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
