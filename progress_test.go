package shuangbai

import "testing"

func TestProgressTableSum(t *testing.T) {
	site := func(req, built, office int, eq EquipmentClass, staff int) SiteCounts {
		return SiteCounts{Required: req, Built: built, Office: office, Equipment: eq, Staff: staff}
	}
	tests := []struct {
		name string
		rows []ProgressRow
		want ProgressRow
	}{
		{
			name: "no rows",
			want: ProgressRow{Name: "合计"},
		},
		{
			// The seed's 云浮 table: its printed total says 350 staff at the
			// points, but its rows add up to 364.
			name: "seed",
			rows: []ProgressRow{
				{Code: "445302", Name: "云城区", PlanIssued: true, Stations: site(8, 8, 8, EquipBasic, 16), Points: site(19, 19, 19, EquipBasic, 47), Coordination: true, Trainings: 1},
				{Code: "445303", Name: "云安区", PlanIssued: true, Stations: site(7, 7, 7, EquipBasic, 14), Points: site(17, 17, 17, EquipBasic, 42), Coordination: true, Trainings: 1},
				{Code: "445381", Name: "罗定市", PlanIssued: true, Stations: site(21, 21, 21, EquipBasic, 28), Points: site(50, 50, 50, EquipIncomplete, 131), Coordination: true, Trainings: 3},
				{Code: "445321", Name: "新兴县", PlanIssued: true, Stations: site(12, 12, 12, EquipBasic, 24), Points: site(30, 30, 30, EquipBasic, 82), Coordination: true, Trainings: 1},
				{Code: "445322", Name: "郁南县", PlanIssued: true, Stations: site(15, 15, 15, EquipBasic, 30), Points: site(30, 30, 30, EquipBasic, 62), Coordination: true, Trainings: 2},
				{Code: "4453", Name: "市本级", CityLevel: true, PlanIssued: true, Coordination: true, Management: true, Funding: "已落实。", Trainings: 2},
			},
			want: ProgressRow{
				Name:      "合计",
				Stations:  site(63, 63, 63, EquipNone, 112),
				Points:    site(146, 146, 146, EquipNone, 364),
				Trainings: 10,
			},
		},
		{
			name: "partly built; booleans and text do not add up",
			rows: []ProgressRow{
				{Name: "甲", PlanIssued: true, Stations: site(5, 3, 2, EquipFull, 4), Points: site(10, 0, 0, EquipNone, 0), Coordination: true, Management: true, Funding: "已落实", Trainings: 0},
				{Name: "乙", Stations: site(4, 4, 4, EquipIncomplete, 8), Points: site(6, 6, 5, EquipBasic, 6), Trainings: 7},
			},
			want: ProgressRow{
				Name:      "合计",
				Stations:  site(9, 7, 6, EquipNone, 12),
				Points:    site(16, 6, 5, EquipNone, 6),
				Trainings: 7,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := &ProgressTable{Rows: tt.rows}
			tab.Sum()
			if tab.Total != tt.want {
				t.Errorf("Sum() total = %+v, want %+v", tab.Total, tt.want)
			}
		})
	}
}

func TestProgressColumns(t *testing.T) {
	if n := len(ProgressColumns); n != 16 {
		t.Fatalf("len(ProgressColumns) = %d, want 16", n)
	}
	tests := []struct {
		i    int
		want string
	}{
		{0, "县（市、区）"},
		{2, "社工站-应建社工站数量"},
		{9, "社工点-落实办公场所数量"},
		{15, "开展社工业务培训情况"},
	}
	for _, tt := range tests {
		if got := ProgressColumns[tt.i].Title(); got != tt.want {
			t.Errorf("ProgressColumns[%d].Title() = %q, want %q", tt.i, got, tt.want)
		}
	}
}

func TestProgressTableTitle(t *testing.T) {
	tests := []struct {
		tab  ProgressTable
		want string
	}{
		{ProgressTable{RegionName: "云浮市", Date: NewDate(2021, 8, 9)}, "云浮市2021年“双百工程”社工站（点）建设进度情况一览表"},
		{ProgressTable{RegionName: "广东省", Date: NewDate(2022, 1, 1)}, "广东省2022年“双百工程”社工站（点）建设进度情况一览表"},
		{ProgressTable{RegionName: "云浮市"}, "云浮市“双百工程”社工站（点）建设进度情况一览表"},
	}
	for _, tt := range tests {
		if got := tt.tab.Title(); got != tt.want {
			t.Errorf("Title() = %q, want %q", got, tt.want)
		}
	}
}
