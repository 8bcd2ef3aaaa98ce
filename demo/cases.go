package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// HekouVillage is 双上村, where the seed's 河口街道 station serves.
const HekouVillage = "445302003208"

// cases builds the case files. 河口街道 gets the seed's story: 45 registered
// civil-affairs households visited twice a week, the people the seed says
// were identified (12 marginal, 3 elderly living alone, 4 left-behind
// children) and the applications it counts up to 2021-08-09 (16 disability
// subsidies, 4 old-age allowances, 16 medical assistance, 26 households
// linked to relief, 17 given temporary assistance), with 小陈 as one case.
// Every other station gets a few plausible files.
type cases struct {
	db    *store.DB
	rnd   *rand.Rand
	today shuangbai.Date
	seq   int
}

func loadCases(ctx context.Context, db *store.DB) (hekouWorker int64, err error) {
	c := &cases{db: db, rnd: rand.New(rand.NewPCG(45, 2017)), today: shuangbai.Today(db.Now())}
	city := shuangbai.Scope{Code: "4453"}
	staff, err := db.StaffListOn(ctx, city, "445302003", true, c.today)
	if err != nil {
		return 0, err
	}
	var workers []int64
	for _, s := range staff {
		if s.Person.Region == HekouVillage {
			workers = append(workers, s.Person.ID)
		}
	}
	if len(workers) == 0 {
		return 0, fmt.Errorf("demo: no worker at 双上村")
	}
	if err := c.hekou(ctx, workers); err != nil {
		return 0, err
	}
	stations, _, err := db.Stations(ctx, city, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return 0, err
	}
	for _, st := range stations {
		if st.Region == "445302003" {
			continue
		}
		if err := c.station(ctx, st); err != nil {
			return 0, err
		}
	}
	return workers[0], nil
}

// idFor makes a valid ID number for a person born on birth in the county
// of region.
func (c *cases) idFor(region string, birth shuangbai.Date, male bool) string {
	c.seq++
	n := (c.seq*2)%1000 + 0 // even: female
	if male {
		n++
	}
	first17 := fmt.Sprintf("%s%s%03d", region[:6], birth.Time().Format("20060102"), n%1000)
	return first17 + string(shuangbai.IDCheckDigit(first17))
}

func (c *cases) person(region, name string, birth shuangbai.Date, male bool) *shuangbai.Beneficiary {
	g := "女"
	if male {
		g = "男"
	}
	return &shuangbai.Beneficiary{Region: region, Name: name, Gender: g, Birth: birth, IDNumber: c.idFor(region, birth, male),
		Phone: fmt.Sprintf("13%09d", c.rnd.IntN(1e9)), Address: "河口街道双上村", Open: true}
}

// d is shuangbai.NewDate with a plain int month, for generated dates.
func d(y, m, day int) shuangbai.Date { return shuangbai.NewDate(y, time.Month(m), day) }

func (c *cases) hekou(ctx context.Context, workers []int64) error {
	sys := shuangbai.SystemUser
	var regular []*shuangbai.Beneficiary // the 45 households' heads and 小陈: level 1
	var households []*shuangbai.Beneficiary
	for i := 0; i < 45; i++ {
		male := i%2 == 0
		birth := d(1940+c.rnd.IntN(40), 1+c.rnd.IntN(12), 1+c.rnd.IntN(28))
		if i < 4 {
			birth = d(1935+i, 3, 10) // the four who get 高龄津贴
		}
		b := c.person(HekouVillage, name(c.rnd), birth, male)
		b.Relation, b.Level, b.FoundBy, b.FoundOn = "户主", 1, shuangbai.FoundVillage, d(2017, 7, 15+i%14)
		b.Groups = []shuangbai.Group{shuangbai.GroupCivilAffairs, []shuangbai.Group{shuangbai.GroupDibao, shuangbai.GroupTekun}[i%2]}
		if i >= 4 && i < 19 { // fifteen disabled heads; 小陈 is the sixteenth
			b.Groups = append(b.Groups, shuangbai.GroupDisabled)
			b.Disability = []string{"肢体三级", "视力二级", "听力三级", "肢体四级", "智力三级"}[i%5]
		}
		if i < 4 {
			b.Groups = append(b.Groups, shuangbai.GroupElderly)
		}
		hh := &shuangbai.Household{Region: HekouVillage, HeadName: b.Name, Address: b.Address}
		if err := c.db.CreateHousehold(ctx, sys, hh); err != nil {
			return err
		}
		b.HouseholdID, b.WorkerID = hh.ID, workers[i%len(workers)]
		if err := c.db.CreateBeneficiary(ctx, sys, b); err != nil {
			return fmt.Errorf("household %d: %w", i, err)
		}
		regular = append(regular, b)
		households = append(households, b)
	}
	// 小陈: a young man of the first household, 肢体二级 after a traffic accident.
	chen := c.person(HekouVillage, "陈志明", d(1996, 5, 12), true)
	chen.Relation, chen.Level, chen.FoundBy, chen.FoundOn = "子女", 1, shuangbai.FoundVisiting, d(2019, 4, 8)
	chen.Groups = []shuangbai.Group{shuangbai.GroupDisabled, shuangbai.GroupCivilAffairs}
	chen.Disability = "肢体二级"
	chen.HouseholdID, chen.WorkerID = households[0].HouseholdID, workers[0]
	if err := c.db.CreateBeneficiary(ctx, sys, chen); err != nil {
		return err
	}
	regular = append(regular, chen)

	// Identified through walking the villages and community activities.
	var found []*shuangbai.Beneficiary
	for i, g := range []struct {
		group shuangbai.Group
		n     int
	}{{shuangbai.GroupMarginal, 12}, {shuangbai.GroupElderlyAlone, 3}, {shuangbai.GroupLeftBehind, 4}} {
		for j := 0; j < g.n; j++ {
			birth := d(1960+c.rnd.IntN(30), 1+c.rnd.IntN(12), 1+c.rnd.IntN(28))
			switch g.group {
			case shuangbai.GroupElderlyAlone:
				birth = d(1936+j, 6, 1) // 82 and over in 2021: one has no 高龄津贴 yet (flagged)
			case shuangbai.GroupLeftBehind:
				birth = d(2011+j, 9, 1)
			}
			b := c.person(HekouVillage, name(c.rnd), birth, c.rnd.IntN(2) == 0)
			b.Relation, b.Level = "户主", shuangbai.Level4(2+c.rnd.IntN(2))
			b.FoundBy = []shuangbai.FoundBy{shuangbai.FoundVisiting, shuangbai.FoundActivity, shuangbai.FoundReferral}[(i+j)%3]
			b.FoundOn = d(2021, 3+j%5, 3+j)
			b.Groups = []shuangbai.Group{g.group}
			if g.group == shuangbai.GroupLeftBehind {
				b.Relation = "子女"
				b.Groups = append(b.Groups, shuangbai.GroupChildren)
			}
			b.WorkerID = workers[j%len(workers)]
			if err := c.db.CreateBeneficiary(ctx, sys, b); err != nil {
				return err
			}
			found = append(found, b)
		}
	}

	// Applications up to 2021-08-09, as the seed counts them.
	apply := func(b *shuangbai.Beneficiary, k shuangbai.AppKind, on shuangbai.Date, amount int64) error {
		a := &shuangbai.Application{BeneficiaryID: b.ID, Kind: k, Status: shuangbai.AppApproved, PreparedOn: on,
			SubmittedOn: on.AddDays(3), DecidedOn: on.AddDays(20), Amount: amount, Documents: "身份证、户口簿复印件，申请表"}
		return c.db.SaveApplication(ctx, sys, a)
	}
	disabled := append(regular[4:19:19], chen)
	for i, b := range disabled {
		if err := apply(b, shuangbai.AppDisabilityLiving, d(2020, 9, 1).AddDays(9*i), 150); err != nil {
			return err
		}
	}
	for i := 0; i < 4; i++ {
		if err := apply(regular[i], shuangbai.AppOldAge, d(2021, 1, 10).AddDays(7*i), 100); err != nil {
			return err
		}
	}
	for i := 0; i < 16; i++ {
		if err := apply(households[(i*3)%45], shuangbai.AppMedical, d(2020, 11, 1).AddDays(13*i), 2000); err != nil {
			return err
		}
	}
	for i := 0; i < 26; i++ {
		if err := apply(households[i+19], shuangbai.AppRelief, d(2021, 1, 20).AddDays(5*i), 500); err != nil {
			return err
		}
	}
	for i := 0; i < 17; i++ {
		if err := apply(households[i*2], shuangbai.AppTemporary, d(2021, 2, 1).AddDays(8*i), 1000); err != nil {
			return err
		}
	}
	// After the seed's day: applications still in progress.
	for i, b := range found[:3] {
		a := &shuangbai.Application{BeneficiaryID: b.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppSubmitted,
			PreparedOn: d(2021, 9, 1+i), SubmittedOn: d(2021, 9, 5+i)}
		if err := c.db.SaveApplication(ctx, sys, a); err != nil {
			return err
		}
	}

	// Visits: twice a week (three and four days apart) for the level-1 cases
	// through the seed's summer of 2021 and the last six months, weekly or
	// fortnightly for the others. A few stop short of today, so the worklist
	// has overdue cases.
	return c.db.BulkLoad(ctx, func(bl *store.Bulk) error {
		iv := shuangbai.DefaultIntervals
		recent := c.today.AddDays(-182)
		for i, b := range regular {
			end := c.today.AddDays(-1)
			if i%9 == 0 {
				end = c.today.AddDays(-12)
			}
			for _, span := range [][2]shuangbai.Date{{d(2021, 5, 3), AsOf}, {recent, end}} {
				for day := span[0]; !day.After(span[1]); day = day.AddDays(7) {
					for _, on := range []shuangbai.Date{day, day.AddDays(3)} {
						if on.After(span[1]) {
							continue
						}
						if err := bl.Visit(ctx, c.visit(b, on, iv)); err != nil {
							return err
						}
					}
				}
			}
		}
		for i, b := range found {
			step := iv[b.Level].Days()
			end := c.today.AddDays(-1 - i%20)
			on := b.FoundOn
			if on.Before(recent) {
				on = recent
			}
			for ; !on.After(end); on = on.AddDays(step) {
				if err := bl.Visit(ctx, c.visit(b, on, iv)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Visit notes by who is visited: a child's visit does not speak of an old
// person living alone.
var (
	findings = []string{
		"身体状况稳定，生活能自理，家中卫生尚可。",
		"情绪较低落，耐心倾听其倾诉，给予鼓励。",
		"反映近期看病花费较大，已告知医疗救助政策。",
		"家中缺少米油，已联系村委链接生活物资。",
	}
	elderFindings = []string{"老人独自在家，提醒注意用电安全和防跌倒。", "老人血压偏高，提醒按时服药并联系村医上门。"}
	childFindings = []string{"孩子学习情况良好，与其在外务工的父母视频通话。", "孩子暑假在家，与祖父母同住，提醒注意防溺水。"}
)

func (c *cases) finding(b *shuangbai.Beneficiary, on shuangbai.Date) string {
	list := findings
	switch age := b.Age(on); {
	case age < 18:
		list = childFindings
	case age >= 70:
		list = append(append([]string{}, findings...), elderFindings...)
	}
	return list[c.rnd.IntN(len(list))]
}

func (c *cases) visit(b *shuangbai.Beneficiary, on shuangbai.Date, iv shuangbai.Intervals) *shuangbai.Visit {
	v := &shuangbai.Visit{BeneficiaryID: b.ID, Region: b.Region, On: on, Kind: shuangbai.VisitHome,
		Workers: []int64{b.WorkerID}, Findings: c.finding(b, on),
		Services: []string{shuangbai.Services[c.rnd.IntN(4)]}, NextDue: iv.NextDue(b.Level, on)}
	if c.rnd.IntN(6) == 0 {
		v.Kind = shuangbai.VisitPhone
	}
	if b.Name == "陈志明" {
		v.Findings = "小陈愿意与社工交流，介绍两名大学生与他相识，鼓励他多出门与村民来往。"
		v.Services = []string{"精神慰藉", "支持网络搭建"}
	}
	return v
}

// station files a few cases at another station, in the villages of its points.
func (c *cases) station(ctx context.Context, st shuangbai.Station) error {
	sys := shuangbai.SystemUser
	pts, _, err := c.db.Points(ctx, shuangbai.Scope{Code: st.Region}, store.PointFilter{})
	if err != nil || len(pts) == 0 {
		return err
	}
	staff, err := c.db.StaffListOn(ctx, shuangbai.Scope{Code: st.Region}, st.Region, true, c.today)
	if err != nil {
		return err
	}
	groups := []shuangbai.Group{shuangbai.GroupElderlyAlone, shuangbai.GroupLeftBehind, shuangbai.GroupMarginal, shuangbai.GroupDibao, shuangbai.GroupTekun}
	n := 3 + c.rnd.IntN(5)
	for i := 0; i < n; i++ {
		p := pts[i%len(pts)]
		g := groups[c.rnd.IntN(len(groups))]
		birth := d(1950+c.rnd.IntN(40), 1+c.rnd.IntN(12), 1+c.rnd.IntN(28))
		if g == shuangbai.GroupLeftBehind {
			birth = d(2010+c.rnd.IntN(8), 1+c.rnd.IntN(12), 1+c.rnd.IntN(28))
		}
		b := c.person(p.Region, name(c.rnd), birth, c.rnd.IntN(2) == 0)
		b.Address = p.Name
		b.Level, b.Groups, b.FoundBy = shuangbai.Level4(1+c.rnd.IntN(4)), []shuangbai.Group{g}, shuangbai.FoundVisiting
		b.FoundOn = c.today.AddDays(-30 - c.rnd.IntN(300))
		if len(staff) > 0 {
			b.WorkerID = staff[i%len(staff)].Person.ID
		}
		if err := c.db.CreateBeneficiary(ctx, sys, b); err != nil {
			return err
		}
		for k := 0; k < 2; k++ {
			on := c.today.AddDays(-1 - c.rnd.IntN(25))
			if on.Before(b.FoundOn) {
				continue
			}
			v := &shuangbai.Visit{BeneficiaryID: b.ID, On: on, Kind: shuangbai.VisitHome, Services: []string{"政策咨询"}, Findings: c.finding(b, on)}
			if b.WorkerID != 0 {
				v.Workers = []int64{b.WorkerID}
			}
			if err := c.db.RecordVisit(ctx, sys, v); err != nil {
				return err
			}
		}
	}
	return nil
}
