package shuangbai

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// The property names a boundary file may carry a region's code and name
// under: our own, AMap's (adcode), and the land survey's (XZQDM, XZQMC).
var (
	codeKeys = []string{"code", "region", "adcode", "区划代码", "xzqdm", "gb"}
	nameKeys = []string{"name", "名称", "xzqmc"}
)

// BoundaryError refuses a whole file with the reason, shown next to the
// file field of the upload form and in the API's answer.
func BoundaryError(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EINVALID, Message: "边界文件未导入，原有边界未改动：" + msg, Fields: map[string]string{"file": msg}}
}

type gjGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

type gjFeature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   *gjGeometry    `json:"geometry"`
}

// ParseBoundaries reads a GeoJSON file of regions at one level — a
// FeatureCollection, or a single Feature, of Polygons and MultiPolygons in
// longitude and latitude — checks every ring, and converts the positions
// from crs to WGS-84. It refuses the whole file at the first problem, naming
// the feature: nothing of a bad file is half stored.
func ParseBoundaries(data []byte, crs CRS, level Level) ([]BoundaryFeature, error) {
	if !crs.Valid() {
		return nil, BoundaryError("请选择文件的坐标系（WGS-84 或 GCJ-02）")
	}
	if level < LevelCounty || level > LevelVillage {
		return nil, BoundaryError("请选择边界的级别（县、乡镇或村）")
	}
	if len(data) > MaxBoundaryFile {
		return nil, BoundaryError("文件超过 %d MB", MaxBoundaryFile>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM from Windows tools
	var top struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, BoundaryError("不是有效的 GeoJSON 文件（%s）", jsonProblem(err))
	}
	raws := top.Features
	switch top.Type {
	case "FeatureCollection":
	case "Feature":
		raws = []json.RawMessage{data}
	default:
		return nil, BoundaryError("不是有效的 GeoJSON 文件：最外层应为 FeatureCollection，而不是 %q", clip(top.Type, 30))
	}
	if len(raws) == 0 {
		return nil, BoundaryError("文件中没有任何要素")
	}
	out := make([]BoundaryFeature, 0, len(raws))
	for i, raw := range raws {
		f, err := parseFeature(raw, i+1, level)
		if err != nil {
			return nil, err
		}
		if crs == CRSGCJ02 {
			f.Shape = convert(f.Shape, GCJ02ToWGS84)
		}
		out = append(out, f)
	}
	return out, nil
}

// jsonProblem says where a JSON syntax error is, without Go's wording.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("第 %d 个字节处格式错误", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("字段 %s 的类型不对", clip(te.Field, 40))
	}
	return "格式错误"
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func parseFeature(raw json.RawMessage, index int, level Level) (BoundaryFeature, error) {
	f := BoundaryFeature{Index: index}
	var gf gjFeature
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&gf); err != nil || gf.Type != "Feature" {
		return f, BoundaryError("%s不是有效的 GeoJSON 要素（Feature）", f.Label())
	}
	f.Code, f.Name = property(gf.Properties, codeKeys), clip(property(gf.Properties, nameKeys), 50)
	if f.Code != "" {
		code, ok := codeAt(f.Code, level)
		if !ok {
			f.Code = clip(f.Code, 20)
			return f, BoundaryError("%s的区划代码不是%s级代码（应为 %d 位数字）", f.Label(), level, levelLen[level])
		}
		f.Code = code
	}
	if f.Code == "" && f.Name == "" {
		return f, BoundaryError("%s没有区划代码（属性 code）或名称（属性 name），无法对应到区划", f.Label())
	}
	if gf.Geometry == nil {
		return f, BoundaryError("%s没有几何图形", f.Label())
	}
	var err error
	switch gf.Geometry.Type {
	case "Polygon":
		var p [][][]float64
		if err = json.Unmarshal(gf.Geometry.Coordinates, &p); err == nil {
			var poly Polygon
			if poly, err = checkPolygon(p); err == nil {
				f.Shape = MultiPolygon{poly}
			}
		}
	case "MultiPolygon":
		var mp [][][][]float64
		if err = json.Unmarshal(gf.Geometry.Coordinates, &mp); err == nil {
			if len(mp) == 0 {
				err = fmt.Errorf("多边形为空")
			}
			for _, p := range mp {
				var poly Polygon
				if poly, err = checkPolygon(p); err != nil {
					break
				}
				f.Shape = append(f.Shape, poly)
			}
		}
	default:
		return f, BoundaryError("%s的几何类型是 %q，区划边界应为 Polygon 或 MultiPolygon", f.Label(), clip(gf.Geometry.Type, 30))
	}
	if err != nil {
		var pe *polygonError
		if !errors.As(err, &pe) {
			return f, BoundaryError("%s的坐标格式错误", f.Label())
		}
		return f, BoundaryError("%s：%s", f.Label(), pe.msg)
	}
	return f, nil
}

// property returns the first of keys the properties carry (any case), as
// text: codes come as strings or as numbers.
func property(props map[string]any, keys []string) string {
	for _, k := range keys {
		for pk, v := range props {
			if !strings.EqualFold(pk, k) {
				continue
			}
			switch v := v.(type) {
			case string:
				return strings.TrimSpace(v)
			case json.Number:
				return v.String()
			}
		}
	}
	return ""
}

// codeAt cuts a code to level: the statistics bureau writes every code in
// 12 digits (a county as 445302000000), AMap a county's in 6.
func codeAt(code string, level Level) (string, bool) {
	n := levelLen[level]
	for _, c := range code {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	if len(code) < n {
		return "", false
	}
	if strings.Trim(code[n:], "0") != "" {
		return "", false
	}
	return code[:n], true
}

type polygonError struct{ msg string }

func (e *polygonError) Error() string { return e.msg }

func polyErr(format string, args ...any) error { return &polygonError{fmt.Sprintf(format, args...)} }

// checkPolygon checks the rings of one polygon: closed, at least a
// triangle, positions in longitude and latitude inside China, no ring
// crossing itself.
func checkPolygon(p [][][]float64) (Polygon, error) {
	if len(p) == 0 {
		return nil, polyErr("多边形没有环")
	}
	out := make(Polygon, 0, len(p))
	for ri, r := range p {
		which := "外环"
		if ri > 0 {
			which = fmt.Sprintf("第 %d 个内环", ri)
		}
		if len(r) < 4 {
			return nil, polyErr("%s只有 %d 个顶点，闭合的环至少要 4 个（首尾相同）", which, len(r))
		}
		ring := make([]Pos, 0, len(r))
		for _, q := range r {
			if len(q) < 2 {
				return nil, polyErr("%s有缺少经度或纬度的坐标", which)
			}
			lng, lat := q[0], q[1]
			if math.IsNaN(lng) || math.IsNaN(lat) || lat < 3 || lat > 54 || lng < 73 || lng > 136 {
				return nil, polyErr("%s的坐标 (%g, %g) 不是中国境内的经纬度；请导出为经纬度（WGS-84 或 GCJ-02），经度在前", which, lng, lat)
			}
			if n := len(ring); n > 0 && ring[n-1] == (Pos{lng, lat}) {
				continue // a repeated vertex, as some tools write: harmless
			}
			ring = append(ring, Pos{lng, lat})
		}
		first, last := r[0], r[len(r)-1]
		if first[0] != last[0] || first[1] != last[1] {
			return nil, polyErr("%s未闭合：最后一个坐标应与第一个相同", which)
		}
		if len(ring) < 4 {
			return nil, polyErr("%s去掉重复点后不足 3 个不同的顶点", which)
		}
		if a, b, ok := selfIntersection(ring); ok {
			return nil, polyErr("%s自相交：第 %d 条边与第 %d 条边交叉（约在 %.5f, %.5f）", which, a+1, b+1, ring[a][0], ring[a][1])
		}
		out = append(out, ring)
	}
	return out, nil
}

// selfIntersection finds two edges of a closed ring that meet other than
// where neighbours share a vertex. Edges are swept in order of their west
// end, so only edges whose longitudes overlap are compared: a village ring
// of thousands of vertices is checked in milliseconds, not in n².
func selfIntersection(r []Pos) (int, int, bool) {
	n := len(r) - 1 // edges: r[i] → r[i+1]
	type edge struct {
		i          int
		minX, maxX float64
	}
	es := make([]edge, n)
	for i := range n {
		es[i] = edge{i, math.Min(r[i][0], r[i+1][0]), math.Max(r[i][0], r[i+1][0])}
	}
	sort.Slice(es, func(a, b int) bool { return es[a].minX < es[b].minX })
	var active []edge
	for _, e := range es {
		keep := active[:0]
		for _, a := range active {
			if a.maxX >= e.minX {
				keep = append(keep, a)
			}
		}
		active = keep
		for _, a := range active {
			i, j := min(a.i, e.i), max(a.i, e.i)
			if j == i+1 || i == 0 && j == n-1 {
				continue // neighbours share a vertex
			}
			if segmentsMeet(r[i], r[i+1], r[j], r[j+1]) {
				return i, j, true
			}
		}
		active = append(active, e)
	}
	return 0, 0, false
}

func orient(a, b, c Pos) float64 { return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]) }

func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// onSegment reports whether c, collinear with a–b, lies within its box.
func onSegment(a, b, c Pos) bool {
	return math.Min(a[0], b[0]) <= c[0] && c[0] <= math.Max(a[0], b[0]) && math.Min(a[1], b[1]) <= c[1] && c[1] <= math.Max(a[1], b[1])
}

// segmentsMeet reports whether segments p1–p2 and q1–q2 cross or touch.
func segmentsMeet(p1, p2, q1, q2 Pos) bool {
	d1, d2 := sign(orient(q1, q2, p1)), sign(orient(q1, q2, p2))
	d3, d4 := sign(orient(p1, p2, q1)), sign(orient(p1, p2, q2))
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	return d1 == 0 && onSegment(q1, q2, p1) || d2 == 0 && onSegment(q1, q2, p2) ||
		d3 == 0 && onSegment(p1, p2, q1) || d4 == 0 && onSegment(p1, p2, q2)
}

// convert maps every position of m through f, rounded to 1e-6° (~0.1 m).
func convert(m MultiPolygon, f func(lng, lat float64) (float64, float64)) MultiPolygon {
	out := make(MultiPolygon, len(m))
	for i, p := range m {
		out[i] = make(Polygon, len(p))
		for j, r := range p {
			out[i][j] = make([]Pos, len(r))
			for k, q := range r {
				lng, lat := f(q[0], q[1])
				out[i][j][k] = Pos{Round6(lng), Round6(lat)}
			}
		}
	}
	return out
}

// Round6 rounds a coordinate to six decimals, about 0.1 m.
func Round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
