package gen_test

import (
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func TestSizeValidate(t *testing.T) {
	for name, s := range gen.Sizes {
		if err := s.Validate(); err != nil {
			t.Errorf("preset %s: %v", name, err)
		}
	}
	city := gen.Sizes["city"]
	for _, c := range []struct {
		name string
		edit func(*gen.Size)
		want string
	}{
		{"negative staff", func(s *gen.Size) { s.Network.Staff = -1 }, "--staff 不能为负数"},
		{"negative visits", func(s *gen.Size) { s.Visits = -5 }, "--visits 不能为负数"},
		{"more points than villages", func(s *gen.Size) { s.Network.Villages = 100 }, "社工点数（1300）多于村（社区）数（100）"},
		{"no city", func(s *gen.Size) { s.Network.Cities = 0 }, "--cities 至少为 1"},
		{"fewer counties than cities", func(s *gen.Size) { s.Network.Cities = 7 }, "县区数（6）不能少于地市数（7）"},
		{"fewer stations than counties", func(s *gen.Size) { s.Network.Stations = 3 }, "社工站数（3）不能少于县区数（6）"},
		{"villages that do not fit a town's codes", func(s *gen.Size) { s.Network.Points = 80_000 }, "每个乡镇最多 999 个村"},
		{"visits not a whole number each", func(s *gen.Size) { s.Visits = s.Beneficiaries + 1 }, "整数倍"},
		{"visits without files", func(s *gen.Size) { s.Beneficiaries = 0 }, "没有服务对象就不能有探访记录"},
		{"too many files for unique ID numbers", func(s *gen.Size) { s.Beneficiaries, s.Visits = 40_000_000, 0 }, "--beneficiaries 最多"},
		{"no years", func(s *gen.Size) { s.Network.Years = 0 }, "--years"},
		{"negative applications", func(s *gen.Size) { s.Applications = -1 }, "--applications 不能为负数（-1）"},
		{"negative applicants", func(s *gen.Size) { s.Applicants = -15 }, "--applicants 不能为负数（-15）"},
		{"negative briefings", func(s *gen.Size) { s.Briefings = -1 }, "--briefings 不能为负数"},
		{"more applications than files", func(s *gen.Size) { s.Applications = s.Beneficiaries + 1 }, "--applications（50001）不能多于 --beneficiaries（50000）"},
		{"applications without files", func(s *gen.Size) { s.Beneficiaries, s.Visits = 0, 0 }, "--applications（5000）不能多于 --beneficiaries（0）"},
		{"more campaigns than years", func(s *gen.Size) { s.Campaigns = 6 }, "--campaigns 是每个地市的招聘次数（每年一次），至多为 --years（5）"},
		{"campaigns without posts", func(s *gen.Size) { s.Posts, s.Applicants = 0, 0 }, "--campaigns 5 时 --posts 至少为 1"},
		{"posts without campaigns", func(s *gen.Size) { s.Campaigns, s.Applicants = 0, 0 }, "没有招聘（--campaigns 0）就不能有岗位（--posts 80）"},
		{"applicants without campaigns", func(s *gen.Size) { s.Campaigns, s.Posts = 0, 0 }, "没有招聘（--campaigns 0）就不能有报名人员（--applicants 15）"},
		{"applicants whose ID numbers cannot all differ", func(s *gen.Size) { s.Applicants = 20_000 }, "每次招聘至多 1000000 人报名"},
		{"more briefings than months", func(s *gen.Size) { s.Briefings = 61 }, "--briefings 是每个地市的月度简报期数，至多 60"},
		{"issues too small for their sections", func(s *gen.Size) { s.News = 2 }, "每期简报至少 3 条动态（--news"},
		{"news without briefings", func(s *gen.Size) { s.Briefings = 0 }, "没有简报（--briefings 0）就不能有简报动态（--news 4）"},
	} {
		s := city
		c.edit(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	ok := city
	ok.Network.Villages = 2000 // villages without a point are fine
	if err := ok.Validate(); err != nil {
		t.Errorf("more villages than points: %v", err)
	}
}

func TestLoadVillagesWithoutPoints(t *testing.T) {
	s := gen.Sizes["county"]
	s.Network.Villages, s.Beneficiaries, s.Visits, s.Applications = 400, 500, 1000, 50
	// Recruitment and briefings are TestGenerateApplicationsRecruitmentBriefings';
	// 1,000 search items took 25 s on PostgreSQL.
	s.Campaigns, s.Posts, s.Applicants, s.Briefings, s.News, s.SearchItems = 0, 0, 0, 0, 0, 20
	db := storetest.Open(t)
	ctx := t.Context()
	if err := gen.Generate(ctx, db, s, nil, nil); err != nil {
		t.Fatal(err)
	}
	all := shuangbai.Scope{Code: gen.ProvinceCode}
	villages, err := db.RegionsAt(ctx, all, shuangbai.LevelVillage, shuangbai.Date{})
	if err != nil {
		t.Fatal(err)
	}
	_, points, err := db.Points(ctx, all, store.PointFilter{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := db.Outcomes(ctx, all, gen.ProvinceCode, shuangbai.Date{}, gen.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(villages) != 400 || points != 250 || o.People != 500 || o.Visits != 1000 {
		t.Errorf("villages %d, points %d, files %d, visits %d", len(villages), points, o.People, o.Visits)
	}
}
