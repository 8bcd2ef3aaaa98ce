package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestWorklist checks the three views: a worker's own cases in buckets, a
// station's cases by worker, and a county's stations with overdue rates.
func TestWorklist(t *testing.T) {
	t.Parallel()
	f := newCaseFixture(t)

	t.Run("worker", func(t *testing.T) {
		t.Parallel()
		res := f.as(t, ycWorker).get(t, "/worklist")
		expect(t, res, http.StatusOK, "逾期 1", "今天 1", "7天内 1", "已逾期", "今天到期", "本周到期（7天内）",
			"/beneficiaries/"+id(f.chen.ID)+"/visits/new?next=%2Fworklist", "我的", "全站")
		expectNot(t, res, "林伯", "李阿婆")
		body := res.Body.String()
		// Nearest first: overdue, then today, then later this week.
		if i, j, k := strings.Index(body, "陈志明"), strings.Index(body, "黄阿婆"), strings.Index(body, "张小红"); !(i >= 0 && i < j && j < k) {
			t.Errorf("order: 陈志明 %d, 黄阿婆 %d, 张小红 %d", i, j, k)
		}
		// The same worker's station view, and 404 for another county.
		res = f.as(t, ycWorker).get(t, "/worklist?view=station")
		expect(t, res, http.StatusOK, "陈云城", "在案 3 · 逾期 1（33%）", "未指定责任社工")
		expect(t, f.as(t, ycWorker).get(t, "/worklist?region=445381004"), http.StatusNotFound)
	})

	t.Run("lead", func(t *testing.T) {
		t.Parallel()
		res := f.as(t, ycLead).get(t, "/worklist")
		expect(t, res, http.StatusOK, "在案 4 户，逾期未探访", "陈云城", "在案 3 · 逾期 1（33%）", "未指定责任社工", "陈志明", "黄阿婆", "张小红")
		expectNot(t, res, "林伯", "李阿婆", "我的") // 林伯 is due next month
		expect(t, f.as(t, ycLead).get(t, "/worklist?view=mine"), http.StatusBadRequest, "未关联人员名册")
	})

	t.Run("county and city", func(t *testing.T) {
		t.Parallel()
		res := f.as(t, ycAdmin).get(t, "/worklist")
		expect(t, res, http.StatusOK, "云城区", "河口街道", `href="/worklist?region=445302003"`, "25%")
		expectNot(t, res, "双东", "陈志明")
		expect(t, f.as(t, ycAdmin).get(t, "/worklist?region=445302003"), http.StatusOK, "陈云城", "陈志明")
		res = f.as(t, cityAdmin).get(t, "/worklist")
		expect(t, res, http.StatusOK, "河口街道", "双东街道", "罗定市", "在案 5 户")
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
		decode(t, f.api(t, ycWorker).get(t, "/api/v1/worklist"), &out)
		if out.View != "mine" || len(out.Items) != 3 || out.Items[0].Name != "陈志明" || out.Items[0].Bucket != "overdue" ||
			out.Items[1].Bucket != "today" || out.Items[2].Bucket != "week" {
			t.Errorf("mine = %+v", out)
		}
		out.Items = nil
		decode(t, f.api(t, ycAdmin).get(t, "/api/v1/worklist?region=445302003"), &out)
		if out.View != "station" || len(out.Items) != 3 || len(out.ByWorker) != 2 {
			t.Errorf("station = %+v", out)
		}
		decode(t, f.api(t, cityAdmin).get(t, "/api/v1/worklist"), &out)
		if out.View != "county" || len(out.ByStation) != 2 {
			t.Errorf("county = %+v", out)
		}
	})
}

// TestWorklistPendingLowerings: a lead finds the lowerings waiting for her
// on the worklist instead of opening every file.
func TestWorklistPendingLowerings(t *testing.T) {
	f := newCaseFixture(t)
	chen := "/beneficiaries/" + id(f.chen.ID)
	expect(t, f.as(t, ycWorker).postForm(t, chen+"/level", url.Values{"level": {"4"}, "reason": {"情况稳定"}}), http.StatusSeeOther)
	expect(t, f.as(t, ycLead).get(t, "/worklist"), http.StatusOK, "待确认的降级申请", f.chen.Name, "情况稳定")
	expectNot(t, f.as(t, ycWorker).get(t, "/worklist"), "待确认的降级申请")
}

// TestAccessLogFilters: an admin finds one user's accesses; a typo in the
// number is said in words on the page, not as an error page.
func TestAccessLogFilters(t *testing.T) {
	f := newCaseFixture(t)
	expect(t, f.as(t, ycWorker).get(t, "/beneficiaries/"+id(f.chen.ID)), http.StatusOK)
	admin := f.as(t, ycAdmin)
	expect(t, admin.get(t, "/access-log?user="+ycWorker), http.StatusOK, f.chen.Name, "查看档案")
	expectNot(t, admin.get(t, "/access-log?user=nobody"), f.chen.Name)
	expect(t, admin.get(t, "/access-log?beneficiary=abc"), http.StatusOK, "服务对象编号应为数字")
}

func TestRosterTemplateDownload(t *testing.T) {
	f := newCaseFixture(t)
	res := f.as(t, ycWorker).get(t, "/beneficiaries/import/template.xlsx")
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || res.Body.Len() < 1000 {
		t.Fatalf("template: %d %s, %d bytes", res.Code, res.Header().Get("Content-Type"), res.Body.Len())
	}
	expect(t, f.as(t, ycWorker).get(t, "/beneficiaries/import"), http.StatusOK, "下载名册模板")
}
