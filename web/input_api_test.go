package web_test

import (
	"maps"
	"net/http"
	"testing"

	"shuangbai/web/webtest"
)

// set returns a copy of body with field set to value.
func set(body map[string]any, field string, value any) map[string]any {
	c := maps.Clone(body)
	c[field] = value
	return c
}

// TestBadAPIInput sends each weak input to the API: a 422 naming the field
// with its message in Chinese, or a 400 for a number JSON cannot put in the
// field's type; nothing saved either way. Then the bodies the bad ones were
// made from are accepted.
func TestBadAPIInput(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	id := webtest.ID
	station := map[string]any{"region": "445302102", "name": "腰古镇社工站", "status": "planned"}
	person := map[string]any{"region": "445302003", "name": "新社工", "gender": "女", "role": "worker", "phone": "13700137000"}
	ben := map[string]any{"region": "445302003208", "name": "新人", "gender": "男", "birth": "1960-01-01", "level": 2, "new_household_head": "新人"}
	app := map[string]any{"beneficiary_id": f.Huang.ID, "kind": "medical", "status": "preparing", "prepared_on": "2021-08-01", "amount": 1500}
	visit := map[string]any{"beneficiary_id": f.Huang.ID, "on": "2021-08-09", "kind": "home", "findings": "身体状况稳定"}
	level := map[string]any{"level": 1, "reason": "病情加重"}

	adm, sw := webtest.YcAdmin, webtest.YcWorker
	zhangLevel := "/api/v1/beneficiaries/" + id(f.Zhang.ID) + "/level"
	for _, tt := range []struct {
		name, user, method, path string
		body                     any
		status                   int
		want                     []string
	}{
		{"station name zero-width", adm, "POST", "/api/v1/stations", set(station, "name", "\u200b"), 422, []string{`"name"`, "零宽字符"}},
		{"station name BOM", adm, "POST", "/api/v1/stations", set(station, "name", "\ufeff腰古镇社工站"), 422, []string{`"name"`, "字节顺序标记"}},
		{"station lat 91", adm, "POST", "/api/v1/stations", set(set(station, "lat", 91), "lng", 112), 422, []string{`"lat"`, "纬度应在"}},
		{"station lat 1e400", adm, "POST", "/api/v1/stations", `{"region":"445302102","name":"腰古镇社工站","status":"planned","lat":1e400}`, 400, []string{`"lat"`}},
		{"station built 9999", adm, "POST", "/api/v1/stations", set(set(station, "status", "built"), "built_on", "9999-12-31"), 422, []string{`"built_on"`}},
		{"station patch name RTL", adm, "PATCH", "/api/v1/stations/" + id(f.YcStation.ID), map[string]any{"name": "\u202e站"}, 422, []string{`"name"`, "改变文字方向"}},
		{"point patch address NUL", adm, "PATCH", "/api/v1/points/" + id(f.YcPoint.ID), map[string]any{"office_address": "村委\x00会"}, 422, []string{`"office_address"`, "控制字符"}},
		{"person name BOM", adm, "POST", "/api/v1/people", set(person, "name", "\ufeff新社工"), 422, []string{`"name"`, "字节顺序标记"}},
		{"person name dots", adm, "POST", "/api/v1/people", set(person, "name", "..."), 422, []string{`"name"`, "应包含文字或数字"}},
		{"beneficiary name zero-width", sw, "POST", "/api/v1/beneficiaries", set(ben, "name", "\u2060"), 422, []string{`"name"`, "零宽字符"}},
		{"beneficiary born 1800", sw, "POST", "/api/v1/beneficiaries", set(ben, "birth", "1800-01-01"), 422, []string{`"birth"`, "不能早于 1900 年"}},
		{"household head BOM", sw, "POST", "/api/v1/beneficiaries", set(ben, "new_household_head", "\ufeff新人"), 422, []string{`"head_name"`, "字节顺序标记"}},
		{"beneficiary patch name NUL", sw, "PATCH", "/api/v1/beneficiaries/" + id(f.Lin.ID), map[string]any{"name": "林\x00伯"}, 422, []string{`"name"`, "控制字符"}},
		{"application amount int64 max", sw, "POST", "/api/v1/applications", `{"beneficiary_id":` + id(f.Huang.ID) +
			`,"kind":"medical","status":"preparing","prepared_on":"2021-08-01","amount":9223372036854775807}`, 422, []string{`"amount"`, "金额不能超过一万亿元"}},
		{"application amount 1e30", sw, "POST", "/api/v1/applications", `{"beneficiary_id":` + id(f.Huang.ID) +
			`,"kind":"medical","status":"preparing","prepared_on":"2021-08-01","amount":1e30}`, 400, []string{`"amount"`}},
		{"application note isolate", sw, "POST", "/api/v1/applications", set(app, "note", "\u2068备注\u2069"), 422, []string{`"note"`, "改变文字方向"}},
		{"visit findings RTL", sw, "POST", "/api/v1/visits", set(visit, "findings", "情况\u202e稳定"), 422, []string{`"findings"`, "改变文字方向"}},
		{"visit on 1800", sw, "POST", "/api/v1/visits", set(visit, "on", "1800-01-01"), 422, []string{`"on"`, "不能早于 1900 年"}},
		{"level reason BOM", sw, "POST", zhangLevel, set(level, "reason", "\ufeff病情加重"), 422, []string{`"reason"`, "字节顺序标记"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := f.API(t, tt.user)
			before := snapshot(t, f)
			webtest.Expect(t, c.JSON(t, tt.method, tt.path, tt.body), tt.status, tt.want...)
			if after := snapshot(t, f); after != before {
				t.Errorf("a refused body saved something:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
	if t.Failed() {
		return
	}
	for _, tt := range []struct {
		user, method, path string
		body               any
		status             int
	}{
		{adm, "POST", "/api/v1/stations", set(set(station, "lat", 22.9), "lng", 112.0), http.StatusCreated},
		{adm, "POST", "/api/v1/people", person, http.StatusCreated},
		{sw, "POST", "/api/v1/beneficiaries", ben, http.StatusCreated},
		{sw, "POST", "/api/v1/applications", app, http.StatusCreated},
		{sw, "POST", "/api/v1/visits", visit, http.StatusCreated},
		{sw, "POST", zhangLevel, level, http.StatusOK},
	} {
		if res := f.API(t, tt.user).JSON(t, tt.method, tt.path, tt.body); res.Code != tt.status {
			t.Errorf("good body %s %s: status %d, want %d\n%.1500s", tt.method, tt.path, res.Code, tt.status, res.Body)
		}
	}
}
