package roster

import (
	"shuangbai/sheet"
	"testing"
)

func TestCommonProblems(t *testing.T) {
	var ps []sheet.Problem
	for i := range 30 {
		ps = append(ps, sheet.Problem{Row: i + 2, Col: "E", Header: "人员类别", Message: "残疾人请填写残疾类别和等级"})
	}
	ps = append(ps, sheet.Problem{Row: 40, Message: "只有一行的问题"})
	got := commonProblems(ps)
	if len(got) != 1 || got[0].Rows != 30 || got[0].First != 2 || got[0].Column != "E 人员类别" {
		t.Errorf("commonProblems = %+v", got)
	}
	if commonProblems(ps[:5]) != nil {
		t.Error("a short list needs no summary")
	}
}
