package demo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"shuangbai"
	"shuangbai/store"
)

// The demo's map is a schematic (示意图), not 云浮市's real boundaries: no
// boundary data may ship (AMap's forbids commercial use; a published map
// needs a 审图号). Each county is a disc of its towns laid out round a
// centre placed roughly where the county lies; every town is the cell of
// the points nearer its centre than any other town's (a Voronoi cell),
// inside an outline drawn round all the towns; each county is the union of
// its towns' cells, and each village a cell inside its town round a spot
// picked in it. Stations are moved to their town's centre and points to
// their village's spot, so that markers fall inside their regions, and
// the 河口街道 station's people get homes inside 双上村.

// schematicCounty is where a county's disc of towns lies and how wide it is.
var schematicCounty = map[string]struct{ lng, lat, r float64 }{
	"445322": {111.55, 23.20, 0.17}, // 郁南县, north-west
	"445381": {111.55, 22.75, 0.19}, // 罗定市, south-west
	"445303": {111.95, 23.08, 0.13}, // 云安区, north
	"445302": {112.10, 22.88, 0.10}, // 云城区, the city's seat
	"445321": {112.27, 22.63, 0.15}, // 新兴县, south-east
}

type pos = shuangbai.Pos

// clipHalf keeps the part of convex ring r nearer a than b (Sutherland–
// Hodgman against the bisector of a and b). r is open (no repeated vertex).
func clipHalf(r []pos, a, b pos) []pos {
	// Inside when (p - m)·(b - a) <= 0, m the midpoint.
	m := pos{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
	d := pos{b[0] - a[0], b[1] - a[1]}
	side := func(p pos) float64 { return (p[0]-m[0])*d[0] + (p[1]-m[1])*d[1] }
	var out []pos
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		sp, sq := side(p), side(q)
		if sp <= 0 {
			out = append(out, p)
		}
		if sp < 0 && sq > 0 || sp > 0 && sq < 0 {
			t := sp / (sp - sq)
			out = append(out, pos{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])})
		}
	}
	return out
}

// cells returns the Voronoi cell of each site inside the convex open ring
// outline.
func cells(outline []pos, sites []pos) [][]pos {
	out := make([][]pos, len(sites))
	for i, s := range sites {
		c := outline
		for j, o := range sites {
			if i != j && len(c) > 0 && o != s {
				c = clipHalf(c, s, o)
			}
		}
		out[i] = c
	}
	return out
}

// hull is the convex hull of ps, counter-clockwise (monotone chain).
func hull(ps []pos) []pos {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b pos) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	cross := func(o, a, b pos) float64 { return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0]) }
	var h []pos
	for pass := 0; pass < 2; pass++ {
		start := len(h)
		for _, p := range ps {
			for len(h) >= start+2 && cross(h[len(h)-2], h[len(h)-1], p) <= 0 {
				h = h[:len(h)-1]
			}
			h = append(h, p)
		}
		h = h[:len(h)-1]
		slices.Reverse(ps)
	}
	return h
}

// grown moves each vertex of a convex ring away from its centre by d.
func grown(r []pos, d float64) []pos {
	var cx, cy float64
	for _, p := range r {
		cx, cy = cx+p[0], cy+p[1]
	}
	cx, cy = cx/float64(len(r)), cy/float64(len(r))
	out := make([]pos, len(r))
	for i, p := range r {
		l := math.Hypot(p[0]-cx, p[1]-cy)
		out[i] = pos{p[0] + (p[0]-cx)/l*d, p[1] + (p[1]-cy)/l*d}
	}
	return out
}

// closed rounds an open ring to 1e-6° and closes it, as GeoJSON wants.
func closed(r []pos) []pos {
	out := make([]pos, 0, len(r)+1)
	for _, p := range r {
		q := pos{shuangbai.Round6(p[0]), shuangbai.Round6(p[1])}
		if len(out) == 0 || out[len(out)-1] != q {
			out = append(out, q)
		}
	}
	return append(out, out[0])
}

// union outlines the union of cells that tile a region (each
// counter-clockwise, sharing edges exactly once rounded): the edges two
// cells share cancel and the rest chain into rings. When they do not chain
// (a rounding that split a vertex), the cells are kept as they are.
func union(cs [][]pos) shuangbai.MultiPolygon {
	type edge struct{ a, b pos }
	count := map[edge]int{}
	var order []edge
	for _, c := range cs {
		r := closed(c)
		for i := 0; i+1 < len(r); i++ {
			e := edge{r[i], r[i+1]}
			if count[edge{e.b, e.a}] > 0 {
				count[edge{e.b, e.a}]--
				continue
			}
			count[e]++
			order = append(order, e)
		}
	}
	next := map[pos]pos{}
	for _, e := range order {
		if count[e] > 0 {
			if _, dup := next[e.a]; dup {
				return asCells(cs)
			}
			next[e.a] = e.b
		}
	}
	var out shuangbai.MultiPolygon
	for len(next) > 0 {
		var start pos
		for _, e := range order { // a fixed order, so the demo is the same every time
			if _, ok := next[e.a]; ok && count[e] > 0 {
				start = e.a
				break
			}
		}
		ring := []pos{start}
		for p := next[start]; ; p = next[p] {
			delete(next, ring[len(ring)-1])
			ring = append(ring, p)
			if p == start {
				break
			}
			if _, ok := next[p]; !ok {
				return asCells(cs)
			}
		}
		out = append(out, shuangbai.Polygon{ring})
	}
	return out
}

func asCells(cs [][]pos) shuangbai.MultiPolygon {
	var out shuangbai.MultiPolygon
	for _, c := range cs {
		out = append(out, shuangbai.Polygon{closed(c)})
	}
	return out
}

// spotIn picks a point inside convex ring r, far from those taken: the best
// of a few random candidates, so that villages spread over their town.
func spotIn(rnd *rand.Rand, r []pos, taken []pos) pos {
	ring := closed(r)
	minX, minY, maxX, maxY := shuangbai.MultiPolygon{{ring}}.Bounds()
	best, bestD := pos{}, -1.0
	for tries := 0; tries < 200 && (bestD < 0 || tries < 12); tries++ {
		p := pos{minX + rnd.Float64()*(maxX-minX), minY + rnd.Float64()*(maxY-minY)}
		if !shuangbai.InRing(ring, p) {
			continue
		}
		d := math.Inf(1)
		for _, q := range taken {
			d = math.Min(d, math.Hypot(p[0]-q[0], p[1]-q[1]))
		}
		if d > bestD {
			best, bestD = p, d
		}
	}
	if bestD < 0 {
		var cx, cy float64
		for _, p := range r {
			cx, cy = cx+p[0], cy+p[1]
		}
		best = pos{cx / float64(len(r)), cy / float64(len(r))}
	}
	return best
}

// schematic lays out the city: town centres per county, and the cells of
// towns, counties and villages.
type schematic struct {
	townAt    map[string]pos
	villageAt map[string]pos
	towns     map[string][]pos // code → open ring
	villages  map[string][]pos
	counties  map[string]shuangbai.MultiPolygon
}

func layout(regions []shuangbai.Region) *schematic {
	rnd := rand.New(rand.NewPCG(4453, 2021))
	s := &schematic{townAt: map[string]pos{}, villageAt: map[string]pos{}, towns: map[string][]pos{}, villages: map[string][]pos{},
		counties: map[string]shuangbai.MultiPolygon{}}
	byParent := map[string][]string{}
	for _, r := range regions {
		byParent[r.Parent] = append(byParent[r.Parent], r.Code)
	}
	var codes []string
	var at []pos
	for _, c := range counties {
		cc := schematicCounty[c.code]
		ts := byParent[c.code]
		for i, t := range ts {
			// A sunflower: even spacing in a disc, slightly shaken.
			rr := cc.r * math.Sqrt((float64(i)+0.5)/float64(len(ts)))
			th := float64(i)*2.39996 + rnd.Float64()*0.4
			p := pos{cc.lng + rr*math.Cos(th)/math.Cos(cc.lat*math.Pi/180), cc.lat + rr*math.Sin(th)}
			codes, at = append(codes, t), append(at, p)
			s.townAt[t] = pos{shuangbai.Round6(p[0]), shuangbai.Round6(p[1])}
		}
	}
	outline := grown(hull(at), 0.07)
	for i, c := range cells(outline, at) {
		s.towns[codes[i]] = c
	}
	for _, c := range counties {
		var cs [][]pos
		for _, t := range byParent[c.code] {
			cs = append(cs, s.towns[t])
		}
		s.counties[c.code] = union(cs)
	}
	for _, t := range codes {
		vs := byParent[t]
		var spots []pos
		for range vs {
			spots = append(spots, spotIn(rnd, s.towns[t], spots))
		}
		for i, c := range cells(s.towns[t], spots) {
			s.villages[vs[i]] = c
			s.villageAt[vs[i]] = pos{shuangbai.Round6(spots[i][0]), shuangbai.Round6(spots[i][1])}
		}
	}
	return s
}

// loadMap stores the schematic's boundaries and moves the markers into it.
func loadMap(ctx context.Context, db *store.DB, regions []shuangbai.Region) error {
	sys := shuangbai.SystemUser
	s := layout(regions)
	names := map[string]string{}
	for _, r := range regions {
		names[r.Code] = r.Name
	}
	put := func(level shuangbai.Level, shapes map[string]shuangbai.MultiPolygon) error {
		var fs []shuangbai.BoundaryFeature
		for code, m := range shapes {
			fs = append(fs, shuangbai.BoundaryFeature{Code: code, Name: names[code], Shape: m})
		}
		slices.SortFunc(fs, func(a, b shuangbai.BoundaryFeature) int { return cmp.Compare(a.Code, b.Code) })
		for i := range fs {
			fs[i].Index = i + 1
		}
		_, _, err := db.ReplaceBoundaries(ctx, sys, store.BoundaryImport{Level: level, CRS: shuangbai.CRSWGS84,
			Source: "演示数据生成的示意图", Schematic: true, Features: fs})
		return err
	}
	ring := func(cs map[string][]pos) map[string]shuangbai.MultiPolygon {
		out := map[string]shuangbai.MultiPolygon{}
		for code, c := range cs {
			if len(c) >= 3 {
				out[code] = shuangbai.MultiPolygon{{closed(c)}}
			}
		}
		return out
	}
	if err := put(shuangbai.LevelCounty, s.counties); err != nil {
		return fmt.Errorf("counties: %w", err)
	}
	if err := put(shuangbai.LevelTown, ring(s.towns)); err != nil {
		return fmt.Errorf("towns: %w", err)
	}
	if err := put(shuangbai.LevelVillage, ring(s.villages)); err != nil {
		return fmt.Errorf("villages: %w", err)
	}

	city := shuangbai.Scope{Code: "4453"}
	stations, _, err := db.Stations(ctx, city, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return err
	}
	for _, st := range stations {
		if p, ok := s.townAt[st.Region]; ok {
			st.Lng, st.Lat = p[0], p[1]
			if err := db.UpdateStation(ctx, sys, &st); err != nil {
				return err
			}
		}
	}
	points, _, err := db.Points(ctx, city, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	for _, pt := range points {
		if p, ok := s.villageAt[pt.Region]; ok {
			pt.Lng, pt.Lat = p[0], p[1]
			if err := db.UpdatePoint(ctx, sys, &pt); err != nil {
				return err
			}
		}
	}
	// 河口街道's people in 双上村: all but every tenth have their home
	// recorded (the seed's distribution map, mapped on foot).
	rnd := rand.New(rand.NewPCG(963, 4))
	people, err := db.Beneficiaries(ctx, shuangbai.Scope{Code: HekouVillage}, shuangbai.BeneficiaryFilter{Limit: 500})
	if err != nil {
		return err
	}
	var homes []pos
	for i, b := range people {
		if i%10 == 9 {
			continue
		}
		p := spotIn(rnd, s.villages[HekouVillage], homes)
		homes = append(homes, p)
		if err := db.SetBeneficiaryLocation(ctx, sys, b.ID, p[1], p[0]); err != nil {
			return fmt.Errorf("%s %s: %w", b.Name, strconv.FormatInt(b.ID, 10), err)
		}
	}
	return nil
}
