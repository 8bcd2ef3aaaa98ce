package shuangbai

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// square is a closed ring around (lng, lat) of half-width d, as GeoJSON.
func square(lng, lat, d float64) string {
	return fmt.Sprintf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", lng-d, lat-d, lng+d, lat-d, lng+d, lat+d, lng-d, lat+d, lng-d, lat-d)
}

func feature(props, geomType, coords string) string {
	return fmt.Sprintf(`{"type":"Feature","properties":%s,"geometry":{"type":%q,"coordinates":%s}}`, props, geomType, coords)
}

func collection(fs ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`
}

func TestParseBoundaries(t *testing.T) {
	ok := feature(`{"code":"445302003","name":"河口街道"}`, "Polygon", "["+square(112.05, 22.92, 0.02)+"]")
	tests := []struct {
		name  string
		data  string
		level Level
		want  string // "" for success, else a part of the error
	}{
		{"one town", collection(ok), LevelTown, ""},
		{"a single feature", ok, LevelTown, ""},
		{"12-digit code cut to the town", collection(feature(`{"code":"445302003000"}`, "Polygon", "["+square(112, 22.9, 0.01)+"]")), LevelTown, ""},
		{"numeric adcode", collection(feature(`{"adcode":445302,"name":"云城区"}`, "Polygon", "["+square(112, 22.9, 0.1)+"]")), LevelCounty, ""},
		{"multipolygon with a hole", collection(feature(`{"name":"双上村"}`, "MultiPolygon",
			"[["+square(112, 22.9, 0.02)+","+square(112, 22.9, 0.005)+"],["+square(112.1, 22.9, 0.01)+"]]")), LevelVillage, ""},
		{"not JSON", `{"type":`, LevelTown, "不是有效的 GeoJSON"},
		{"not a collection", `{"type":"Topology"}`, LevelTown, "FeatureCollection"},
		{"empty", collection(), LevelTown, "没有任何要素"},
		{"unclosed ring", collection(ok, feature(`{"code":"445302004","name":"高峰街道"}`, "Polygon",
			"[[[112,22.9],[112.1,22.9],[112.1,23],[112,23]]]")), LevelTown, "第 2 个要素（高峰街道，445302004）：外环未闭合"},
		{"bow tie", collection(feature(`{"name":"甲村"}`, "Polygon",
			"[[[112,22.9],[112.1,23],[112.1,22.9],[112,23],[112,22.9]]]")), LevelVillage, "第 1 个要素（甲村）：外环自相交"},
		{"hole crossing itself", collection(feature(`{"name":"乙村"}`, "Polygon",
			"["+square(112, 22.9, 0.1)+",[[112,22.9],[112.01,22.91],[112.01,22.9],[112,22.91],[112,22.9]]]")), LevelVillage, "第 1 个内环自相交"},
		{"too few vertices", collection(feature(`{"name":"丙村"}`, "Polygon", "[[[112,22.9],[112.1,23],[112,22.9]]]")), LevelVillage, "只有 3 个顶点"},
		{"projected metres", collection(feature(`{"name":"丁村"}`, "Polygon", "["+square(12470000, 2620000, 100)+"]")), LevelVillage, "不是中国境内的经纬度"},
		{"a point", collection(feature(`{"name":"戊村"}`, "Point", "[112,22.9]")), LevelVillage, "应为 Polygon 或 MultiPolygon"},
		{"no code nor name", collection(feature(`{}`, "Polygon", "["+square(112, 22.9, 0.01)+"]")), LevelTown, "第 1 个要素没有区划代码"},
		{"code of another level", collection(feature(`{"code":"445302"}`, "Polygon", "["+square(112, 22.9, 0.01)+"]")), LevelTown, "不是乡镇（街道）级代码"},
		{"strings as coordinates", collection(feature(`{"name":"己村"}`, "Polygon", `[[["a","b"]]]`)), LevelVillage, "坐标格式错误"},
		{"too large", strings.Repeat(" ", MaxBoundaryFile+1), LevelTown, "超过 20 MB"},
	}
	for _, tt := range tests {
		fs, err := ParseBoundaries([]byte(tt.data), CRSWGS84, tt.level)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want == "" && len(fs) == 0:
			t.Errorf("%s: no features", tt.name)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		case tt.want != "" && ErrorCode(err) != EINVALID:
			t.Errorf("%s: code %s", tt.name, ErrorCode(err))
		}
	}
}

// TestParseBoundariesGCJ02: a file declared GCJ-02 is stored in WGS-84, so
// a phone's GPS fix at the WGS-84 position of a place falls inside the
// outline traced around that place on an AMap-based map.
func TestParseBoundariesGCJ02(t *testing.T) {
	home := Pos{112.0444, 22.9152} // WGS-84, as a phone records it
	gl, gt := WGS84ToGCJ02(home[0], home[1])
	// A small outline around the place as traced in GCJ-02: 0.002° (≈ 200
	// m) wide, smaller than the offset (≈ 600 m here).
	data := collection(feature(`{"name":"双上村"}`, "Polygon", "["+square(gl, gt, 0.002)+"]"))
	wgs, err := ParseBoundaries([]byte(data), CRSWGS84, LevelVillage)
	if err != nil {
		t.Fatal(err)
	}
	if wgs[0].Shape.Contains(home) {
		t.Fatal("taken as WGS-84, the GCJ-02 outline should miss the GPS point: the test cannot tell")
	}
	gcj, err := ParseBoundaries([]byte(data), CRSGCJ02, LevelVillage)
	if err != nil {
		t.Fatal(err)
	}
	if !gcj[0].Shape.Contains(home) {
		t.Errorf("converted from GCJ-02, the outline should hold the GPS point: %v", gcj[0].Shape)
	}
	if lp := gcj[0].Shape.LabelPoint(); math.Abs(lp[0]-home[0]) > 1e-5 || math.Abs(lp[1]-home[1]) > 1e-5 {
		t.Errorf("label point %v, want near %v", lp, home)
	}
}

func TestSelfIntersectionLarge(t *testing.T) {
	// A circle of 20,000 vertices: checked quickly, and found clean; then
	// with one vertex pulled across the ring, found crossing.
	n := 20000
	ring := make([]Pos, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, Pos{112 + 0.1*math.Cos(a), 23 + 0.1*math.Sin(a)})
	}
	ring = append(ring, ring[0])
	if _, _, bad := selfIntersection(ring); bad {
		t.Fatal("circle reported as self-intersecting")
	}
	ring[n/2] = Pos{112.2, 23}
	if _, _, bad := selfIntersection(ring); !bad {
		t.Fatal("pulled vertex not found")
	}
}

// FuzzParseBoundaries: no input makes the parser panic, and whatever it
// accepts is closed rings of positions inside China.
func FuzzParseBoundaries(f *testing.F) {
	f.Add([]byte(collection(feature(`{"code":"445302003"}`, "Polygon", "["+square(112.05, 22.92, 0.02)+"]"))), uint8(4))
	f.Add([]byte(collection(feature(`{"name":"x"}`, "MultiPolygon", "[[[[112,22.9],[112.1,23],[112.1,22.9],[112,23],[112,22.9]]]]"))), uint8(5))
	f.Add([]byte(`{"type":"Feature","properties":null,"geometry":null}`), uint8(3))
	f.Add([]byte(`{"type":"FeatureCollection","features":[null,1,"x"]}`), uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, lv uint8) {
		for _, crs := range []CRS{CRSWGS84, CRSGCJ02} {
			fs, err := ParseBoundaries(data, crs, Level(lv%7))
			if err != nil {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("error code %s: %v", ErrorCode(err), err)
				}
				continue
			}
			for _, bf := range fs {
				if bf.Code == "" && bf.Name == "" {
					t.Fatal("feature with neither code nor name accepted")
				}
				for _, p := range bf.Shape {
					for _, r := range p {
						if len(r) < 4 || r[0] != r[len(r)-1] {
							t.Fatalf("ring not closed: %v", r)
						}
					}
				}
			}
		}
	})
}
