package shuangbai

import (
	"math"
	"testing"
)

// TestGCJ02 checks both directions against pairs computed with gcoord
// 1.0.7 (the JavaScript reference): transform(p, WGS84, GCJ02) and back.
func TestGCJ02(t *testing.T) {
	tests := []struct {
		name           string
		lng, lat       float64 // the input
		gcjLng, gcjLat float64 // WGS84ToGCJ02(input)
		wgsLng, wgsLat float64 // GCJ02ToWGS84(input)
	}{
		{"云城", 112.0444, 22.9152, 112.0497202824194, 22.912542146746894, 112.03909195621512, 22.917869198671877},
		{"北京", 116.397428, 39.90923, 116.40367162595768, 39.91063350638631, 116.39118683763206, 39.90782876528027},
		{"罗定", 111.57, 22.77, 111.57500448194969, 22.76699366633049, 111.5649893613234, 22.772998604017765},
		{"上海", 121.4737, 31.2304, 121.47822305927693, 31.22845773757727, 121.46916230821292, 31.23232927151486},
		{"广州", 113.2644, 23.1291, 113.26972959210308, 23.126423339922844, 113.25907324217373, 23.13177798126891},
		{"巴黎（不偏移）", 2.35, 48.85, 2.35, 48.85, 2.35, 48.85},
	}
	for _, tt := range tests {
		gl, gt := WGS84ToGCJ02(tt.lng, tt.lat)
		if math.Abs(gl-tt.gcjLng) > 1e-9 || math.Abs(gt-tt.gcjLat) > 1e-9 {
			t.Errorf("%s: WGS84ToGCJ02 = %v, %v; want %v, %v", tt.name, gl, gt, tt.gcjLng, tt.gcjLat)
		}
		wl, wt := GCJ02ToWGS84(tt.lng, tt.lat)
		if math.Abs(wl-tt.wgsLng) > 1e-7 || math.Abs(wt-tt.wgsLat) > 1e-7 {
			t.Errorf("%s: GCJ02ToWGS84 = %v, %v; want %v, %v", tt.name, wl, wt, tt.wgsLng, tt.wgsLat)
		}
		// Round trip: back within the iteration's tolerance.
		bl, bt := GCJ02ToWGS84(gl, gt)
		if math.Abs(bl-tt.lng) > 2e-6 || math.Abs(bt-tt.lat) > 2e-6 {
			t.Errorf("%s: round trip = %v, %v", tt.name, bl, bt)
		}
	}
	if l, t2 := GCJ02ToWGS84(math.NaN(), 22); !math.IsNaN(l) || t2 != 22 {
		t.Errorf("NaN: %v %v", l, t2)
	}
}
