package ui

import (
	"strings"
	"testing"

	"shuangbai"
)

// menuText writes a menu as "label[entry entry*] label ...", the current
// entry starred, for comparing with a line.
func menuText(gs []MenuGroup) string {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 {
			b.WriteString(" | ")
		}
		if !g.Single() {
			b.WriteString(g.Label + ": ")
		}
		for j, e := range g.Entries {
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString(e.Label)
			if e.Current {
				b.WriteString("*")
			}
		}
	}
	return b.String()
}

func TestMenu(t *testing.T) {
	for _, tt := range []struct {
		name string
		user shuangbai.User
		nav  string
		want string
	}{
		{"a worker starts with her day", shuangbai.User{Role: shuangbai.RoleWorker, Region: "445302003", PersonID: 7}, "activity",
			"探访清单 | 离线探访 | 服务对象 | 个案服务: 政策找人 服务成效 跟进设置 | 站点工作: 站点计划 社区活动* 督导评估 培训登记 | 阵地与队伍: 区划浏览 社工站 社工点 人员 | 统计与简报: 建设进度表 服务地图 工作简报 | 检索"},
		{"a county officer", shuangbai.User{Role: shuangbai.RoleCountyAdmin, Region: "445302"}, "dashboard",
			"首页* | 个案服务: 探访清单 服务对象 政策找人 服务成效 跟进设置 | 站点工作: 站点计划 社区活动 督导评估 培训登记 | 阵地与队伍: 区划浏览 社工站 社工点 人员 招聘 | 统计与简报: 建设进度表 服务地图 工作简报 | 检索 | 系统管理: 操作日志 查阅记录"},
		{"the audit administrator sees no case work", shuangbai.User{Role: shuangbai.RoleAuditAdmin, Region: "4453"}, "access",
			"首页 | 站点工作: 培训登记 | 阵地与队伍: 区划浏览 社工站 社工点 人员 | 统计与简报: 建设进度表 服务地图 | 系统管理: 操作日志 查阅记录*"},
		{"the system administrator", shuangbai.User{Role: shuangbai.RoleSysAdmin, Region: "4453"}, "user",
			"首页 | 站点工作: 培训登记 | 阵地与队伍: 区划浏览 社工站 社工点 人员 | 统计与简报: 建设进度表 服务地图 | 系统管理: 账号管理*"},
		{"a disabled account sees none of what it may not", shuangbai.User{Role: shuangbai.RoleCityAdmin, Region: "4453", Disabled: true}, "",
			"首页 | 站点工作: 培训登记 | 阵地与队伍: 区划浏览 社工站 社工点 人员 | 统计与简报: 建设进度表 服务地图 | 检索"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.user
			got := menuText(view{User: &u, Nav: tt.nav}.Menu())
			if got != tt.want {
				t.Errorf("menu\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	if (view{}).Menu() != nil {
		t.Error("a page without a user has a menu")
	}
}
