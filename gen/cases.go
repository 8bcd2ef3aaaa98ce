package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"shuangbai"
	"shuangbai/store"
)

// CasePreset sizes the case files generated on a network.
type CasePreset struct {
	Name          string
	Beneficiaries int
	VisitsEach    int // visits per beneficiary, spread over the year before AsOf
	Applications  int // in all, spread evenly over the files (at most one each)
}

// Case presets. Million is the size the case-work issue names: 1,000,000
// beneficiaries and 10,000,000 visits.
var (
	Million = CasePreset{Name: "million", Beneficiaries: 1_000_000, VisitsEach: 10}
	Sample  = CasePreset{Name: "sample", Beneficiaries: 3000, VisitsEach: 5}
)

// LoadCases files beneficiaries in the network's villages, each with a
// responsible worker from its town, groups, a level, and visits whose last
// one sets the next due day (about one case in eight is overdue on AsOf),
// and p.Applications applications made on their behalf (applications.go).
// progress, if not nil, is called after each 10,000 beneficiaries.
func LoadCases(ctx context.Context, db *store.DB, net *Network, p CasePreset, progress func(done int)) error {
	rnd := rand.New(rand.NewPCG(45, uint64(p.Beneficiaries)))
	// A source of their own for the applications, so that the files and
	// visits of a size stay the same with or without them.
	arnd := rand.New(rand.NewPCG(47, uint64(p.Applications)))
	iv := shuangbai.DefaultIntervals
	groups := []shuangbai.Group{shuangbai.GroupElderly, shuangbai.GroupElderlyAlone, shuangbai.GroupLeftBehind, shuangbai.GroupDisabled,
		shuangbai.GroupDibao, shuangbai.GroupTekun, shuangbai.GroupMarginal, shuangbai.GroupCivilAffairs}
	visitCols := []string{"beneficiary_id", "region", "visited_on", "kind", "findings", "services", "next_due", "recorded_by", "created_at"}
	const chunk = 10_000 // one transaction per chunk keeps memory flat
	nextAnalyze := chunk
	for start := 0; start < p.Beneficiaries; start += chunk {
		end := min(start+chunk, p.Beneficiaries)
		err := db.BulkLoad(ctx, func(b *store.Bulk) error {
			// Ids first, so that files, groups and visits each go in one
			// COPY (PostgreSQL) or batch of INSERTs (SQLite).
			ids, err := b.IDs(ctx, "beneficiaries", end-start)
			if err != nil {
				return err
			}
			var files, members, visits, apps [][]any
			for i := start; i < end; i++ {
				village := net.Villages[i%len(net.Villages)]
				staff := net.Staff[village[:9]]
				// Birth date and sequence number together are unique for every
				// i (37 and 31,000 are coprime), so ID numbers never collide.
				birth := AsOf.AddDays(-365*5 - (i/1000*37)%31000)
				first17 := fmt.Sprintf("%s%s%03d", village[:6], birth.Time().Format("20060102"), i%1000)
				x := &shuangbai.Beneficiary{ID: ids[i-start], Region: village, Name: caseName(rnd, i), Gender: []string{"女", "男"}[i%2], Birth: birth,
					IDNumber: first17 + string(shuangbai.IDCheckDigit(first17)), Phone: fmt.Sprintf("13%09d", rnd.IntN(1e9)),
					Groups: []shuangbai.Group{groups[rnd.IntN(len(groups))]}, FoundBy: shuangbai.FoundVisiting,
					FoundOn: AsOf.AddDays(-400 - rnd.IntN(1000)), Level: shuangbai.Level4(1 + rnd.IntN(4)), Open: rnd.IntN(20) > 0}
				if len(staff) > 0 {
					x.WorkerID = staff[rnd.IntN(len(staff))]
				}
				// Visits at the level's interval back from a last visit that is
				// usually recent, sometimes late.
				last := AsOf.AddDays(-rnd.IntN(iv[x.Level].Days() + 2))
				if rnd.IntN(8) == 0 {
					last = last.AddDays(-30)
				}
				x.LastVisit, x.NextDue = last, iv.NextDue(x.Level, last)
				if !x.Open {
					x.NextDue = shuangbai.Date{}
				}
				row, err := b.SealedBeneficiary(x)
				if err != nil {
					return err
				}
				files = append(files, row)
				for _, g := range x.Groups {
					members = append(members, []any{x.ID, string(g)})
				}
				step := max(1, 365/max(1, p.VisitsEach))
				for k := 0; k < p.VisitsEach; k++ {
					on := last.AddDays(-k * step)
					visits = append(visits, []any{x.ID, village, on, "home", "情况稳定", "精神慰藉", iv.NextDue(x.Level, on), "gen", AsOf.Time()})
				}
				if withApplication(i, p.Beneficiaries, p.Applications) {
					apps = append(apps, applicationRow(applicationFor(arnd, x)))
				}
			}
			if err := b.Insert(ctx, "beneficiaries", store.BeneficiaryColumns, files); err != nil {
				return err
			}
			if err := b.Insert(ctx, "beneficiary_groups", []string{"beneficiary_id", "grp"}, members); err != nil {
				return err
			}
			if err := b.Insert(ctx, "visits", visitCols, visits); err != nil {
				return err
			}
			return b.Insert(ctx, "applications", ApplicationColumns, apps)
		})
		if err != nil {
			return err
		}
		// Statistics as the tables grow (10k, 20k, 40k … files): planned on
		// an empty table, PostgreSQL's foreign-key checks would scan it whole
		// for every row and the load would be quadratic.
		if end >= nextAnalyze {
			if err := db.AnalyzeTables(ctx, "beneficiaries", "visits"); err != nil {
				return err
			}
			nextAnalyze *= 2
		}
		if progress != nil {
			progress(end)
		}
	}
	return db.Analyze(ctx)
}

// caseName returns a name unique enough for searches to be selective:
// a surname and two given characters from a wide set.
func caseName(rnd *rand.Rand, i int) string {
	sur := []rune("陈李黄张梁刘林何罗邓叶谢冯郑杨吴彭苏曾卢蔡朱潘钟")
	giv := []rune("敏婷伟芳俊丽杰霞明玲强静华燕勇慧健倩锋琳嘉欣志颖国英秀兰军平红桂春海云凤金玉")
	return string(sur[rnd.IntN(len(sur))]) + string(giv[i%len(giv)]) + string(giv[(i/len(giv))%len(giv)])
}
