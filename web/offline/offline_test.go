package offline_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/web/offline"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, offline.Pages) }

func post(c *webtest.Client, path, key, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

type bundle struct {
	UserID int64  `json:"user_id"`
	Key    string `json:"key"`
	Cases  []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		IDMasked string `json:"id_masked"`
		Visits   []struct {
			On string `json:"on"`
		} `json:"visits"`
	} `json:"cases"`
}

// TestBundleScope: the bundle holds the worker's own open cases and nothing
// of anyone else's, numbers masked; accounts without cases of their own get
// none.
func TestBundleScope(t *testing.T) {
	f := webtest.NewCase(t)
	res := f.As(t, webtest.YcWorker).Get(t, "/offline/api/bundle")
	webtest.Expect(t, res, http.StatusOK, "陈志明", "黄阿婆", "张小红")
	webtest.ExpectNot(t, res, "林伯", "李阿婆", f.Chen.IDNumber, "13800138001", "1996-05-12")
	var b bundle
	webtest.Decode(t, res, &b)
	if len(b.Cases) != 3 || len(b.Key) != 64 {
		t.Fatalf("bundle: %d cases, key %q", len(b.Cases), b.Key)
	}
	for _, c := range b.Cases {
		if c.Name == "陈志明" && (c.IDMasked == "" || len(c.Visits) != 1) {
			t.Errorf("陈志明 in the bundle: %+v", c)
		}
	}
	if l, err := f.DB.AccessLog(t.Context(), shuangbai.Scope{Code: "4453"}, f.Chen.ID, 0, 0); err != nil || !strings.Contains(l[0].Detail, "离线包") {
		t.Errorf("the bundle was not logged as a view: %+v %v", l, err)
	}
	for _, tt := range []struct {
		user   string
		status int
	}{
		{webtest.YcLead, http.StatusForbidden},   // no roster entry: no cases of her own
		{webtest.YcAdmin, http.StatusForbidden},  // county admin
		{webtest.CitySys, http.StatusForbidden},  // the three administrators read no files
		{webtest.YcViewer, http.StatusForbidden}, // viewer
	} {
		webtest.Expect(t, f.As(t, tt.user).Get(t, "/offline/api/bundle"), tt.status)
	}
	webtest.Expect(t, f.Anon().Get(t, "/offline/api/bundle"), http.StatusUnauthorized, `"error"`)
}

func TestVisitSync(t *testing.T) {
	f := webtest.NewCase(t)
	ld := &shuangbai.User{Username: "ld.sw", Name: "罗定社工", Role: shuangbai.RoleWorker, Region: "445381004", PersonID: f.LdPerson.ID}
	if err := f.DB.CreateUser(t.Context(), shuangbai.SystemUser, ld, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	yc, other := f.As(t, webtest.YcWorker), f.As(t, "ld.sw")
	const k1 = "3f2b8c1e-0d4a-4b6e-9a1f-2c3d4e5f6a7b"
	visit := func(id int64, on string) string {
		return `{"beneficiary_id":` + webtest.ID(id) + `,"on":"` + on + `","kind":"home","services":["精神慰藉"],"findings":"离线登记"}`
	}
	first := post(yc, "/offline/api/visits", k1, visit(f.Chen.ID, "2021-08-08"))
	webtest.Expect(t, first, http.StatusCreated, `"id"`)
	tests := []struct {
		name   string
		c      *webtest.Client
		key    string
		body   string
		status int
		want   string
		header []string
	}{
		{"replay: the first answer", yc, k1, visit(f.Chen.ID, "2021-08-08"), http.StatusOK, "", nil},
		{"replay with other spacing", yc, k1, strings.ReplaceAll(visit(f.Chen.ID, "2021-08-08"), ",", " , "), http.StatusOK, "", nil},
		{"tampered: same key, another day", yc, k1, visit(f.Chen.ID, "2021-08-07"), http.StatusConflict, "内容不同", nil},
		{"foreign key", other, k1, visit(f.Li.ID, "2021-08-08"), http.StatusForbidden, "其他账号", nil},
		{"no key", yc, "", visit(f.Chen.ID, "2021-08-08"), http.StatusBadRequest, "Idempotency-Key", nil},
		{"key not a UUID", yc, "1; DROP TABLE visits", visit(f.Chen.ID, "2021-08-08"), http.StatusBadRequest, "UUID", nil},
		{"dated in the future", yc, "3f2b8c1e-0d4a-4b6e-9a1f-000000000002", visit(f.Chen.ID, "2021-08-10"), http.StatusUnprocessableEntity, "", nil},
		{"a case without her as worker", yc, "3f2b8c1e-0d4a-4b6e-9a1f-000000000003", visit(f.Lin.ID, "2021-08-08"), http.StatusConflict, "不由您负责", nil},
		{"another county's case", yc, "3f2b8c1e-0d4a-4b6e-9a1f-000000000004", visit(f.Li.ID, "2021-08-08"), http.StatusUnprocessableEntity, "不在您的管辖范围", nil},
		{"unknown field", yc, "3f2b8c1e-0d4a-4b6e-9a1f-000000000005", `{"beneficiary_id":1,"x":1}`, http.StatusBadRequest, "未知字段", nil},
		{"from another site", yc, "3f2b8c1e-0d4a-4b6e-9a1f-000000000006", visit(f.Chen.ID, "2021-08-08"), http.StatusForbidden, "", []string{"Sec-Fetch-Site", "cross-site"}},
		{"viewer", f.As(t, webtest.YcViewer), "3f2b8c1e-0d4a-4b6e-9a1f-000000000007", visit(f.Chen.ID, "2021-08-08"), http.StatusForbidden, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := post(tt.c, "/offline/api/visits", tt.key, tt.body, tt.header...)
			webtest.Expect(t, res, tt.status, tt.want)
			if tt.status == http.StatusOK {
				if res.Body.String() != first.Body.String() || res.Header().Get("Idempotent-Replayed") != "true" {
					t.Errorf("replay answered %s, first %s", res.Body.String(), first.Body.String())
				}
			}
		})
	}
	vs, err := f.DB.Visits(t.Context(), shuangbai.Scope{Code: "4453"}, f.Chen.ID, 50)
	if err != nil || len(vs) != 2 { // the fixture's and the one sent
		t.Errorf("陈志明 has %d visits: %v", len(vs), err)
	}
	// Closed on the server while the phone was offline: refused, with why.
	if err := f.DB.CloseCase(t.Context(), shuangbai.SystemUser, f.Huang.ID, "迁往外地"); err != nil {
		t.Fatal(err)
	}
	res := post(yc, "/offline/api/visits", "3f2b8c1e-0d4a-4b6e-9a1f-000000000008", visit(f.Huang.ID, "2021-08-08"))
	webtest.Expect(t, res, http.StatusConflict, "已于", "迁往外地")
}

func TestFieldsConflict(t *testing.T) {
	f := webtest.NewCase(t)
	yc := f.As(t, webtest.YcWorker)
	// Someone at the station changes the address while the phone is offline.
	lead := *f.Zhang
	lead.Address = "新址 1 号"
	if err := f.DB.UpdateBeneficiary(t.Context(), shuangbai.SystemUser, &lead, nil); err != nil {
		t.Fatal(err)
	}
	res := post(yc, "/offline/api/cases/"+webtest.ID(f.Zhang.ID)+"/fields", "", `{"base":{"address":"","disability":""},"set":{"address":"旧址 2 号","disability":"视力三级"}}`)
	webtest.Expect(t, res, http.StatusOK)
	var out struct {
		Applied   []string
		Conflicts []struct{ Field, Base, Mine, Theirs string }
	}
	json.Unmarshal(res.Body.Bytes(), &out)
	if len(out.Applied) != 1 || out.Applied[0] != "disability" || len(out.Conflicts) != 1 || out.Conflicts[0].Theirs != "新址 1 号" || out.Conflicts[0].Mine != "旧址 2 号" {
		t.Fatalf("answer %s", res.Body.String())
	}
	webtest.Expect(t, post(yc, "/offline/api/cases/"+webtest.ID(f.Li.ID)+"/fields", "", `{"base":{"address":""},"set":{"address":"x"}}`), http.StatusNotFound)
	webtest.Expect(t, post(yc, "/offline/api/cases/x/fields", "", `{}`), http.StatusNotFound)
}

func TestAppFiles(t *testing.T) {
	f := webtest.NewCase(t)
	yc := f.As(t, webtest.YcWorker)
	webtest.Expect(t, yc.Get(t, "/offline/"), http.StatusOK, "离线探访", "/offline/manifest.webmanifest", "offline/app.js")
	webtest.Expect(t, yc.Get(t, "/worklist"), http.StatusOK, `href="/offline/"`)
	webtest.Expect(t, f.As(t, webtest.CitySys).Get(t, "/offline/"), http.StatusForbidden)
	sw := f.Anon().Get(t, "/offline/sw.js")
	webtest.Expect(t, sw, http.StatusOK, "addEventListener('fetch'")
	if sw.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(sw.Header().Get("Content-Type"), "javascript") {
		t.Errorf("sw.js headers %v", sw.Header())
	}
	m := f.Anon().Get(t, "/offline/manifest.webmanifest")
	webtest.Expect(t, m, http.StatusOK, `"start_url":"/offline/"`, "icon-192.png")
	// Logging out clears the phone's storage.
	res := yc.PostForm(t, "/logout", nil)
	if res.Header().Get("Clear-Site-Data") == "" {
		t.Error("logout does not clear the site's storage")
	}
}

// TestVisitBatch: each visit of a batch is answered as it would be alone,
// a refusal does not hold back the others, and a batch sent again records
// nothing twice.
func TestVisitBatch(t *testing.T) {
	f := webtest.NewCase(t)
	yc := f.As(t, webtest.YcWorker)
	item := func(key string, id int64, on string) string {
		return `{"key":"` + key + `","visit":{"beneficiary_id":` + webtest.ID(id) + `,"on":"` + on + `","kind":"home","services":["精神慰藉"],"findings":"批量"}}`
	}
	body := `{"items":[` + item("11111111-1111-4111-8111-111111111111", f.Chen.ID, "2021-08-08") + "," +
		item("11111111-1111-4111-8111-222222222222", f.Chen.ID, "2099-01-01") + "," +
		item("not-a-key", f.Chen.ID, "2021-08-08") + "," +
		item("11111111-1111-4111-8111-333333333333", f.Lin.ID, "2021-08-08") + `]}`
	for round, want := range [][]int{{201, 422, 400, 409}, {200, 422, 400, 409}} {
		res := post(yc, "/offline/api/visits/batch", "", body)
		webtest.Expect(t, res, http.StatusOK)
		var out struct{ Results []struct{ Status int } }
		json.Unmarshal(res.Body.Bytes(), &out)
		var got []int
		for _, r := range out.Results {
			got = append(got, r.Status)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("round %d: statuses %v, want %v", round, got, want)
		}
	}
	if vs, _ := f.DB.Visits(t.Context(), shuangbai.Scope{Code: "4453"}, f.Chen.ID, 50); len(vs) != 2 {
		t.Errorf("陈志明 has %d visits, want 2", len(vs))
	}
	webtest.Expect(t, post(yc, "/offline/api/visits/batch", "", `{"items":[]}`), http.StatusBadRequest)
}

// TestPasswordDueStopsApp: a worker whose password must be changed gets
// nothing from the app's endpoints until she changes it on the web, as
// every page sends her to the change first.
func TestPasswordDueStopsApp(t *testing.T) {
	f := webtest.NewCase(t)
	u := &shuangbai.User{Username: "yc.new", Name: "新社工", Role: shuangbai.RoleWorker, Region: "445302003",
		PersonID: f.YcPerson.ID, MustChangePassword: true}
	if err := f.DB.CreateUser(t.Context(), shuangbai.SystemUser, u, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	c := f.As(t, "yc.new")
	webtest.Expect(t, c.Get(t, "/offline/api/bundle"), http.StatusForbidden, "修改密码")
	webtest.ExpectNot(t, c.Get(t, "/offline/api/bundle"), "陈志明")
}
