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
	s.Network.Villages, s.Beneficiaries, s.Visits = 400, 500, 1000
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
