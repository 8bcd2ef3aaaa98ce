package shuangbai

import (
	"testing"
)

func validCampaign() Campaign {
	return Campaign{Year: 2021, Region: "4453", Kind: CampaignWorker, Title: "2021年云浮市“双百工程”社工公开招聘",
		WrittenWeight: 50, InterviewRatio: 30, MedicalRatio: 10,
		Timeline: Timeline{PrepOn: NewDate(2021, 7, 26), ExamOn: NewDate(2021, 8, 1), InterviewOn: NewDate(2021, 8, 21)}}
}

func TestCampaignValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(*Campaign)
		field string // "" means valid
	}{
		{"valid", func(*Campaign) {}, ""},
		{"interview only", func(c *Campaign) { c.WrittenWeight, c.ExamOn = 0, Date{} }, ""},
		{"exam date without a written share", func(c *Campaign) { c.WrittenWeight = 0 }, "exam_on"},
		{"no year", func(c *Campaign) { c.Year = 0 }, "year"},
		{"town organiser", func(c *Campaign) { c.Region = "445302003" }, "region"},
		{"unknown kind", func(c *Campaign) { c.Kind = "x" }, "kind"},
		{"no title", func(c *Campaign) { c.Title = " " }, "title"},
		{"weight over 100", func(c *Campaign) { c.WrittenWeight = 101 }, "written_weight"},
		{"medical ratio below 1", func(c *Campaign) { c.MedicalRatio = 5 }, "medical_ratio"},
		{"interview before the exam", func(c *Campaign) { c.InterviewOn = NewDate(2021, 7, 31) }, "interview_on"},
		{"notice ends before it starts", func(c *Campaign) {
			c.NoticeFrom, c.NoticeTo = NewDate(2021, 9, 7), NewDate(2021, 9, 1)
		}, "notice_to"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := validCampaign()
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || err.(*Error).Fields[tt.field] == "" {
				t.Fatalf("Validate() = %v, want a message on %s", err, tt.field)
			}
		})
	}
}

func TestPostValidate(t *testing.T) {
	c := validCampaign()
	for _, tt := range []struct {
		name  string
		p     Post
		field string
	}{
		{"station post", Post{Code: "2021-001", Region: "445302003", Title: "河口街道社工站社工", Places: 2}, ""},
		{"county post", Post{Code: "YC-1", Region: "445302", Title: "云城区社工", Places: 5}, ""},
		{"outside the organiser", Post{Code: "X", Region: "445202", Title: "外市", Places: 1}, "region"},
		{"village", Post{Code: "X", Region: "445302003208", Title: "村", Places: 1}, "region"},
		{"no places", Post{Code: "X", Region: "445302", Title: "岗", Places: 0}, "places"},
		{"code with a space", Post{Code: "A 1", Region: "445302", Title: "岗", Places: 1}, "code"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate(&c)
			if (err == nil) != (tt.field == "") || err != nil && err.(*Error).Fields[tt.field] == "" {
				t.Fatalf("Validate() = %v, want message on %q", err, tt.field)
			}
		})
	}
}

func TestRatios(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"3", 30, true}, {"1:3", 30, true}, {"1：1.5", 15, true}, {"1.2", 12, true}, {" 1 ", 10, true},
		{"", 0, false}, {"1.25", 0, false}, {"-1", 0, false}, {"a", 0, false}, {"1.", 0, false}, {"1234", 0, false},
	} {
		got, ok := ParseRatio(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRatio(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for _, tt := range []struct{ places, tenths, want int }{{1, 10, 1}, {3, 15, 5}, {2, 30, 6}, {1, 12, 2}, {4, 0, 0}} {
		if got := Cutoff(tt.places, tt.tenths); got != tt.want {
			t.Errorf("Cutoff(%d, %d) = %d, want %d", tt.places, tt.tenths, got, tt.want)
		}
	}
	if RatioString(30) != "3" || RatioString(15) != "1.5" {
		t.Errorf("RatioString: %s %s", RatioString(30), RatioString(15))
	}
}

func TestTimelineSignable(t *testing.T) {
	tl := Timeline{NoticeFrom: NewDate(2021, 9, 1), NoticeTo: NewDate(2021, 9, 7)}
	for _, tt := range []struct {
		d    Date
		want bool
	}{{NewDate(2021, 9, 7), false}, {NewDate(2021, 9, 8), true}} {
		if got := tl.SignableOn(tt.d); got != tt.want {
			t.Errorf("SignableOn(%v) = %v", tt.d, got)
		}
	}
	if (Timeline{}).SignableOn(NewDate(2030, 1, 1)) {
		t.Error("a campaign without a notice period signed")
	}
}

func TestRecruitmentRoles(t *testing.T) {
	for _, tt := range []struct {
		role      Role
		read, run bool
	}{
		{RoleCityAdmin, true, true}, {RoleCountyAdmin, true, true}, {RoleViewer, true, false},
		{RoleWorker, false, false}, {RoleStationLead, false, false}, {RoleSupervisor, false, false},
		{RoleSysAdmin, false, false}, {RoleSecAdmin, false, false}, {RoleAuditAdmin, false, false},
	} {
		u := &User{Role: tt.role, Region: "4453"}
		if u.CanReadRecruitment() != tt.read || u.CanRunRecruitment() != tt.run {
			t.Errorf("%s: read %v run %v, want %v %v", tt.role, u.CanReadRecruitment(), u.CanRunRecruitment(), tt.read, tt.run)
		}
	}
	if (&User{Role: RoleCityAdmin, Disabled: true}).CanReadRecruitment() {
		t.Error("a disabled admin reads recruitment")
	}
}

func TestTimelineDates(t *testing.T) {
	var tl Timeline
	ms := tl.Milestones()
	ds := tl.Dates()
	if len(ms) != len(ds) {
		t.Fatalf("%d milestones, %d dates", len(ms), len(ds))
	}
	for i, d := range ds {
		*d = NewDate(2021, 1, i+1)
	}
	for i, m := range tl.Milestones() {
		if m.On != NewDate(2021, 1, i+1) {
			t.Errorf("%s = %v: Dates and Milestones disagree", m.Label, m.On)
		}
	}
}
