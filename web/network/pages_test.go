package network_test

import (
	"net/http"
	"testing"

	"shuangbai/web/network"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a page template of package network
// was never rendered.
func TestMain(m *testing.M) { webtest.Main(m, network.Pages) }

// TestPages renders the read-only pages for a city admin and checks what a
// reader should find on each.
func TestPages(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.CityAdmin)
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/", []string{"云浮市社工站（点）建设情况", "按县（市、区）统计", "云城区", "罗定市", "<td>2</td>", "尚未建立社工站的乡镇（街道）", "腰古镇"}},
		{"/regions/4453", []string{"广东省", "云城区", "罗定市", "下辖县（市、区）"}},
		{"/regions/445381", []string{"双东街道社工站", "罗平农场", "不设"}},
		{"/regions/445302003", []string{"云浮市", "云城区", "河口街道社工站", "双上村社工点", "本乡镇（街道）社工站"}},
		{"/regions/445302102201", []string{"尚未设立社工点", "/points/new?region=445302102201"}},
		{"/regions", nil},
		{"/stations?status=built&q=街道", []string{"河口街道社工站", "双东街道社工站", "全部配备"}},
		{"/stations/" + webtest.ID(f.YcStation.ID), []string{"河口街道社工站", "今日在岗人员（1 人）", "陈云城", "138****8000", "双上村社工点", "全部配备"}},
		{"/points?region=445381", []string{"双东社区社工点", "罗定市"}},
		{"/points/" + webtest.ID(f.LdPoint.ID), []string{"双东社区社工点", "双东街道社工站", "今日在岗人员（0 人）"}},
		{"/staff", []string{"陈云城", "罗定人", "云城区 / 河口街道"}},
		{"/staff/" + webtest.ID(f.LdPerson.ID), []string{"罗定人", "双东街道社工站", "2021年8月1日", "13900139000"}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res := c.Get(t, tt.path)
			if tt.want == nil {
				webtest.Expect(t, res, http.StatusSeeOther)
				return
			}
			webtest.Expect(t, res, http.StatusOK, tt.want...)
			webtest.Expect(t, res, http.StatusOK, "退出登录", "市级管理员", "云浮市")
		})
	}

	t.Run("bad parameters", func(t *testing.T) {
		t.Parallel()
		for _, path := range []string{"/stations?page=0", "/stations?status=x", "/points?region=abc"} {
			webtest.Expect(t, c.Get(t, path), http.StatusBadRequest, "请求有误")
		}
		for _, path := range []string{"/stations/0", "/stations/x", "/points/999", "/staff/999", "/regions/999999"} {
			webtest.Expect(t, c.Get(t, path), http.StatusNotFound)
		}
	})
}
