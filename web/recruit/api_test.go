package recruit_test

import (
	"net/http"
	"testing"

	"shuangbai/web/webtest"
)

func TestAPICampaigns(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.scored(t)
	api := w.API(t, webtest.CityAdmin)
	var list struct {
		Items []struct {
			ID         int64 `json:"id"`
			Applicants int   `json:"applicants"`
			Places     int   `json:"places"`
			Posts      []struct {
				Code       string         `json:"code"`
				Applicants int            `json:"applicants"`
				Stages     map[string]int `json:"stages"`
			} `json:"posts"`
			Stages []struct {
				Stage string `json:"stage"`
				Count int    `json:"count"`
			} `json:"stages"`
		} `json:"items"`
		Total int `json:"total"`
	}
	res := api.Get(t, "/api/v1/campaigns")
	webtest.Expect(t, res, http.StatusOK)
	webtest.Decode(t, res, &list)
	if list.Total != 1 || list.Items[0].Applicants != 4 || list.Items[0].Places != 4 || len(list.Items[0].Posts) != 3 ||
		list.Items[0].Posts[1].Applicants != 3 || list.Items[0].Stages[5].Stage != "medical_shortlist" || list.Items[0].Stages[5].Count != 2 {
		t.Errorf("list %+v", list)
	}
	// 罗定市's view: its one post.
	res = w.API(t, webtest.LdAdmin).Get(t, "/api/v1/campaigns?region=445381")
	webtest.Decode(t, res, &list)
	if len(list.Items) != 1 || len(list.Items[0].Posts) != 1 || list.Items[0].Applicants != 1 {
		t.Errorf("罗定市 sees %+v", list)
	}

	body := map[string]any{"title": "2022年云城区社工招聘", "year": 2022, "region": "445302", "kind": "worker", "written_weight": 40,
		"interview_ratio": 2, "medical_ratio": 1.5, "exam_on": "2022-08-01",
		"posts": []map[string]any{{"code": "A1", "region": "445302003", "station_id": w.YcStation.ID, "title": "河口", "places": 2}}}
	res = w.API(t, webtest.YcAdmin).JSON(t, "POST", "/api/v1/campaigns", body)
	webtest.Expect(t, res, http.StatusCreated, `"interview_ratio":2`, `"medical_ratio":1.5`, `"选好考务人员"`, `"code":"A1"`)
	var made struct {
		ID int64 `json:"id"`
	}
	webtest.Decode(t, res, &made)
	for _, tt := range []struct {
		name string
		body any
		code int
		want string
	}{
		{"unknown field", map[string]any{"title": "x", "yaer": 2022}, http.StatusBadRequest, "未知字段：yaer"},
		{"bad post", map[string]any{"title": "x", "year": 2022, "region": "445302", "kind": "worker",
			"posts": []map[string]any{{"code": "A1", "region": "445381", "title": "外县", "places": 1}}}, http.StatusUnprocessableEntity, "第1个岗位"},
		{"bad date", map[string]any{"title": "x", "year": 2022, "region": "445302", "kind": "worker", "exam_on": "八月一日"}, http.StatusUnprocessableEntity, "exam_on"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, w.API(t, webtest.YcAdmin).JSON(t, "POST", "/api/v1/campaigns", tt.body), tt.code, tt.want)
		})
	}
	path := "/api/v1/campaigns/" + webtest.ID(made.ID)
	webtest.Expect(t, w.API(t, webtest.YcAdmin).JSON(t, "PATCH", path, map[string]any{"title": "改名", "exam_on": nil, "written_weight": 0}),
		http.StatusOK, `"title":"改名"`, `"exam_on":null`, `"written_weight":0`)
	webtest.Expect(t, w.API(t, webtest.YcAdmin).JSON(t, "POST", path+"/posts", map[string]any{"code": "A2", "region": "445302102", "title": "腰古", "places": 1}),
		http.StatusCreated, `"code":"A2"`)
	webtest.Expect(t, w.API(t, webtest.LdAdmin).Get(t, path), http.StatusNotFound)
	webtest.Expect(t, w.API(t, webtest.YcViewer).JSON(t, "PATCH", path, map[string]any{"title": "x"}), http.StatusForbidden)

	var stats struct {
		Total struct {
			PerPlace float64 `json:"applicants_per_place"`
		} `json:"total"`
		Counties []struct {
			Name string `json:"name"`
		} `json:"counties"`
	}
	res = api.Get(t, "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/stats")
	webtest.Decode(t, res, &stats)
	if stats.Total.PerPlace != 1 || len(stats.Counties) != 2 || stats.Counties[0].Name != "云城区" {
		t.Errorf("stats %+v", stats)
	}
	res = api.Get(t, "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/ranking?post="+webtest.ID(w.ycPost.ID))
	webtest.Expect(t, res, http.StatusOK, `"composite":87.5`, `"rank":1`, `"notice":true`)
	webtest.ExpectNot(t, res, `"id_number"`, `"phone"`)
	webtest.Expect(t, api.Get(t, "/api/v1/campaigns/"+webtest.ID(w.c.ID)+"/notice.docx"), http.StatusOK)
}

func TestAPIApplications(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	api := w.API(t, webtest.CityAdmin)
	path := "/api/v1/campaigns/" + webtest.ID(w.c.ID) + "/applications"
	res := api.Get(t, path+"?post="+webtest.ID(w.ycPost.ID))
	webtest.Expect(t, res, http.StatusOK, `"total":3`, `"id_number":"尾号`, `"phone":"139****0001"`)
	webtest.ExpectNot(t, res, w.yc[0].IDNumber)

	one := func(i int, post int64) map[string]any {
		return map[string]any{"post_id": post, "name": "新人", "id_number": idNumber(i), "phone": "13800000000", "education": "bachelor"}
	}
	wrong := one(41, w.ycPost.ID)
	id := idNumber(41)
	wrong["id_number"] = id[:17] + map[bool]string{true: "0", false: "1"}[id[17] != '0']
	res = api.JSON(t, "POST", path, []any{one(40, w.ycPost.ID), wrong, one(42, w.ldPost.ID), one(40, w.ldPost.ID)})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "第2条 身份证号", "校验位", "第4条 身份证号", "与第1条", "全部未导入")
	webtest.Expect(t, api.Get(t, path), http.StatusOK, `"total":4`)
	res = api.JSON(t, "POST", path, []any{one(40, w.ycPost.ID), one(42, w.ldPost.ID)})
	webtest.Expect(t, res, http.StatusCreated, `"total":2`)
	res = api.JSON(t, "POST", path, one(43, w.ycCounty.ID))
	webtest.Expect(t, res, http.StatusCreated, `"number":"2021000007"`)
	webtest.Expect(t, api.JSON(t, "POST", path, one(43, w.ycCounty.ID)), http.StatusConflict, "每人只能报名一次")

	a := path + "/" + webtest.ID(w.yc[0].ID)
	webtest.Expect(t, api.JSON(t, "PATCH", a, map[string]any{"written": 101}), http.StatusUnprocessableEntity, "成绩应为 0 到 100")
	webtest.Expect(t, api.JSON(t, "PATCH", a, map[string]any{"written": 88.5, "medical": "pass"}), http.StatusBadRequest, "一次只能修改")
	webtest.Expect(t, api.JSON(t, "PATCH", a, map[string]any{"written": 88.5}), http.StatusOK, `"written":88.5`, `"interview":null`)
	webtest.Expect(t, api.JSON(t, "PATCH", a, map[string]any{"interview": 90}), http.StatusOK, `"written":88.5`, `"interview":90`, `"composite":89.25`)
	webtest.Expect(t, api.JSON(t, "PATCH", a, map[string]any{"review": "rejected"}), http.StatusUnprocessableEntity, "reject_reason")
	webtest.Expect(t, api.Get(t, a), http.StatusOK, `"name":"林小燕"`, `"rank":1`)
	webtest.Expect(t, api.JSON(t, "PATCH", a, map[string]any{"medical": "pass"}), http.StatusOK, `"notice":true`)

	sign := "/api/v1/campaigns/" + webtest.ID(w.c.ID) + "/signings"
	webtest.Expect(t, api.JSON(t, "POST", sign, map[string]any{"signings": []map[string]any{{"application_id": w.yc[0].ID, "from": "2021-09-10", "to": "2021-01-01"}}}),
		http.StatusUnprocessableEntity, "第1条 合同结束日期")
	res = api.JSON(t, "POST", sign, map[string]any{"signings": []map[string]any{{"application_id": w.yc[0].ID, "from": "2021-09-10", "to": "2024-09-09"}}})
	webtest.Expect(t, res, http.StatusCreated, `"person_id"`, `"assignment_id"`, `"contract_id"`)
	var signed struct {
		Items []struct {
			PersonID int64 `json:"person_id"`
		} `json:"items"`
	}
	webtest.Decode(t, res, &signed)
	webtest.Expect(t, api.Get(t, "/api/v1/staff/"+webtest.ID(signed.Items[0].PersonID)), http.StatusOK,
		`"qualification":"assistant"`, `"post_title":"河口街道社工站社工"`, `"site":"河口街道社工站"`)
	webtest.Expect(t, api.Get(t, "/api/v1/staff?region=445302003"), http.StatusOK, `"name":"林小燕"`, `"name":"陈云城"`)
}
