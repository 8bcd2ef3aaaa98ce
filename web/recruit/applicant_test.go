package recruit_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai/store"
	"shuangbai/web/webtest"
)

func TestApplicantForm(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := w.As(t, webtest.YcAdmin)
	good := url.Values{"post_id": {webtest.ID(w.ycPost.ID)}, "name": {"何一"}, "id_number": {idNumber(20)}, "phone": {"13912345678"},
		"education": {"college"}, "major": {"社会工作"}, "qualification": {"social_worker"}, "hukou": {"云浮市云城区"}}
	wrong := idNumber(21)
	wrong = wrong[:17] + map[bool]string{true: "0", false: "1"}[wrong[17] != '0']
	for _, tt := range []struct {
		name   string
		edit   url.Values
		status int
		want   string
	}{
		{"wrong check digit", url.Values{"id_number": {wrong}}, http.StatusUnprocessableEntity, "身份证号校验位不正确"},
		{"the same person again", url.Values{"id_number": {w.yc[0].IDNumber}}, http.StatusConflict, "每人只能报名一次"},
		{"no post", url.Values{"post_id": {""}}, http.StatusUnprocessableEntity, "请选择报考岗位"},
		{"a post of another county", url.Values{"post_id": {webtest.ID(w.ldPost.ID)}}, http.StatusUnprocessableEntity, "报考岗位不存在或不在您的管辖范围内"},
		{"a bad phone", url.Values{"phone": {"电话"}}, http.StatusUnprocessableEntity, "电话号码格式不正确"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, x := range good {
				v[k] = x
			}
			for k, x := range tt.edit {
				v[k] = x
			}
			webtest.Expect(t, c.PostForm(t, w.base()+"/applicants", v), tt.status, tt.want)
		})
	}
	res := c.PostForm(t, w.base()+"/applicants", good)
	webtest.Expect(t, res, http.StatusSeeOther)
	page := c.Get(t, res.Header().Get("Location"))
	webtest.Expect(t, page, http.StatusOK, "何一", "社会工作师", "年龄", "139****5678", "待审核")
	webtest.ExpectNot(t, page, "出生日期") // the birth date, the 户籍 and the last four would make the ID number
	webtest.ExpectNot(t, page, "13912345678", idNumber(20))
}

func TestApplicantReviewScoresMedical(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := w.As(t, webtest.YcAdmin)
	a := w.yc[0]
	page := w.base() + "/applicants/" + webtest.ID(a.ID)
	webtest.Expect(t, c.PostForm(t, page+"/review", url.Values{"review": {"rejected"}}), http.StatusUnprocessableEntity, "请填写审核不通过的原因")
	webtest.Expect(t, c.PostForm(t, page+"/review", url.Values{"review": {"rejected"}, "reject_reason": {"专业不符"}}), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, page+"/scores", url.Values{"written": {"80"}}), http.StatusUnprocessableEntity, "未通过资格审核")
	webtest.Expect(t, c.PostForm(t, page+"/review", url.Values{"review": {"eligible"}}), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, page+"/scores", url.Values{"written": {"100.5"}}), http.StatusUnprocessableEntity, "成绩应为 0 到 100 之间的数字")
	webtest.Expect(t, c.PostForm(t, page+"/scores", url.Values{"written": {"88.5"}, "interview": {"91"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, page), http.StatusOK, "88.5", "89.75", "岗位第 1 名")
	webtest.Expect(t, c.PostForm(t, w.base()+"/applicants/"+webtest.ID(w.yc[1].ID)+"/medical", url.Values{"medical": {"pass"}}),
		http.StatusUnprocessableEntity, "未入围体检")
	webtest.Expect(t, c.PostForm(t, page+"/medical", url.Values{"medical": {"pass"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, page), http.StatusOK, "列入拟聘用人员名单")
	// The viewer reads, and cannot change.
	v := w.As(t, webtest.YcViewer)
	body := v.Get(t, page)
	webtest.Expect(t, body, http.StatusOK, "88.5")
	webtest.ExpectNot(t, body, "保存成绩", "查看完整号码")
	webtest.Expect(t, v.PostForm(t, page+"/scores", url.Values{"written": {"1"}}), http.StatusForbidden)
}

func TestApplicantReveal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := w.As(t, webtest.YcAdmin)
	a := w.yc[0]
	page := w.base() + "/applicants/" + webtest.ID(a.ID)
	webtest.Expect(t, c.PostForm(t, page+"/reveal", url.Values{"reason": {" "}}), http.StatusUnprocessableEntity, "请填写查看完整号码的理由")
	res := c.PostForm(t, page+"/reveal", url.Values{"reason": {"通知体检"}})
	webtest.Expect(t, res, http.StatusOK, a.IDNumber, a.Phone, "仅显示这一次")
	log, _ := w.DB.AccessLogBy(t.Context(), webtest.AdminScope, store.AccessFilter{ApplicantID: a.ID})
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+":"+e.Reason)
	}
	if strings.Join(actions, ",") != "reveal:通知体检,view:" {
		t.Errorf("access log %v: the reveal, after the view of the refused form", actions)
	}
	webtest.Expect(t, w.As(t, webtest.YcViewer).PostForm(t, page+"/reveal", url.Values{"reason": {"看看"}}), http.StatusForbidden)
	// The page lists who looked, for those who read the logs.
	webtest.Expect(t, c.Get(t, page), http.StatusOK, "查阅记录", "通知体检")
}
