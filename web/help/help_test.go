package help_test

import (
	"net/http"
	"testing"

	"shuangbai/web/help"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, help.Pages) }

// TestGuide: every role opens the guide at its own section, which names
// where its work is; anyone not logged in is sent to log in.
func TestGuide(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	for _, tt := range []struct {
		user, role, want string
	}{
		{webtest.CityAdmin, "city_admin", "建设进度表"},
		{webtest.YcWorker, "worker", "登记探访"},
		{webtest.YcLead, "station_lead", "等待您确认的降级申请"},
		{webtest.YcViewer, "viewer", "不能修改任何数据"},
		{webtest.CitySys, "sys_admin", "重置密码"},
		{webtest.CitySec, "sec_admin", "解锁"},
		{webtest.CityAudit, "audit_admin", "校验日志链"},
	} {
		t.Run(tt.user, func(t *testing.T) {
			res := f.As(t, tt.user).Get(t, "/help")
			webtest.Expect(t, res, http.StatusOK, `<details id="role-`+tt.role+`" open>`, "（您的角色）", tt.want, "常见问题", "下载名册模板")
		})
	}
	webtest.Expect(t, f.As(t, webtest.CityAdmin).Get(t, "/help"), http.StatusOK, "任命总督导", "列出社工站")
	webtest.Expect(t, f.Anon().Get(t, "/help"), http.StatusSeeOther)
}
