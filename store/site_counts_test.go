package store_test

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestSiteCountsOnAsBefore: the site counts of several days read in the
// queries of one (a dashboard's period end and a year before, issue 14)
// are, day by day, those counted a day at a time — after every write of a
// random run that builds, moves and re-equips stations and points and
// assigns staff for spans that start and end either side of the days,
// grouped by county, town and village.
func TestSiteCountsOnAsBefore(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx, sys := t.Context(), shuangbai.SystemUser
	db.Now = func() time.Time { return time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC) }
	city := shuangbai.Scope{Code: "4453"}
	days := []shuangbai.Date{shuangbai.NewDate(2020, 6, 1), shuangbai.NewDate(2021, 3, 1), shuangbai.NewDate(2021, 8, 9), shuangbai.NewDate(2021, 12, 31)}
	someDay := func(rnd *rand.Rand) shuangbai.Date {
		return shuangbai.NewDate(2019+rnd.IntN(3), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28))
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	towns := []string{"445302003", "445302102", "445381004"}
	villages := []string{"445302003208", "445302102201"}
	var stations []*shuangbai.Station
	var points []*shuangbai.Point
	writes := []struct {
		name string
		do   func() error
	}{
		{"station", func() error {
			if len(towns) > 0 {
				s := &shuangbai.Station{Region: towns[0], Site: shuangbai.Site{Name: towns[0] + "社工站", Status: shuangbai.SiteBuilt,
					BuiltOn: someDay(rnd), Office: rnd.IntN(2) == 0, OfficeAddress: "办公室", Equipment: shuangbai.EquipAll}}
				towns = towns[1:]
				stations = append(stations, s)
				return db.CreateStation(ctx, sys, s)
			}
			s, err := db.Station(ctx, city, stations[rnd.IntN(len(stations))].ID)
			if err != nil {
				return err
			}
			s.BuiltOn = someDay(rnd)
			return db.UpdateStation(ctx, sys, &s)
		}},
		{"station re-equipped", func() error {
			if len(stations) == 0 {
				return nil
			}
			s, err := db.Station(ctx, city, stations[rnd.IntN(len(stations))].ID)
			if err != nil {
				return err
			}
			s.Equipment ^= shuangbai.EquipPrinter
			s.Office = !s.Office
			return db.UpdateStation(ctx, sys, &s)
		}},
		{"point", func() error {
			if len(stations) == 0 {
				return nil
			}
			var town *shuangbai.Station
			for _, s := range stations {
				if len(villages) > 0 && s.Region == villages[0][:9] {
					town = s
				}
			}
			if town != nil {
				p := &shuangbai.Point{Region: villages[0], StationID: town.ID, Site: shuangbai.Site{Name: villages[0] + "社工点",
					Status: shuangbai.SiteBuilt, BuiltOn: someDay(rnd), Office: true, OfficeAddress: "村委", Equipment: shuangbai.EquipAll}}
				villages = villages[1:]
				points = append(points, p)
				return db.CreatePoint(ctx, sys, p)
			}
			if len(points) == 0 {
				return nil
			}
			p := points[rnd.IntN(len(points))]
			p.Equipment ^= shuangbai.EquipAirCon
			return db.UpdatePoint(ctx, sys, p)
		}},
		{"staff", func() error {
			if len(stations) == 0 {
				return nil
			}
			a := &shuangbai.Assignment{From: someDay(rnd)}
			if rnd.IntN(2) == 0 {
				a.To = a.From.AddDays(30 + rnd.IntN(150))
			}
			town := ""
			if len(points) > 0 && rnd.IntN(2) == 0 {
				pt := points[rnd.IntN(len(points))]
				a.PointID, town = pt.ID, pt.Region[:9]
			} else {
				st := stations[rnd.IntN(len(stations))]
				a.StationID, town = st.ID, st.Region
			}
			p := &shuangbai.Person{Region: town, Name: "社工" + strconv.Itoa(rnd.IntN(1e6)), Gender: "女", Phone: "13800138000", Role: shuangbai.StaffWorker}
			if err := db.CreatePerson(ctx, sys, p); err != nil {
				return err
			}
			a.PersonID = p.ID
			return db.Assign(ctx, sys, a)
		}},
	}
	checked := 0
	for i := range 30 {
		w := writes[rnd.IntN(len(writes))]
		if err := w.do(); err != nil {
			t.Fatalf("write %d (%s): %v", i, w.name, err)
		}
		for _, n := range []int{6, 9, 12} {
			got, err := db.SiteCountsOnForTest(ctx, city, n, days...)
			if err != nil {
				t.Fatal(err)
			}
			for j, d := range days {
				want, err := db.SiteCountsBeforeForTest(ctx, city, d, n)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got[j], want) {
					t.Fatalf("after %s, by %d digits on %s:\n got %+v\nwant %+v", w.name, n, d, got[j], want)
				}
				checked += len(want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing was counted: the fixture builds no site")
	}
}
