package shuangbai

import (
	"fmt"
	"math"
	"time"
)

// MaxBoundaryFile is the largest boundary file accepted: a county's
// villages traced in detail are a few megabytes; 20 MB leaves room for a
// city's without letting one upload tie up the server.
const MaxBoundaryFile = 20 << 20

// Pos is a position as GeoJSON writes it: longitude, then latitude.
type Pos [2]float64

// Polygon is an outer ring followed by its holes; each ring is closed (its
// last position repeats its first).
type Polygon [][]Pos

// MultiPolygon is the shape of a region: one or more polygons (a town with
// an exclave has two).
type MultiPolygon []Polygon

// Boundary is the outline of one region, in WGS-84, uploaded by its bureau
// or generated as a schematic (示意图) for the demo.
type Boundary struct {
	Region     string
	Level      Level
	Shape      MultiPolygon
	Label      Pos    // where its name or count is drawn: Shape.LabelPoint
	Source     string // the file it came from
	SourceCRS  CRS    // what the file declared; Shape is converted to WGS-84
	Schematic  bool   // generated, not surveyed: the demo's
	UploadedBy string
	CreatedAt  time.Time
}

// BoundaryFeature is one feature of an uploaded file, read and checked and
// converted to WGS-84, before it is matched to a region.
type BoundaryFeature struct {
	Index int    // 1-based, in file order
	Code  string // the region code its properties give, cut to the level; "" if none
	Name  string // the name its properties give
	Shape MultiPolygon
}

// Label names the feature in an error message so the bureau can find it.
func (f BoundaryFeature) Label() string {
	switch {
	case f.Name != "" && f.Code != "":
		return fmt.Sprintf("第 %d 个要素（%s，%s）", f.Index, f.Name, f.Code)
	case f.Name != "":
		return fmt.Sprintf("第 %d 个要素（%s）", f.Index, f.Name)
	case f.Code != "":
		return fmt.Sprintf("第 %d 个要素（%s）", f.Index, f.Code)
	}
	return fmt.Sprintf("第 %d 个要素", f.Index)
}

// Bounds returns the smallest box holding m.
func (m MultiPolygon) Bounds() (minLng, minLat, maxLng, maxLat float64) {
	minLng, minLat, maxLng, maxLat = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range m {
		for _, r := range p {
			for _, q := range r {
				minLng, maxLng = math.Min(minLng, q[0]), math.Max(maxLng, q[0])
				minLat, maxLat = math.Min(minLat, q[1]), math.Max(maxLat, q[1])
			}
		}
	}
	return
}

// ringArea is the signed area of a closed ring (shoelace), positive when
// counter-clockwise, with its centroid.
func ringArea(r []Pos) (area, cx, cy float64) {
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		c := a[0]*b[1] - b[0]*a[1]
		area += c
		cx += (a[0] + b[0]) * c
		cy += (a[1] + b[1]) * c
	}
	area /= 2
	if area == 0 {
		return 0, r[0][0], r[0][1]
	}
	return area, cx / (6 * area), cy / (6 * area)
}

// LabelPoint is where a region's name or count is drawn: the centroid of
// its largest polygon's outer ring, or that ring's first vertex when the
// centroid falls outside it (a crescent-shaped town).
func (m MultiPolygon) LabelPoint() Pos {
	best, bestArea := Pos{}, -1.0
	for _, p := range m {
		if len(p) == 0 || len(p[0]) == 0 {
			continue
		}
		a, cx, cy := ringArea(p[0])
		if math.Abs(a) > bestArea {
			bestArea, best = math.Abs(a), Pos{cx, cy}
			if !InRing(p[0], best) {
				best = p[0][0]
			}
		}
	}
	return best
}

// InRing reports whether q lies inside the closed ring r (even–odd rule).
func InRing(r []Pos, q Pos) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > q[1]) != (b[1] > q[1]) && q[0] < (b[0]-a[0])*(q[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// Contains reports whether q lies inside m: inside an outer ring and in
// none of its holes.
func (m MultiPolygon) Contains(q Pos) bool {
	for _, p := range m {
		if len(p) == 0 || !InRing(p[0], q) {
			continue
		}
		hole := false
		for _, h := range p[1:] {
			if InRing(h, q) {
				hole = true
				break
			}
		}
		if !hole {
			return true
		}
	}
	return false
}
