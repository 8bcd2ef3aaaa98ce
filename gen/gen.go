// Package gen generates large, deterministic, synthetic networks for
// benchmarks and load tests: a province of cities, counties, towns and
// villages with stations, points, staff and five years of history. The same
// preset always yields the same data, so figures from different days
// measure the same thing.
package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"shuangbai"
	"shuangbai/store"
)

// Preset sizes a generated network.
type Preset struct {
	Name     string
	Cities   int
	Counties int // spread over the cities
	Stations int // one per town: spread over the counties
	Points   int // at most one per village: spread over the towns
	Villages int // spread over the towns, the first ones of each with a point; 0 means as many as points
	Staff    int // about two per station, the rest at points
	Years    int // history: sites built, staff joining and leaving, facts revised
}

// Presets. Province is the size named in the progress-table issue.
var (
	Province = Preset{Name: "province", Cities: 21, Counties: 122, Stations: 1600, Points: 26000, Staff: 30000, Years: 5}
	City     = Preset{Name: "city", Cities: 1, Counties: 6, Stations: 80, Points: 1300, Staff: 1500, Years: 5}
)

// ProvinceCode is the code of the generated province.
const ProvinceCode = "44"

// AsOf is the last day of the generated history.
var AsOf = shuangbai.NewDate(2025, 12, 31)

// CityCode returns the code of the i-th generated city (0-based).
func CityCode(i int) string { return fmt.Sprintf("%s%02d", ProvinceCode, i+1) }

// Network is what Load made that case generation builds on: the villages,
// and the staff of each town (station and points) to be responsible for cases.
type Network struct {
	Villages []string
	Staff    map[string][]int64 // town code → person ids
}

// Load generates the preset into an empty database in one transaction.
func Load(ctx context.Context, db *store.DB, p Preset) (*Network, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	net := &Network{Staff: map[string][]int64{}}
	rnd := rand.New(rand.NewPCG(44, uint64(p.Stations)))
	start := AsOf.AddDays(-365 * p.Years)
	day := func() shuangbai.Date { return start.AddDays(rnd.IntN(365 * p.Years)) }
	countiesPer := spread(p.Counties, p.Cities)
	townsPer := spread(p.Stations, p.Counties)
	pointsPer := spread(p.Points, p.Stations)
	villagesPer := pointsPer
	if p.Villages > p.Points {
		villagesPer = spread(p.Villages, p.Stations)
	}
	stationStaff := min(2*p.Stations, p.Staff)
	pointStaffPer := spread(p.Staff-stationStaff, p.Points)
	county, town, village := 0, 0, 0 // running indexes into the spreads
	// Each site's checklist since it was built, and for one in four an
	// earlier, poorer one: history the progress table must read by date.
	var equipment [][]any
	history := func(kind string, id int64, site shuangbai.Site) {
		if rnd.IntN(4) == 0 {
			later := site.BuiltOn.AddDays(180)
			equipment = append(equipment, []any{kind, id, site.BuiltOn, later, int(site.Equipment &^ shuangbai.EquipPrinter &^ shuangbai.EquipAirCon &^ shuangbai.EquipFireSafety)})
			equipment = append(equipment, []any{kind, id, later, nil, int(site.Equipment)})
			return
		}
		equipment = append(equipment, []any{kind, id, site.BuiltOn, nil, int(site.Equipment)})
	}
	err := db.BulkLoad(ctx, func(b *store.Bulk) error {
		if err := b.Region(ctx, shuangbai.Region{Code: ProvinceCode, Name: "广东省"}); err != nil {
			return err
		}
		for ci := 0; ci < p.Cities; ci++ {
			city := CityCode(ci)
			if err := b.Region(ctx, shuangbai.Region{Code: city, Name: fmt.Sprintf("第%d市", ci+1), Parent: ProvinceCode}); err != nil {
				return err
			}
			if err := facts(ctx, b, city, start, p.Years); err != nil {
				return err
			}
			for k := 0; k < countiesPer[ci]; k++ {
				cc := fmt.Sprintf("%s%02d", city, k+1)
				if err := b.Region(ctx, shuangbai.Region{Code: cc, Name: fmt.Sprintf("%s第%d县", city, k+1), Parent: city}); err != nil {
					return err
				}
				if err := facts(ctx, b, cc, start, p.Years); err != nil {
					return err
				}
				for y := 0; y < p.Years*2; y++ {
					kind := []shuangbai.TrainingKind{shuangbai.TrainingPreService, shuangbai.TrainingProfessional, shuangbai.TrainingOther}[rnd.IntN(3)]
					if err := b.Training(ctx, &shuangbai.Training{Region: cc, HeldOn: day(), Kind: kind, Title: "培训", Hours: 8}); err != nil {
						return err
					}
				}
				for ti := 0; ti < townsPer[county]; ti++ {
					tc := fmt.Sprintf("%s%03d", cc, 100+ti)
					if err := b.Region(ctx, shuangbai.Region{Code: tc, Name: tc[6:] + "镇", Parent: cc}); err != nil {
						return err
					}
					st := &shuangbai.Station{Region: tc, Site: site(rnd, tc+"社工站", day())}
					if err := b.Station(ctx, st); err != nil {
						return err
					}
					history("station", st.ID, st.Site)
					if err := people(ctx, b, rnd, net, tc, st.ID, 0, st.BuiltOn, stationStaff/p.Stations); err != nil {
						return err
					}
					for vi := 0; vi < villagesPer[town]; vi++ {
						vc := fmt.Sprintf("%s%03d", tc, vi+1)
						if err := b.Region(ctx, shuangbai.Region{Code: vc, Name: vc[9:] + "村", Parent: tc}); err != nil {
							return err
						}
						net.Villages = append(net.Villages, vc)
						if vi >= pointsPer[town] {
							continue // a village without a point of its own
						}
						pt := &shuangbai.Point{Region: vc, StationID: st.ID, Site: site(rnd, vc+"社工点", day())}
						if err := b.Point(ctx, pt); err != nil {
							return err
						}
						history("point", pt.ID, pt.Site)
						if err := people(ctx, b, rnd, net, vc, 0, pt.ID, pt.BuiltOn, pointStaffPer[village]); err != nil {
							return err
						}
						village++
					}
					town++
				}
				county++
			}
		}
		return b.Insert(ctx, "equipment_history", []string{"site_kind", "site_id", "since", "until", "equipment"}, equipment)
	})
	if err != nil {
		return nil, err
	}
	return net, db.Analyze(ctx)
}

// spread divides total over n parts as evenly as whole numbers allow.
func spread(total, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = total / n
		if i < total%n {
			out[i]++
		}
	}
	return out
}

func site(rnd *rand.Rand, name string, built shuangbai.Date) shuangbai.Site {
	eq := shuangbai.EquipAll
	for _, i := range rnd.Perm(8)[:rnd.IntN(4)] {
		eq &^= shuangbai.EquipmentItems[i].Bit
	}
	status := shuangbai.SiteBuilt
	if rnd.IntN(20) == 0 {
		status = shuangbai.SitePlanned
	}
	return shuangbai.Site{Name: name, Status: status, BuiltOn: built, Office: rnd.IntN(10) > 0, Equipment: eq,
		Lat: 21 + rnd.Float64()*4, Lng: 110 + rnd.Float64()*6}
}

// people adds n staff at a site; one in five had a predecessor whose
// assignment ended, so that history matters for any date.
func people(ctx context.Context, b *store.Bulk, rnd *rand.Rand, net *Network, region string, stationID, pointID int64, from shuangbai.Date, n int) error {
	for i := 0; i < n; i++ {
		p := &shuangbai.Person{Region: region, Name: fmt.Sprintf("社工%d", rnd.IntN(1e6)), Gender: "女", Role: shuangbai.StaffWorker}
		if err := b.Person(ctx, p); err != nil {
			return err
		}
		net.Staff[region[:9]] = append(net.Staff[region[:9]], p.ID)
		a := &shuangbai.Assignment{PersonID: p.ID, StationID: stationID, PointID: pointID, From: from.AddDays(rnd.IntN(200))}
		if rnd.IntN(5) == 0 {
			a.To = a.From.AddDays(100 + rnd.IntN(400))
		}
		if err := b.Assign(ctx, a, region); err != nil {
			return err
		}
	}
	return nil
}

// facts adds a version of a region's facts for each year of history.
func facts(ctx context.Context, b *store.Bulk, region string, start shuangbai.Date, years int) error {
	for y := 0; y < years; y++ {
		f := &shuangbai.CountyFacts{Region: region, Effective: start.AddDays(365 * y), PlanIssued: y > 0, PlanDate: start,
			Coordination: y > 0, Management: y > 1, FundingStatus: shuangbai.FundingStatuses[min(y, 4)], FundingApproved: int64(y) * 100000}
		if err := b.Facts(ctx, f); err != nil {
			return err
		}
	}
	return nil
}
