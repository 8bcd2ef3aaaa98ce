package casework_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai/web/webtest"
)

// TestWorklist checks the three views: a worker's own cases in buckets, a
// station's cases by worker, and a county's stations with overdue rates.
func TestWorklist(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)

	t.Run("worker", func(t *testing.T) {
		t.Parallel()
		res := f.As(t, webtest.YcWorker).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "逾期 1", "今天 1", "7天内 1", "已逾期", "今天到期", "本周到期（7天内）",
			"/beneficiaries/"+webtest.ID(f.Chen.ID)+"/visits/new?next=%2Fworklist", "我的", "全站")
		webtest.ExpectNot(t, res, "林伯", "李阿婆")
		body := res.Body.String()
		// Nearest first: overdue, then today, then later this week.
		if i, j, k := strings.Index(body, "陈志明"), strings.Index(body, "黄阿婆"), strings.Index(body, "张小红"); !(i >= 0 && i < j && j < k) {
			t.Errorf("order: 陈志明 %d, 黄阿婆 %d, 张小红 %d", i, j, k)
		}
		// The same worker's station view, and 404 for another county.
		res = f.As(t, webtest.YcWorker).Get(t, "/worklist?view=station")
		webtest.Expect(t, res, http.StatusOK, "陈云城", "在案 3 · 逾期 1（33%）", "未指定责任社工")
		webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/worklist?region=445381004"), http.StatusNotFound)
	})

	t.Run("lead", func(t *testing.T) {
		t.Parallel()
		res := f.As(t, webtest.YcLead).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "在案 4 户，逾期未探访", "陈云城", "在案 3 · 逾期 1（33%）", "未指定责任社工", "陈志明", "黄阿婆", "张小红")
		webtest.ExpectNot(t, res, "林伯", "李阿婆", "我的") // 林伯 is due next month
		webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/worklist?view=mine"), http.StatusBadRequest, "未关联人员名册")
	})

	t.Run("county and city", func(t *testing.T) {
		t.Parallel()
		res := f.As(t, webtest.YcAdmin).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "云城区", "河口街道", `href="/worklist?region=445302003"`, "25%")
		webtest.ExpectNot(t, res, "双东", "陈志明")
		webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, "/worklist?region=445302003"), http.StatusOK, "陈云城", "陈志明")
		res = f.As(t, webtest.CityAdmin).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "河口街道", "双东街道", "罗定市", "在案 5 户")
	})

	t.Run("api", func(t *testing.T) {
		t.Parallel()
		var out struct {
			View  string `json:"view"`
			Items []struct {
				Name   string `json:"name"`
				Bucket string `json:"bucket"`
			} `json:"items"`
			ByWorker []struct {
				Name    string `json:"name"`
				Open    int    `json:"open"`
				Overdue int    `json:"overdue"`
			} `json:"by_worker"`
			ByStation []struct {
				Key  string `json:"key"`
				Open int    `json:"open"`
			} `json:"by_station"`
		}
		webtest.Decode(t, f.API(t, webtest.YcWorker).Get(t, "/api/v1/worklist"), &out)
		if out.View != "mine" || len(out.Items) != 3 || out.Items[0].Name != "陈志明" || out.Items[0].Bucket != "overdue" ||
			out.Items[1].Bucket != "today" || out.Items[2].Bucket != "week" {
			t.Errorf("mine = %+v", out)
		}
		out.Items = nil
		webtest.Decode(t, f.API(t, webtest.YcAdmin).Get(t, "/api/v1/worklist?region=445302003"), &out)
		if out.View != "station" || len(out.Items) != 3 || len(out.ByWorker) != 2 {
			t.Errorf("station = %+v", out)
		}
		webtest.Decode(t, f.API(t, webtest.CityAdmin).Get(t, "/api/v1/worklist"), &out)
		if out.View != "county" || len(out.ByStation) != 2 {
			t.Errorf("county = %+v", out)
		}
	})
}

// TestWorklistPendingLowerings: a lead finds the lowerings waiting for her
// on the worklist instead of opening every file.
func TestWorklistPendingLowerings(t *testing.T) {
	f := webtest.NewCase(t)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, chen+"/level", url.Values{"level": {"4"}, "reason": {"情况稳定"}}), http.StatusSeeOther)
	webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/worklist"), http.StatusOK, "待确认的降级申请", f.Chen.Name, "情况稳定")
	webtest.ExpectNot(t, f.As(t, webtest.YcWorker).Get(t, "/worklist"), "待确认的降级申请")
}

// TestAccessLogFilters: an admin finds one user's accesses; a typo in the
// number is said in words on the page, not as an error page.
func TestAccessLogFilters(t *testing.T) {
	f := webtest.NewCase(t)
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/beneficiaries/"+webtest.ID(f.Chen.ID)), http.StatusOK)
	admin := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, admin.Get(t, "/access-log?user="+webtest.YcWorker), http.StatusOK, f.Chen.Name, "查看档案")
	webtest.ExpectNot(t, admin.Get(t, "/access-log?user=nobody"), f.Chen.Name)
	webtest.Expect(t, admin.Get(t, "/access-log?beneficiary=abc"), http.StatusOK, "服务对象编号应为数字")
}
