package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

func TestActivitiesXLSX(t *testing.T) {
	a := &shuangbai.Activity{HeldOn: shuangbai.NewDate(2021, 7, 29), Kind: shuangbai.ActivityAntiDrug, Title: "=禁毒宣传活动",
		Reached: 300, Volunteers: 12, Materials: "禁毒宣传资料", HandedOut: 300}
	b := &shuangbai.Activity{HeldOn: shuangbai.NewDate(2021, 8, 1), Kind: shuangbai.ActivityFestival, Title: "八一慰问", Reached: 20}
	var buf bytes.Buffer
	l := &ActivityList{Unit: "罗定市民政局", Area: "罗定市", Rows: []ActivityRow{{Activity: a, Station: "双东街道社工站", Place: "罗定市双东街道"}, {Activity: b}}}
	if err := ActivitiesXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A1": "罗定市社区活动登记表", "C4": "禁毒宣传", "D4": "'=禁毒宣传活动", "E4": "双东街道社工站",
		"H4": "300", "C5": "节日慰问", "A6": "合计", "D6": "2 项"} {
		if got, _ := f.GetCellValue("社区活动", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellFormula("社区活动", "H6"); got != "SUM(H4:H5)" {
		t.Errorf("total formula = %q", got)
	}
}
