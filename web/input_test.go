package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// stored is what the database holds, counted through the store: every
// write is audited in its own transaction, so the audit entries say
// whether anything at all was written; reveals and exports are counted
// in the access log (views are logged on every page shown, so not those).
type stored struct {
	Audit, Access                                      int64
	Stations, Points, People, Households, Cases, Train int
	Apps, Visits, Assessments, Assignments             int
}

func snapshot(t *testing.T, f *webtest.Case) stored {
	t.Helper()
	ctx, all := t.Context(), webtest.AdminScope
	var s stored
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	rep, err := f.DB.VerifyChains(ctx)
	must(err)
	s.Audit = rep.Entries["audit_log"]
	access, err := f.DB.AccessLogBy(ctx, all, store.AccessFilter{Limit: 500})
	must(err)
	for _, e := range access {
		if e.Action != store.AccessView {
			s.Access++
		}
	}
	_, s.Stations, err = f.DB.Stations(ctx, all, shuangbai.SiteFilter{Limit: 1})
	must(err)
	_, s.Points, err = f.DB.Points(ctx, all, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 1}})
	must(err)
	_, s.People, err = f.DB.People(ctx, all, store.PersonFilter{Limit: 1})
	must(err)
	hs, err := f.DB.Households(ctx, all, 500)
	must(err)
	s.Households = len(hs)
	s.Cases, err = f.DB.PersonalRecords(ctx)
	must(err)
	tr, err := f.DB.Trainings(ctx, all, store.TrainingFilter{})
	must(err)
	s.Train = len(tr)
	apps, err := f.DB.Applications(ctx, all, f.Huang.ID)
	must(err)
	s.Apps = len(apps)
	vs, err := f.DB.Visits(ctx, all, f.Huang.ID, 100)
	must(err)
	s.Visits = len(vs)
	as, err := f.DB.Assessments(ctx, all, f.Huang.ID, 0)
	must(err)
	s.Assessments = len(as)
	asg, err := f.DB.Assignments(ctx, all, f.YcPerson.ID)
	must(err)
	s.Assignments = len(asg)
	return s
}

// with returns a copy of v with field set to value.
func with(v url.Values, field, value string) url.Values {
	c := maps.Clone(v)
	c.Set(field, value)
	return c
}

// formCase is one bad input posted to a page: the answer must be a 422 with
// the field's message in Chinese, and nothing saved.
type formCase struct {
	name string
	user string
	path string
	form url.Values
	want string // part of the field's message
}

// TestBadFormInput posts each weak input the security review found, one
// field at a time, to the page that takes it; then posts the good form
// each bad one was made from, to show that only the field was wrong.
func TestBadFormInput(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	id := webtest.ID
	asg, err := f.DB.Assignments(t.Context(), webtest.AdminScope, f.YcPerson.ID)
	if err != nil || len(asg) != 1 {
		t.Fatalf("assignments = %v, %v", asg, err)
	}
	staffPath := "/staff/" + id(f.YcPerson.ID)
	endPath := fmt.Sprintf("%s/assignments/%d/end", staffPath, asg[0].ID)
	huang, chen := "/beneficiaries/"+id(f.Huang.ID), "/beneficiaries/"+id(f.Chen.ID)

	station := url.Values{"region": {"445302102"}, "name": {"腰古镇社工站"}, "status": {"planned"}}
	point := url.Values{"region": {"445302003208"}, "name": {"双上村社工点"}, "status": {"built"}, "built_on": {"2021-08-01"},
		"office": {"1"}, "office_address": {"双上村委会"}}
	person := url.Values{"region": {"445302003"}, "name": {"新社工"}, "gender": {"女"}, "role": {"worker"}, "phone": {"13700137000"}}
	assign := url.Values{"site": {"station:" + id(f.YcStation.ID)}, "from": {"2021-08-09"}}
	end := url.Values{"to": {"2021-08-09"}}
	requirement := url.Values{"stations": {"3"}, "reason": {"县级方案调整"}}
	training := url.Values{"title": {"个案管理培训"}, "held_on": {"2021-08-01"}, "kind": {"professional"}, "hours": {"16"}, "region": {"445302"}}
	facts := url.Values{"effective": {"2021-08-01"}, "funding_status": {"已报批"}, "plan_issued": {"1"}, "plan_date": {"2021-07-15"},
		"plan_doc": {"云城民〔2021〕5号"}, "funding_requested": {"100000"}}
	ben := url.Values{"name": {"新人"}, "gender": {"男"}, "birth": {"1960-01-01"}, "level": {"2"}, "region": {"445302003208"},
		"household": {"new"}, "head_name": {"新人"}, "address": {"双上村 3 号"}}
	app := url.Values{"kind": {"medical"}, "status": {"preparing"}, "prepared_on": {"2021-08-01"}, "amount": {"1500"}, "note": {"材料齐全"}}
	visit := url.Values{"on": {"2021-08-09"}, "kind": {"home"}, "findings": {"身体状况稳定"}}
	assess := url.Values{"on": {"2021-08-09"}, "goals": {"每周入户一次"}}
	for _, ar := range shuangbai.AssessmentAreas {
		assess.Set("score_"+ar.Key, "3")
	}
	level := url.Values{"level": {"1"}, "reason": {"病情加重"}}
	closing := url.Values{"closed_why": {"迁出本村"}}
	reveal := url.Values{"reason": {"核对补贴申请材料"}}
	export := url.Values{"status": {"all"}, "reason": {"年度核查名册"}}

	adm, sw, lead := webtest.YcAdmin, webtest.YcWorker, webtest.YcLead
	cases := []formCase{
		{"station lat NaN", adm, "/stations", with(with(station, "lat", "NaN"), "lng", "112"), "纬度应为数字"},
		{"station lng Inf", adm, "/stations", with(with(station, "lat", "22.9"), "lng", "Inf"), "经度应为数字"},
		{"station lat out of China", adm, "/stations", with(with(station, "lat", "-91"), "lng", "112"), "纬度应在 3 到 54 之间"},
		{"station name zero-width only", adm, "/stations", with(station, "name", "\u200b\u200b"), "零宽字符"},
		{"station name BOM", adm, "/stations", with(station, "name", "\ufeff腰古镇社工站"), "字节顺序标记"},
		{"station name punctuation", adm, "/stations", with(station, "name", "。。。"), "应包含文字或数字"},
		{"station built 9999", adm, "/stations", with(with(station, "status", "built"), "built_on", "9999-12-31"), "建成日期不能晚于今天"},
		{"point name RTL override", adm, "/points/" + id(f.YcPoint.ID), with(point, "name", "\u202e点工社村上双"), "改变文字方向"},
		{"point address NUL", adm, "/points/" + id(f.YcPoint.ID), with(point, "office_address", "双上\x00村委会"), "控制字符"},
		{"staff name BOM", adm, "/staff", with(person, "name", "\ufeff新社工"), "字节顺序标记"},
		{"staff name NUL", adm, "/staff", with(person, "name", "新\x00社工"), "控制字符"},
		{"staff name isolate", adm, "/staff", with(person, "name", "\u2067新社工\u2069"), "改变文字方向"},
		{"assignment from 9999-12-31", adm, staffPath + "/assignments", with(assign, "from", "9999-12-31"), "到岗日期不能晚于2022年8月9日"},
		{"assignment from 1899", adm, staffPath + "/assignments", with(assign, "from", "1899-12-31"), "不能早于 1900 年"},
		{"assignment end 9999-12-31", adm, endPath, with(end, "to", "9999-12-31"), "离岗日期不能晚于"},
		{"requirement reason NUL", adm, "/requirements/445302", with(requirement, "reason", "方案\x00调整"), "控制字符"},
		{"training hours NaN", adm, "/trainings", with(training, "hours", "NaN"), "学时应为数字"},
		{"training hours huge", adm, "/trainings", with(training, "hours", "1e400"), "学时应为数字"},
		{"training hours 5000", adm, "/trainings", with(training, "hours", "5000"), "学时应大于 0 且不超过 1000"},
		{"training hours negative", adm, "/trainings", with(training, "hours", "-2"), "学时应大于 0"},
		{"training title zero-width", adm, "/trainings", with(training, "title", "\u200d"), "零宽字符"},
		{"training held 1800", adm, "/trainings", with(training, "held_on", "1800-01-01"), "不能早于 1900 年"},
		{"facts amount int64 max", adm, "/reports/progress/facts/445302", with(facts, "funding_requested", "9223372036854775807"), "金额应为整数"},
		{"facts plan number BOM", adm, "/reports/progress/facts/445302", with(facts, "plan_doc", "\ufeff云城民〔2021〕5号"), "字节顺序标记"},
		{"facts effective 1899", adm, "/reports/progress/facts/445302", with(facts, "effective", "1899-01-01"), "不能早于 1900 年"},
		{"beneficiary name zero-width", sw, "/beneficiaries", with(ben, "name", "\u200b"), "零宽字符"},
		{"beneficiary name NUL", sw, "/beneficiaries", with(ben, "name", "新\x00人"), "控制字符"},
		{"beneficiary born 1800", sw, "/beneficiaries", with(ben, "birth", "1800-01-01"), "不能早于 1900 年"},
		{"household head BOM", sw, "/beneficiaries", with(ben, "head_name", "\ufeff新人"), "字节顺序标记"},
		{"household head dots", sw, "/beneficiaries", with(ben, "head_name", "……"), "应包含文字或数字"},
		{"beneficiary edit name RTL", sw, "/beneficiaries/" + id(f.Lin.ID), with(with(ben, "household", ""), "name", "林\u202e伯"), "改变文字方向"},
		{"application amount int64 max", sw, huang + "/applications", with(app, "amount", "9223372036854775807"), "金额不能超过一万亿元"},
		{"application amount negative", sw, huang + "/applications", with(app, "amount", "-1"), "金额不能为负数"},
		{"application note NUL", sw, huang + "/applications", with(app, "note", "材料\x00齐全"), "控制字符"},
		{"application prepared 1800", sw, huang + "/applications", with(app, "prepared_on", "1800-01-01"), "不能早于 1900 年"},
		{"visit findings BOM", sw, huang + "/visits", with(visit, "findings", "\ufeff身体状况稳定"), "字节顺序标记"},
		{"visit on 1800", sw, huang + "/visits", with(visit, "on", "1800-01-01"), "不能早于 1900 年"},
		{"assessment goals RTL", sw, huang + "/assessments", with(assess, "goals", "每周\u202e入户"), "改变文字方向"},
		{"level reason NUL", sw, "/beneficiaries/" + id(f.Zhang.ID) + "/level", with(level, "reason", "病情\x00加重"), "控制字符"},
		{"close reason isolate", sw, "/beneficiaries/" + id(f.Lin.ID) + "/close", with(closing, "closed_why", "\u2066迁出\u2069"), "改变文字方向"},
		{"reveal reason dot", lead, chen + "/reveal", with(reveal, "reason", "."), "至少 4 个字"},
		{"reveal reason short", lead, chen + "/reveal", with(reveal, "reason", "核对"), "至少 4 个字"},
		{"reveal reason zero-width", lead, chen + "/reveal", with(reveal, "reason", "核对\u200b补贴材料"), "零宽字符"},
		{"export reason punctuation", lead, "/beneficiaries.csv", with(export, "reason", "。。。。。"), "至少 4 个字"},
		{"export reason digits", lead, "/beneficiaries.csv", with(export, "reason", "123456"), "至少 4 个字"},
		{"user name BOM", webtest.CitySys, "/users", url.Values{"username": {"newuser"}, "name": {"\ufeff新用户"}, "role": {"viewer"},
			"region": {"4453"}, "password": {"Shuangbai-2021-ok"}, "password2": {"Shuangbai-2021-ok"}}, "字节顺序标记"},
	}
	for _, u := range []string{adm, sw, lead, webtest.CitySys} {
		f.As(t, u) // logging in is audited: before the count
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, f)
			res := f.As(t, tt.user).PostForm(t, tt.path, tt.form)
			webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want)
			if after := snapshot(t, f); after != before {
				t.Errorf("a refused input saved something:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
	if t.Failed() {
		return
	}
	// The forms the bad ones were made from are accepted: each refusal
	// above was the one field's.
	for _, tt := range []struct {
		user, path string
		form       url.Values
		status     int
	}{
		{adm, "/stations", with(with(station, "lat", "22.9"), "lng", "112.0"), http.StatusSeeOther},
		{adm, "/points/" + id(f.YcPoint.ID), point, http.StatusSeeOther},
		{adm, "/staff", person, http.StatusSeeOther},
		{adm, endPath, end, http.StatusSeeOther},
		{adm, staffPath + "/assignments", with(assign, "from", "2021-09-01"), http.StatusSeeOther},
		{adm, "/requirements/445302", requirement, http.StatusSeeOther},
		{adm, "/trainings", training, http.StatusSeeOther},
		{adm, "/reports/progress/facts/445302", facts, http.StatusSeeOther},
		{sw, "/beneficiaries", ben, http.StatusSeeOther},
		{sw, huang + "/applications", app, http.StatusSeeOther},
		{sw, huang + "/visits", visit, http.StatusSeeOther},
		{sw, huang + "/assessments", assess, http.StatusSeeOther},
		{sw, "/beneficiaries/" + id(f.Zhang.ID) + "/level", level, http.StatusSeeOther},
		{sw, "/beneficiaries/" + id(f.Lin.ID) + "/close", closing, http.StatusSeeOther},
		{lead, chen + "/reveal", reveal, http.StatusOK},
		{lead, "/beneficiaries.csv", export, http.StatusOK},
	} {
		res := f.As(t, tt.user).PostForm(t, tt.path, tt.form)
		if res.Code != tt.status {
			t.Errorf("good form %s: status %d, want %d\n%.1500s", tt.path, res.Code, tt.status, res.Body)
		}
	}
}
