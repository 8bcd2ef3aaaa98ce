package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// TestAlerts: a county admin who types a number filed in another county
// into the filing form is refused in neutral words; the other county's
// admins (and the city's) see a security alert naming who tried, on the
// home page and /alerts, and mark it dealt with. Nobody else reads or
// marks it.
func TestAlerts(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	number := webtest.IDNum("44538119600101004")
	if err := f.DB.FileBeneficiary(t.Context(), shuangbai.SystemUser, &shuangbai.Beneficiary{Region: "445381004001", Name: "罗定人", IDNumber: number, Level: 3}, nil); err != nil {
		t.Fatal(err)
	}
	probe := url.Values{"name": {"试探"}, "id_number": {number}, "region": {"445302003208"}, "household": {""}, "level": {"2"}, "phone": {"13700137000"}}
	res := f.As(t, webtest.YcAdmin).PostForm(t, "/beneficiaries", probe)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "该身份证号无法在此建档或导入")
	webtest.ExpectNot(t, res, "罗定")

	for _, tt := range []struct {
		user   string
		status int
		want   []string
	}{
		{webtest.LdAdmin, http.StatusOK, []string{"安全提醒", "1 条未处理", "yc.admin", "县级管理员", "云城区", "“建档”", "1 个已在本辖区建档的身份证号", "罗定市", "标记为已处理"}},
		{webtest.CityAdmin, http.StatusOK, []string{"yc.admin", "标记为已处理"}},
		{webtest.YcAdmin, http.StatusOK, []string{"没有安全提醒"}},
		{webtest.YcViewer, http.StatusForbidden, []string{"只有市级、县级管理员可以查看安全提醒"}},
		{webtest.CityAudit, http.StatusForbidden, nil},
	} {
		res := f.As(t, tt.user).Get(t, "/alerts")
		webtest.Expect(t, res, tt.status, tt.want...)
		webtest.ExpectNot(t, res, number, "13700137000", "试探")
	}
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, "/"), http.StatusOK, "安全提醒（1）")
	webtest.ExpectNot(t, f.As(t, webtest.YcAdmin).Get(t, "/"), "安全提醒")
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, "/alerts?before=x"), http.StatusBadRequest)

	m := regexp.MustCompile(`/alerts/(\d+)/read`).FindStringSubmatch(f.As(t, webtest.LdAdmin).Get(t, "/alerts").Body.String())
	if m == nil {
		t.Fatal("no form to mark the alert read")
	}
	read := "/alerts/" + m[1] + "/read"
	webtest.Expect(t, f.As(t, webtest.YcAdmin).PostForm(t, read, nil), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.YcViewer).PostForm(t, read, nil), http.StatusForbidden)
	webtest.Expect(t, f.As(t, webtest.LdAdmin).PostForm(t, read, nil), http.StatusSeeOther)
	res = f.As(t, webtest.CityAdmin).Get(t, "/alerts")
	webtest.Expect(t, res, http.StatusOK, "ld.admin 已于")
	webtest.ExpectNot(t, res, "标记为已处理", "条未处理")
	webtest.ExpectNot(t, f.As(t, webtest.CityAdmin).Get(t, "/"), "安全提醒（")
}
