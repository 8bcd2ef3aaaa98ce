package maps_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

type answer struct {
	People   bool `json:"people"`
	Features []struct {
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Counted []struct {
		Code string `json:"code"`
		Open int    `json:"open"`
	} `json:"counted"`
}

func (a answer) layer(name string) int {
	n := 0
	for _, f := range a.Features {
		if f.Properties["layer"] == name {
			n++
		}
	}
	return n
}

// mapOf reads the GeoJSON a map page carries.
func mapOf(t *testing.T, body string) (answer, string) {
	t.Helper()
	i := strings.Index(body, `data-map="`)
	if i < 0 {
		t.Fatalf("no data-map in the page")
	}
	raw := body[i+len(`data-map="`):]
	raw = raw[:strings.Index(raw, `"`)]
	raw = strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&#43;", "+").Replace(raw)
	var a answer
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatalf("data-map: %v", err)
	}
	return a, raw
}

// TestMapPeopleOnlyForTheirStation: the county admin's map — page and API,
// the county's and the town's — holds counts per region and not one
// beneficiary's coordinates, while 河口街道's social worker sees her
// located people one by one.
func TestMapPeopleOnlyForTheirStation(t *testing.T) {
	t.Parallel()
	f := webtest.Demo(t)
	worker := &shuangbai.User{Username: "hekou-sw", Role: shuangbai.RoleWorker, Region: "445302003"}
	people, err := f.DB.MapPeople(t.Context(), worker, worker.Scope(), shuangbai.MapFilter{})
	if err != nil || len(people) < 40 {
		t.Fatalf("the demo's located people: %d, %v", len(people), err)
	}

	sw := f.As(t, "hekou-sw")
	res := sw.Get(t, "/map")
	webtest.Expect(t, res, http.StatusOK, "服务地图", "示意图", "逐人标注")
	a, _ := mapOf(t, res.Body.String())
	if !a.People || a.layer("beneficiary") != len(people) {
		t.Errorf("her map: people %v, %d markers, want %d", a.People, a.layer("beneficiary"), len(people))
	}
	res = sw.Get(t, "/map?overdue=1&level=1")
	webtest.Expect(t, res, http.StatusOK)
	if od, _ := mapOf(t, res.Body.String()); od.layer("beneficiary") >= len(people) {
		t.Errorf("filtered: %d markers", od.layer("beneficiary"))
	}

	admin, api := f.As(t, "yuncheng-admin"), f.API(t, "yuncheng-admin")
	for _, path := range []string{"/map", "/map?region=445302003", "/map?region=445302003208", "/api/v1/map?region=445302003", "/api/v1/map?region=445302"} {
		c := admin
		if strings.HasPrefix(path, "/api/") {
			c = api
		}
		res := c.Get(t, path)
		webtest.Expect(t, res, http.StatusOK)
		body := res.Body.String()
		var a answer
		if strings.HasPrefix(path, "/api/") {
			if err := json.Unmarshal(res.Body.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
		} else {
			a, body = mapOf(t, body)
		}
		if a.People || a.layer("beneficiary") != 0 {
			t.Errorf("%s: the county admin got people markers", path)
		}
		for _, p := range people {
			if pair := fmt.Sprintf("%v,%v", p.Lng, p.Lat); strings.Contains(body, pair) {
				t.Fatalf("%s: %s's coordinates %s are in the county admin's map", path, p.Name, pair)
			}
			if strings.Contains(body, p.Name) {
				t.Fatalf("%s: %s is named in the county admin's map", path, p.Name)
			}
		}
		total := 0
		for _, c := range a.Counted {
			total += c.Open
		}
		if total == 0 {
			t.Errorf("%s: no counts", path)
		}
	}
	webtest.Expect(t, api.Get(t, "/api/v1/map?region=445302003&layer=beneficiary"), http.StatusForbidden, "按村统计")
}

// TestMapScope: a region out of scope is not found, on the page and in the
// API; bad parameters are 400; the three administrators see the stations
// but no counts.
func TestMapScope(t *testing.T) {
	t.Parallel()
	f := webtest.Demo(t)
	tests := []struct {
		user, path string
		status     int
		want       []string
	}{
		{"yuncheng-admin", "/map?region=445381", http.StatusNotFound, nil},
		{"yuncheng-admin", "/map?region=445381004", http.StatusNotFound, nil},
		{"yuncheng-admin", "/map?region=4453", http.StatusNotFound, nil},
		{"hekou-sw", "/map?region=445302", http.StatusNotFound, nil},
		{"hekou-sw", "/map?region=445302102", http.StatusNotFound, nil},
		{"yuncheng-admin", "/map?region=abc", http.StatusBadRequest, nil},
		{"yuncheng-admin", "/map?level=7", http.StatusBadRequest, nil},
		{"yuncheng-admin", "/map?group=nobody", http.StatusBadRequest, nil},
		{"yuncheng-admin", "/api/v1/map?region=445381", http.StatusNotFound, nil},
		{"yuncheng-admin", "/api/v1/map?layer=roads", http.StatusBadRequest, nil},
		{"yunfu-admin", "/map?region=445381", http.StatusOK, []string{"罗定市", "示意图"}},
		{"yunfu-leader", "/map?group=dibao", http.StatusOK, []string{"云城区"}},
		{"yunfu-auditor", "/map", http.StatusOK, []string{"社工站"}},
		{"yunfu-auditor", "/api/v1/map?layer=count", http.StatusForbidden, []string{"三员分立"}},
	}
	for _, tt := range tests {
		c := f.As(t, tt.user)
		if strings.HasPrefix(tt.path, "/api/") {
			c = f.API(t, tt.user)
		}
		webtest.Expect(t, c.Get(t, tt.path), tt.status, tt.want...)
	}
	res := f.As(t, "yunfu-auditor").Get(t, "/map")
	webtest.Expect(t, res, http.StatusOK)
	if a, _ := mapOf(t, res.Body.String()); a.layer("station") != 63 || a.layer("count") != 0 || strings.Contains(res.Body.String(), "在册服务对象") {
		t.Errorf("the auditor's map: %d stations, %d counts", a.layer("station"), a.layer("count"))
	}
}
