package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

type gen struct {
	db      *store.DB
	rnd     *rand.Rand
	persons int
}

// county builds one county's stations, points and staff so that its row of
// the table comes out as the seed prints it.
func (g *gen) county(ctx context.Context, c county, byParent map[string][]shuangbai.Region) error {
	sys := shuangbai.SystemUser
	var towns []shuangbai.Region
	for _, t := range byParent[c.code] {
		if t.NeedsStation() {
			towns = append(towns, t)
		}
	}
	stations := make([]*shuangbai.Station, len(towns))
	for i, t := range towns {
		// Stations opened with the 双百计划 from July 2017; the first of each
		// county misses two items (基本配备), the rest miss none or one.
		missing := []int{0, 1}[g.rnd.IntN(2)]
		if i == 0 {
			missing = 2
		}
		built := shuangbai.NewDate(2017, 7, 1).AddDays(g.rnd.IntN(1200))
		if t.Code == "445302003" {
			built = shuangbai.NewDate(2017, 7, 1) // the seed: 2017年7月，河口街道社工服务站正式设立
		}
		s := &shuangbai.Station{Region: t.Code, Site: shuangbai.Site{
			Name: t.Name + "社工站", Status: shuangbai.SiteBuilt, BuiltOn: built,
			Office: true, OfficeAddress: c.name + t.Name + "综合服务中心", OfficeSince: built,
			Equipment: g.equipment(missing), Phone: fmt.Sprintf("0766-%07d", 2000000+g.rnd.IntN(7999999)),
			Lat: round6(c.lat + g.jitter(0.25)), Lng: round6(c.lng + g.jitter(0.25)),
		}}
		if err := g.db.CreateStation(ctx, sys, s); err != nil {
			return err
		}
		stations[i] = s
	}

	// Points: the seed's named villages first, then villages taken round the
	// towns in turn until the county's count is reached.
	var villages []shuangbai.Region
	taken := map[string]bool{}
	for code := range fixedPoints {
		if strings.HasPrefix(code, c.code) {
			villages = append(villages, shuangbai.Region{Code: code, Parent: shuangbai.ParentCode(code)})
			taken[code] = true
		}
	}
	for round := 0; len(villages) < c.points; round++ {
		for _, t := range towns {
			vs := byParent[t.Code]
			if round < len(vs) && !taken[vs[round].Code] && len(villages) < c.points {
				villages = append(villages, vs[round])
				taken[vs[round].Code] = true
			}
		}
	}
	stationOf := map[string]*shuangbai.Station{}
	for _, s := range stations {
		stationOf[s.Region] = s
	}
	points := make([]*shuangbai.Point, len(villages))
	names := map[string]string{}
	for _, v := range byParent {
		for _, r := range v {
			names[r.Code] = r.Name
		}
	}
	for i, v := range villages {
		st := stationOf[v.Parent]
		missing := g.rnd.IntN(3) // 0–2: 基本配备 at worst
		if c.pointsIncomplete && i%3 == 0 {
			missing = 3 + g.rnd.IntN(2) // 罗定市: 未配备齐全
		}
		name := fixedPoints[v.Code]
		if name == "" {
			name = shortVillage(names[v.Code]) + "社工点"
		}
		built := st.BuiltOn.AddDays(30 + g.rnd.IntN(600))
		if built.After(AsOf) {
			built = AsOf.AddDays(-g.rnd.IntN(60) - 1)
		}
		p := &shuangbai.Point{Region: v.Code, StationID: st.ID, Site: shuangbai.Site{
			Name: name, Status: shuangbai.SiteBuilt, BuiltOn: built,
			Office: true, OfficeAddress: names[v.Code] + "办公楼", OfficeSince: built,
			Equipment: g.equipment(missing), Lat: round6(st.Lat + g.jitter(0.05)), Lng: round6(st.Lng + g.jitter(0.05)),
		}}
		if err := g.db.CreatePoint(ctx, sys, p); err != nil {
			return err
		}
		points[i] = p
	}

	// Staff on 2021-08-09: spread evenly over the sites; the first at each
	// station is its 站长. Two people left before that day and one joined
	// after it, so that only dated assignments on the day count.
	for i := 0; i < c.stationStaff; i++ {
		s := stations[i%len(stations)]
		role := shuangbai.StaffWorker
		if i < len(stations) {
			role = shuangbai.StaffLead
		}
		if err := g.staff(ctx, s.Region, role, s.ID, 0, s.BuiltOn, shuangbai.Date{}); err != nil {
			return err
		}
	}
	for i := 0; i < c.pointStaff; i++ {
		p := points[i%len(points)]
		if err := g.staff(ctx, p.Region, shuangbai.StaffWorker, 0, p.ID, p.BuiltOn, shuangbai.Date{}); err != nil {
			return err
		}
	}
	left := shuangbai.NewDate(2021, 6, 30)
	for i := 0; i < 2; i++ {
		if err := g.staff(ctx, stations[i].Region, shuangbai.StaffWorker, stations[i].ID, 0, stations[i].BuiltOn, left); err != nil {
			return err
		}
	}
	return g.staff(ctx, points[0].Region, shuangbai.StaffWorker, 0, points[0].ID, shuangbai.NewDate(2021, 9, 1), shuangbai.Date{})
}

func (g *gen) staff(ctx context.Context, region string, role shuangbai.StaffRole, stationID, pointID int64, from, to shuangbai.Date) error {
	sys := shuangbai.SystemUser
	g.persons++
	p := &shuangbai.Person{Region: region, Name: g.name(), Gender: []string{"男", "女", "女"}[g.rnd.IntN(3)],
		Phone: fmt.Sprintf("13%09d", g.rnd.IntN(1e9)), Role: role}
	if err := g.db.CreatePerson(ctx, sys, p); err != nil {
		return err
	}
	return g.db.Assign(ctx, sys, &shuangbai.Assignment{PersonID: p.ID, StationID: stationID, PointID: pointID, From: from, To: to})
}

// equipment returns the full checklist less n items chosen at random.
func (g *gen) equipment(n int) shuangbai.Equipment {
	e := shuangbai.EquipAll
	for _, i := range g.rnd.Perm(len(shuangbai.EquipmentItems))[:n] {
		e &^= shuangbai.EquipmentItems[i].Bit
	}
	return e
}

// jitter returns a random offset within ±r degrees, to six decimals (about
// 0.1 m), the precision a phone's GPS gives.
func (g *gen) jitter(r float64) float64 { return math.Round((g.rnd.Float64()*2-1)*r*1e6) / 1e6 }

var (
	surnames = []rune("陈李黄张梁刘林何罗邓叶谢冯郑杨吴彭苏曾卢蔡朱潘钟")
	given    = []string{"敏", "婷", "伟", "芳", "俊", "丽", "杰", "霞", "明", "玲", "强", "静", "华", "燕", "勇", "慧", "健", "倩", "锋", "琳", "嘉", "欣", "志", "颖"}
)

func (g *gen) name() string { return name(g.rnd) }

// name returns an invented Chinese name.
func name(rnd *rand.Rand) string {
	n := string(surnames[rnd.IntN(len(surnames))]) + given[rnd.IntN(len(given))]
	if rnd.IntN(3) > 0 {
		n += given[rnd.IntN(len(given))]
	}
	return n
}

// shortVillage drops the committee suffix: 双上村民委员会 → 双上村.
func shortVillage(name string) string {
	for _, suf := range []string{"村民委员会", "社区居民委员会", "社区居委会", "居民委员会", "居委会"} {
		if s, ok := strings.CutSuffix(name, suf); ok {
			if strings.HasSuffix(suf, "村民委员会") {
				return s + "村"
			}
			return s + "社区"
		}
	}
	return name
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
