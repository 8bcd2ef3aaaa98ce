package recruit_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// TestCampaignPages walks a city admin through the campaign's pages.
func TestCampaignPages(t *testing.T) {
	w := newWorld(t)
	w.scored(t)
	c := w.As(t, webtest.CityAdmin)
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/campaigns", []string{"2021年云浮市“双百工程”社工公开招聘", "云浮市", "新建招聘"}},
		{"/campaigns/new", []string{"新建招聘", "笔试成绩占比", "考务工作推进会"}},
		{w.base(), []string{"做好试卷保密工作", "制定应急预案", "河口街道社工站社工", "云城区 / 河口街道", "签约时选定", "面试 1:3，体检 1:1", "添加岗位", "入围体检"}},
		{w.base() + "/edit", []string{"修改招聘", `value="2021-08-01"`}},
		{w.base() + "/applicants", []string{"林小燕", "尾号", "139****0001", "审核通过"}},
		{w.base() + "/applicants/new", []string{"登记报名", "YC-01 河口街道社工站社工"}},
		{w.base() + "/ranking", []string{"综合成绩相同按笔试成绩排名", "87.50", "陈明"}},
		{w.base() + "/stats", []string{"按县（市、区）", "罗定市", "合计", "人岗比"}},
		{w.base() + "/sign", []string{"拟聘用 2 人", "陈明", "罗芳", "签约所选人员"}},
		{w.base() + "/scores/import", []string{"上传考试成绩表", "下载成绩表模板"}},
		{"/supervisors", []string{"督导及负责的社工站"}},
		{"/records", []string{"人员档案", "陈云城"}},
		{"/records/" + webtest.ID(w.YcPerson.ID), []string{"陈云城", "工作经历", "河口街道社工站", "培训学时"}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			webtest.Expect(t, c.Get(t, tt.path), http.StatusOK, tt.want...)
		})
	}
	// The menu has 招聘 for the admin and the viewer, not for a worker's roles.
	webtest.Expect(t, c.Get(t, "/"), http.StatusOK, `<a href="/campaigns"`)
	webtest.ExpectNot(t, w.As(t, webtest.CitySys).Get(t, "/"), `<a href="/campaigns"`)
}

func TestCampaignCreateAndEdit(t *testing.T) {
	w := newWorld(t)
	c := w.As(t, webtest.YcAdmin)
	form := url.Values{"title": {"2022年云城区督导招聘"}, "year": {"2022"}, "region": {"445302"}, "kind": {"supervisor"},
		"written_weight": {"0"}, "interview_ratio": {"0"}, "medical_ratio": {"1"}, "interview_on": {"2022-07-23"}}
	res := c.PostForm(t, "/campaigns", form)
	webtest.Expect(t, res, http.StatusSeeOther)
	loc := res.Header().Get("Location")
	webtest.Expect(t, c.Get(t, loc), http.StatusOK, "2022年云城区督导招聘", "参加笔试者全部入围面试")

	for _, tt := range []struct {
		name  string
		edit  url.Values
		field string
	}{
		{"no title", url.Values{"title": {""}}, "请填写招聘名称"},
		{"interview before the exam", url.Values{"written_weight": {"50"}, "exam_on": {"2022-08-01"}, "interview_on": {"2022-07-01"}}, "面试日期不能早于笔试"},
		{"a ratio that is not a number", url.Values{"medical_ratio": {"一比一"}}, "比例应写成每个名额对应的人数"},
		{"organiser outside", url.Values{"region": {"445381"}}, "组织单位不在您的管辖范围内"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, x := range form {
				v[k] = x
			}
			for k, x := range tt.edit {
				v[k] = x
			}
			webtest.Expect(t, c.PostForm(t, "/campaigns", v), http.StatusUnprocessableEntity, tt.field, "填写的内容有误")
		})
	}
	// Editing keeps the organiser; the city's campaign is the city's to edit.
	v := campaignForm(w.c)
	v.Set("title", "改过的名称")
	webtest.Expect(t, c.PostForm(t, w.base(), v), http.StatusForbidden, "上级民政部门组织")
	webtest.Expect(t, w.As(t, webtest.CityAdmin).PostForm(t, w.base(), v), http.StatusSeeOther)
	got, _ := w.DB.Campaign(t.Context(), webtest.AdminScope, w.c.ID)
	if got.Title != "改过的名称" || got.Region != "4453" {
		t.Errorf("after edit %+v", got)
	}
}

func campaignForm(c *shuangbai.Campaign) url.Values {
	v := url.Values{"title": {c.Title}, "year": {"2021"}, "written_weight": {"50"}, "interview_ratio": {"3"}, "medical_ratio": {"1"}}
	for _, m := range c.Milestones() {
		v.Set(m.Field, m.On.String())
	}
	return v
}

func TestPostsAndTasks(t *testing.T) {
	w := newWorld(t)
	c := w.As(t, webtest.CityAdmin)
	webtest.Expect(t, c.PostForm(t, w.base()+"/posts", url.Values{"code": {"YG-01"}, "title": {"腰古镇社工站社工"}, "region": {"445302102"}, "places": {"2"}}),
		http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, w.base()+"/posts", url.Values{"code": {"YG-01"}, "title": {"重复"}, "region": {"445302102"}, "places": {"1"}}),
		http.StatusConflict, "本次招聘已有这个岗位代码")
	webtest.Expect(t, c.PostForm(t, w.base()+"/posts", url.Values{"code": {"X-1"}, "title": {"零人"}, "region": {"445302"}, "places": {"0"}}),
		http.StatusUnprocessableEntity, "招聘人数应在 1 到 1000 之间")
	got, _ := w.DB.Campaign(t.Context(), webtest.AdminScope, w.c.ID)
	if len(got.Posts) != 4 {
		t.Fatalf("%d posts", len(got.Posts))
	}
	task := got.Tasks[0]
	webtest.Expect(t, c.PostForm(t, w.base()+"/tasks", url.Values{"task_id": {webtest.ID(task.ID)}, "title": {task.Title}, "done": {"1"}}), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, w.base()+"/tasks", url.Values{"title": {"考点布置"}, "owner": {"云浮市技师学院"}, "due": {"2021-07-31"}}), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, w.base()+"/tasks", url.Values{"title": {""}}), http.StatusUnprocessableEntity, "请填写任务内容")
	got, _ = w.DB.Campaign(t.Context(), webtest.AdminScope, w.c.ID)
	if !got.Tasks[0].Done || got.Tasks[0].DoneOn != shuangbai.NewDate(2021, 9, 10) || len(got.Tasks) != 7 || got.Tasks[6].Owner != "云浮市技师学院" {
		t.Errorf("tasks %+v", got.Tasks)
	}
	webtest.Expect(t, c.Get(t, w.base()), http.StatusOK, "已完成", "考点布置")
}

// TestRecruitRoles: bureau admins run recruitment, viewers read it,
// workers and leads do not take part, and the three administrators see
// none of it.
func TestRecruitRoles(t *testing.T) {
	w := newWorld(t)
	f := webtest.NewCase(t) // a second world for the worker and lead
	f.DB.Now = w.DB.Now
	for _, tt := range []struct {
		name         string
		c            *webtest.Client
		read, create int
		say          string
	}{
		{"county admin", w.As(t, webtest.YcAdmin), http.StatusOK, http.StatusSeeOther, ""},
		{"viewer", w.As(t, webtest.YcViewer), http.StatusOK, http.StatusForbidden, "只能查看"},
		{"system administrator", w.As(t, webtest.CitySys), http.StatusForbidden, http.StatusForbidden, "不查看应聘人员信息（三员分立）"},
		{"security administrator", w.As(t, webtest.CitySec), http.StatusForbidden, http.StatusForbidden, "三员分立"},
		{"audit administrator", w.As(t, webtest.CityAudit), http.StatusForbidden, http.StatusForbidden, "三员分立"},
		{"worker", f.As(t, webtest.YcWorker), http.StatusForbidden, http.StatusForbidden, "不使用此功能"},
		{"lead", f.As(t, webtest.YcLead), http.StatusForbidden, http.StatusForbidden, "不使用此功能"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/campaigns", w.base() + "/applicants/" + webtest.ID(w.yc[0].ID), "/records"} {
				// The worker's fixture has no such campaign: the refusal comes first.
				if tt.read == http.StatusOK {
					webtest.Expect(t, tt.c.Get(t, path), tt.read)
				} else {
					webtest.Expect(t, tt.c.Get(t, path), tt.read, tt.say)
				}
			}
			res := tt.c.PostForm(t, "/campaigns", url.Values{"title": {"x"}, "year": {"2021"}, "region": {"445302"}, "kind": {"worker"}})
			if tt.create == http.StatusSeeOther {
				webtest.Expect(t, res, http.StatusSeeOther)
			} else {
				webtest.Expect(t, res, tt.create, tt.say)
			}
		})
	}
	// Administrators see no application, not even through the API.
	webtest.Expect(t, w.API(t, webtest.CityAudit).Get(t, "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/applications"), http.StatusForbidden, "三员分立")
	// A view of an application is in the access log.
	log, err := w.DB.AccessLogBy(t.Context(), webtest.AdminScope, store.AccessFilter{ApplicantID: w.yc[0].ID})
	if err != nil || len(log) != 2 || log[0].Name != "林小燕" {
		t.Errorf("access log %+v %v", log, err)
	}
	webtest.Expect(t, w.Anon().Get(t, "/campaigns"), http.StatusSeeOther)
}

// TestDemoRecruitment: the demo's campaigns as the city, a county and a
// social worker see them.
func TestDemoRecruitment(t *testing.T) {
	t.Parallel()
	f := webtest.Demo(t)
	city := f.As(t, "yunfu-admin")
	webtest.Expect(t, city.Get(t, "/campaigns"), http.StatusOK, "2021年云浮市“双百工程”社工公开招聘", "<td>123</td>", "<td>1817</td>", "<td>14.8</td>",
		"2021年云浮市“双百工程”社工督导人员公开招聘", "2021年7月23日")
	webtest.Expect(t, city.Get(t, "/supervisors"), http.StatusOK, "张和清", "“双百工程”项目总督导", "都城镇社工站")
	webtest.Expect(t, f.As(t, "yuncheng-admin").Get(t, "/campaigns"), http.StatusOK, "2021年云浮市“双百工程”社工公开招聘")
	webtest.ExpectNot(t, f.As(t, "yuncheng-admin").Get(t, "/campaigns"), "<td>1817</td>")
	webtest.Expect(t, f.As(t, "hekou-sw").Get(t, "/campaigns"), http.StatusForbidden)
	webtest.Expect(t, f.As(t, "yunfu-leader").Get(t, "/campaigns"), http.StatusOK, "<td>1817</td>")
}
