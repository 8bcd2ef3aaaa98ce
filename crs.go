package shuangbai

import "math"

// CRS is the coordinate system a boundary file is drawn in. Phones' GPS
// and 天地图 give WGS-84; AMap, Tencent and most boundaries traced from
// Chinese web maps are in GCJ-02, offset from WGS-84 by up to ~700 m. The
// store keeps everything in WGS-84, so an uploaded GCJ-02 file is converted
// on the way in and GPS points land in the right village.
type CRS string

// The coordinate systems a boundary file may declare.
const (
	CRSWGS84 CRS = "wgs84"
	CRSGCJ02 CRS = "gcj02"
)

// CRSs lists them with their Chinese names, in form order.
var CRSs = []struct {
	CRS  CRS
	Name string
}{
	{CRSWGS84, "WGS-84（GPS、天地图、国家标准数据）"},
	{CRSGCJ02, "GCJ-02（高德、腾讯地图导出的数据）"},
}

// Valid reports whether c is a known coordinate system.
func (c CRS) Valid() bool { return c == CRSWGS84 || c == CRSGCJ02 }

// The constants of the GCJ-02 offset (the Krasovsky ellipsoid), as the
// well-known formulas and gcoord 1.0.7 use them.
const (
	gcjA  = 6378245.0
	gcjEE = 0.006693421622965823
)

// inChinaBox is gcoord's rough box: outside it GCJ-02 equals WGS-84.
func inChinaBox(lng, lat float64) bool {
	return lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271
}

func gcjLat(x, y float64) float64 {
	r := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	r += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	r += (20*math.Sin(y*math.Pi) + 40*math.Sin(y/3*math.Pi)) * 2 / 3
	r += (160*math.Sin(y/12*math.Pi) + 320*math.Sin(y*math.Pi/30)) * 2 / 3
	return r
}

func gcjLng(x, y float64) float64 {
	r := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	r += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	r += (20*math.Sin(x*math.Pi) + 40*math.Sin(x/3*math.Pi)) * 2 / 3
	r += (150*math.Sin(x/12*math.Pi) + 300*math.Sin(x/30*math.Pi)) * 2 / 3
	return r
}

// WGS84ToGCJ02 offsets a WGS-84 point into GCJ-02.
func WGS84ToGCJ02(lng, lat float64) (float64, float64) {
	if !inChinaBox(lng, lat) {
		return lng, lat
	}
	dLng, dLat := gcjLng(lng-105, lat-35), gcjLat(lng-105, lat-35)
	rad := lat / 180 * math.Pi
	magic := math.Sin(rad)
	magic = 1 - gcjEE*magic*magic
	sq := math.Sqrt(magic)
	dLng = dLng * 180 / (gcjA / sq * math.Cos(rad) * math.Pi)
	dLat = dLat * 180 / (gcjA * (1 - gcjEE) / (magic * sq) * math.Pi)
	return lng + dLng, lat + dLat
}

// GCJ02ToWGS84 undoes the offset. It has no closed form: like gcoord, it
// steps back by the offset until the point maps onto the given one within
// 1e-6° (~0.1 m); the offset is smooth, so this takes a handful of steps.
// The steps are capped, so a point where it does not settle (never seen
// inside China) still returns.
func GCJ02ToWGS84(lng, lat float64) (float64, float64) {
	if !inChinaBox(lng, lat) {
		return lng, lat
	}
	wl, wt := lng, lat
	for range 30 {
		gl, gt := WGS84ToGCJ02(wl, wt)
		dx, dy := gl-lng, gt-lat
		if math.Abs(dx) <= 1e-6 && math.Abs(dy) <= 1e-6 {
			break
		}
		wl, wt = wl-dx, wt-dy
	}
	return wl, wt
}
