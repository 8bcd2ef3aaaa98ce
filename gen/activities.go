package gen

import (
	"context"
	"math/rand/v2"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

// ActivitiesPerStationYear is how many community activities each station
// holds a year in generated data: about one a week, the size the station
// work issue names.
const ActivitiesPerStationYear = 50

// LoadActivities adds perYear community activities a year to every
// station of a loaded network, over the years before AsOf: held in the
// station's town or one of its villages, of every kind, with people
// reached and volunteers. It returns how many it added.
func LoadActivities(ctx context.Context, db *store.DB, net *Network, perYear, years int) (int, error) {
	rnd := rand.New(rand.NewPCG(46, uint64(perYear*years)))
	villages := map[string][]string{} // town → its villages
	for _, v := range net.Villages {
		villages[v[:9]] = append(villages[v[:9]], v)
	}
	var stations []shuangbai.Station
	for offset := 0; ; offset += 500 {
		page, _, err := db.Stations(ctx, shuangbai.Scope{All: true}, shuangbai.SiteFilter{Limit: 500, Offset: offset})
		if err != nil {
			return 0, err
		}
		stations = append(stations, page...)
		if len(page) < 500 {
			break
		}
	}
	cols := []string{"station_id", "region", "held_on", "kind", "title", "place", "targets", "reached", "volunteers",
		"materials", "handed_out", "partners", "summary", "created_at", "updated_at", "created_by"}
	kinds := shuangbai.ActivityKinds
	at := AsOf.Time()
	n := 0
	// One transaction per 100 stations keeps memory flat.
	for start := 0; start < len(stations); start += 100 {
		err := db.BulkLoad(ctx, func(b *store.Bulk) error {
			var rows [][]any
			for _, st := range stations[start:min(start+100, len(stations))] {
				places := append([]string{st.Region}, villages[st.Region]...)
				for i := 0; i < perYear*years; i++ {
					k := kinds[rnd.IntN(len(kinds))]
					region := places[rnd.IntN(len(places))]
					handed, materials := 0, ""
					if k == shuangbai.ActivityAntiDrug || k == shuangbai.ActivityPolicy {
						handed, materials = 50+rnd.IntN(300), "宣传资料"
					}
					rows = append(rows, []any{st.ID, region, AsOf.AddDays(-rnd.IntN(365 * years)), string(k), k.Label() + "活动",
						strings.TrimSuffix(st.Name, "社工站") + "文化广场", "社区居民", 20 + rnd.IntN(300), rnd.IntN(20),
						materials, handed, "", "", at, at, "gen"})
				}
			}
			n += len(rows)
			return b.Insert(ctx, "activities", cols, rows)
		})
		if err != nil {
			return n, err
		}
	}
	return n, db.Analyze(ctx)
}
