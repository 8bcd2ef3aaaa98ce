package maps_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

func sq(lng, lat, d float64) string {
	return fmt.Sprintf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", lng-d, lat-d, lng+d, lat-d, lng+d, lat+d, lng-d, lat+d, lng-d, lat-d)
}

func geojson(features ...string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`)
}

func town(props, ring string) string {
	return fmt.Sprintf(`{"type":"Feature","properties":%s,"geometry":{"type":"Polygon","coordinates":[%s]}}`, props, ring)
}

// TestBoundaryUpload: a county admin replaces her towns' boundaries in one
// go; a file that is not GeoJSON, too large, with an unclosed or
// self-intersecting ring, or with a feature matching no region of hers, is
// refused with the reason and the first offending feature, and nothing is
// replaced. Viewers and workers cannot upload.
func TestBoundaryUpload(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, "/map/boundaries"), http.StatusOK, "边界管理", "还没有边界")
	good := geojson(town(`{"code":"445302003000","name":"河口街道"}`, sq(112.05, 22.92, 0.02)), town(`{"name":"腰古镇"}`, sq(112.1, 22.85, 0.03)))
	res := yc.Upload(t, "/map/boundaries", "yc-towns.geojson", good, "level", "town", "crs", "gcj02")
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.Code, res.Body)
	}
	webtest.Expect(t, yc.Get(t, "/map/boundaries"), http.StatusOK, "yc-towns.geojson", "乡镇（街道）")
	stored := func() int {
		bs, err := f.DB.Boundaries(t.Context(), shuangbai.Scope{Code: "4453"}, shuangbai.LevelTown)
		if err != nil {
			t.Fatal(err)
		}
		return len(bs)
	}
	if stored() != 2 {
		t.Fatalf("stored %d", stored())
	}
	// The town map now draws the two towns.
	res = yc.Get(t, "/map?region=445302")
	webtest.Expect(t, res, http.StatusOK)
	if a, _ := mapOf(t, res.Body.String()); a.layer("boundary") != 2 {
		t.Errorf("boundaries on the county map: %d", a.layer("boundary"))
	}

	bad := []struct {
		name  string
		data  []byte
		level string
		want  string
	}{
		{"not GeoJSON", []byte("<kml></kml>"), "town", "不是有效的 GeoJSON"},
		{"unclosed", geojson(town(`{"code":"445302003"}`, sq(112, 22.9, 0.01)), town(`{"name":"腰古镇"}`, "[[112,22.9],[112.1,22.9],[112.1,23],[112,23]]")), "town", "第 2 个要素（腰古镇）：外环未闭合"},
		{"self-intersecting", geojson(town(`{"name":"河口街道"}`, "[[112,22.9],[112.1,23],[112.1,22.9],[112,23],[112,22.9]]")), "town", "第 1 个要素（河口街道）：外环自相交"},
		{"no region of hers", geojson(town(`{"code":"445302003"}`, sq(112, 22.9, 0.01)), town(`{"code":"445381004","name":"双东街道"}`, sq(111.5, 22.7, 0.01))), "town", "第 2 个要素（双东街道，445381004）的区划代码 445381004 不是您管辖范围内"},
		{"too large", make([]byte, shuangbai.MaxBoundaryFile+10), "town", "文件超过 20 MB"},
		{"no level", good, "", "请选择县、乡镇或村"},
	}
	for _, tt := range bad {
		res := yc.Upload(t, "/map/boundaries", "bad.geojson", tt.data, "level", tt.level, "crs", "wgs84")
		webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want, "原有边界未改动")
		if stored() != 2 {
			t.Fatalf("%s: boundaries changed: %d", tt.name, stored())
		}
	}
	// The API: the same check and replacement, with the file as the body.
	api := f.API(t, webtest.YcAdmin)
	webtest.Expect(t, api.PostBody(t, "/api/v1/boundaries?level=town&crs=wgs84", "application/geo+json", geojson(town(`{"code":"445302003"}`, sq(112, 22.9, 0.01)))),
		http.StatusOK, `"stored":1`, `"replaced":2`)
	webtest.Expect(t, api.PostBody(t, "/api/v1/boundaries?level=village&crs=wgs84", "application/json", geojson(town(`{"name":"双东社区居委会"}`, sq(112, 22.9, 0.01)))),
		http.StatusUnprocessableEntity, "第 1 个要素（双东社区居委会）的名称在您管辖范围内")
	if stored() != 1 {
		t.Fatalf("after the API: %d", stored())
	}
	// Only the bureau's admins upload; 罗定市's admin does not see 云城区's.
	webtest.Expect(t, f.As(t, webtest.YcViewer).Upload(t, "/map/boundaries", "x.geojson", good, "level", "town", "crs", "wgs84"), http.StatusForbidden)
	webtest.Expect(t, f.As(t, webtest.YcViewer).Get(t, "/map/boundaries"), http.StatusForbidden)
	webtest.Expect(t, f.API(t, webtest.YcViewer).PostBody(t, "/api/v1/boundaries?level=town&crs=wgs84", "application/json", good), http.StatusForbidden)
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, "/map/boundaries"), http.StatusOK, "还没有边界")
}
