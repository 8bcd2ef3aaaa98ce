package web

import (
	"net/http"
	"net/url"
	"sync"
	"testing"

	"shuangbai"
)

func TestRequirements(t *testing.T) {
	f := newFixture(t)
	yc := f.as(t, ycAdmin)
	expect(t, yc.get(t, "/requirements"), http.StatusOK, "云城区", "按县级方案调整")
	expectNot(t, yc.get(t, "/requirements"), "罗定市")

	tests := []struct {
		name   string
		user   string
		county string
		form   url.Values
		status int
		want   string
	}{
		{"no reason", ycAdmin, "445302", url.Values{"stations": {"9"}}, http.StatusUnprocessableEntity, "调整应建数量须说明理由"},
		{"negative", ycAdmin, "445302", url.Values{"stations": {"-1"}, "reason": {"x"}}, http.StatusUnprocessableEntity, "请填写不小于 0 的整数"},
		{"another county", ycAdmin, "445381", url.Values{"stations": {"3"}, "reason": {"x"}}, http.StatusNotFound, "不在您的管辖范围内"},
		{"viewer", ycViewer, "445302", url.Values{"stations": {"3"}, "reason": {"x"}}, http.StatusForbidden, ""},
		{"ok", ycAdmin, "445302", url.Values{"stations": {"9"}, "reason": {"云城府〔2021〕12号"}}, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.as(t, tt.user).postForm(t, "/requirements/"+tt.county, tt.form)
			expect(t, res, tt.status, tt.want)
		})
	}
	reqs, err := f.db.Requirements(t.Context(), shuangbai.Scope{Code: "4453"})
	if err != nil || len(reqs) != 1 || *reqs["445302"].Stations != 9 {
		t.Fatalf("stored overrides = %+v, %v", reqs, err)
	}
	expect(t, yc.get(t, "/requirements"), http.StatusOK, "云城府〔2021〕12号")
}

// TestLoginThrottleParallel: parallel guesses are counted before they are
// checked, so no more than the limit get a password check.
func TestLoginThrottleParallel(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := f.anon().postForm(t, "/login", url.Values{"username": {ycAdmin}, "password": {"wrong-password"}})
			mu.Lock()
			codes[res.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusUnauthorized] > 5 || codes[http.StatusTooManyRequests] < 25 {
		t.Fatalf("30 parallel wrong logins: %v; want at most 5 checked (401), the rest 429", codes)
	}
}

func TestAuditChangesCaseWork(t *testing.T) {
	got := auditChanges(`{"Kind":"old_age","Status":"preparing","Amount":0}`, `{"Kind":"old_age","Status":"approved","Amount":100}`)
	found := map[string]auditChange{}
	for _, c := range got {
		found[c.Field] = c
	}
	if c := found["状态"]; c.Before != "准备中" || c.After != "已批准" {
		t.Errorf("application status: %+v", got)
	}
	if c, ok := found["金额（元）"]; !ok || c.After != "100" {
		t.Errorf("amount: %+v", got)
	}
	groups := auditChanges(`{"groups":["left_behind"],"level":2}`, `{"groups":["left_behind","children"],"level":1}`)
	for _, c := range groups {
		if c.Field == "类别" && c.After != "留守儿童、儿童" || c.Field == "跟进级别" && c.After != "一级" {
			t.Errorf("case-work change %+v", c)
		}
	}
	if len(groups) != 2 {
		t.Errorf("changes = %+v", groups)
	}
}
