package store_test

import (
	"testing"

	"shuangbai"
)

// TestStationNames: names are read by id inside scope only, each id once.
func TestStationNames(t *testing.T) {
	w := recruitFixture(t)
	ids := []int64{w.ycStation.ID, w.ldStation.ID, w.ycStation.ID, 0, 999999}
	for _, tt := range []struct {
		scope string
		want  map[int64]string
	}{
		{"4453", map[int64]string{w.ycStation.ID: "河口街道社工站", w.ldStation.ID: "双东街道社工站"}},
		{"445302", map[int64]string{w.ycStation.ID: "河口街道社工站"}},
		{"4452", map[int64]string{}},
	} {
		got, err := w.db.StationNames(t.Context(), shuangbai.Scope{Code: tt.scope}, ids)
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("%s: %v, %v; want %v", tt.scope, got, err, tt.want)
			continue
		}
		for id, name := range tt.want {
			if got[id] != name {
				t.Errorf("%s: %d = %q, want %q", tt.scope, id, got[id], name)
			}
		}
	}
}
