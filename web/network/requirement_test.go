package network_test

import (
	"net/http"
	"net/url"
	"shuangbai/web/webtest"
	"testing"

	"shuangbai"
)

func TestRequirements(t *testing.T) {
	f := webtest.New(t)
	yc := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, yc.Get(t, "/requirements"), http.StatusOK, "云城区", "按县级方案调整")
	webtest.ExpectNot(t, yc.Get(t, "/requirements"), "罗定市")

	tests := []struct {
		name   string
		user   string
		county string
		form   url.Values
		status int
		want   string
	}{
		{"no reason", webtest.YcAdmin, "445302", url.Values{"stations": {"9"}}, http.StatusUnprocessableEntity, "调整应建数量须说明理由"},
		{"negative", webtest.YcAdmin, "445302", url.Values{"stations": {"-1"}, "reason": {"x"}}, http.StatusUnprocessableEntity, "请填写不小于 0 的整数"},
		{"another county", webtest.YcAdmin, "445381", url.Values{"stations": {"3"}, "reason": {"x"}}, http.StatusNotFound, "不在您的管辖范围内"},
		{"viewer", webtest.YcViewer, "445302", url.Values{"stations": {"3"}, "reason": {"x"}}, http.StatusForbidden, ""},
		{"ok", webtest.YcAdmin, "445302", url.Values{"stations": {"9"}, "reason": {"云城府〔2021〕12号"}}, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.As(t, tt.user).PostForm(t, "/requirements/"+tt.county, tt.form)
			webtest.Expect(t, res, tt.status, tt.want)
		})
	}
	reqs, err := f.DB.Requirements(t.Context(), shuangbai.Scope{Code: "4453"})
	if err != nil || len(reqs) != 1 || *reqs["445302"].Stations != 9 {
		t.Fatalf("stored overrides = %+v, %v", reqs, err)
	}
	webtest.Expect(t, yc.Get(t, "/requirements"), http.StatusOK, "云城府〔2021〕12号")
}
