package casework_test

import (
	"net/http"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// beneficiaryOut is the part of a file's JSON the tests look at.
type beneficiaryOut struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Gender       string   `json:"gender"`
	Birth        *string  `json:"birth"`
	IDNumber     string   `json:"id_number"`
	Phone        string   `json:"phone"`
	Groups       []string `json:"groups"`
	Level        int      `json:"level"`
	HouseholdID  *int64   `json:"household_id"`
	Overdue      bool     `json:"overdue"`
	OldAgeHint   bool     `json:"old_age_hint"`
	PendingLevel *struct {
		To int `json:"to"`
	} `json:"pending_level_change"`
}

func TestAPIBeneficiaries(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	c := f.API(t, webtest.YcWorker)
	ctx := t.Context()

	// Lists page by id and mask numbers.
	var list struct {
		Items     []beneficiaryOut `json:"items"`
		NextAfter *int64           `json:"next_after"`
	}
	res := c.Get(t, "/api/v1/beneficiaries?limit=2")
	webtest.ExpectNot(t, res, f.Chen.IDNumber, "13800138001")
	webtest.Decode(t, res, &list)
	if len(list.Items) != 2 || list.NextAfter == nil || list.Items[0].IDNumber != shuangbai.MaskIDNumber(f.Chen.IDNumber) || list.Items[0].Phone != "138****8001" {
		t.Fatalf("page 1 = %+v", list)
	}
	after := *list.NextAfter
	list.NextAfter = nil
	webtest.Decode(t, c.Get(t, "/api/v1/beneficiaries?limit=2&after="+webtest.ID(after)), &list)
	if len(list.Items) != 2 || list.NextAfter != nil || list.Items[1].Name != "林伯" {
		t.Errorf("page 2 = %+v", list)
	}
	for _, q := range []string{"?status=x", "?after=0", "?limit=x", "?q=4453"} {
		webtest.Expect(t, c.Get(t, "/api/v1/beneficiaries"+q), http.StatusBadRequest, `"code":"bad_request"`)
	}

	// Show logs the view and flags what the file page flags.
	var one beneficiaryOut
	webtest.Decode(t, c.Get(t, "/api/v1/beneficiaries/"+webtest.ID(f.Huang.ID)), &one)
	if one.Name != "黄阿婆" || !one.OldAgeHint || one.HouseholdID == nil || *one.HouseholdID != f.Chen.HouseholdID {
		t.Errorf("show = %+v", one)
	}
	if l, _ := f.DB.AccessLog(ctx, webtest.AdminScope, f.Huang.ID, 0, 0); len(l) != 1 || l[0].Action != store.AccessView || l[0].Detail != "API" {
		t.Errorf("access log = %+v", l)
	}

	// Create: field errors as 422, then a file with a new household.
	res = c.JSON(t, "POST", "/api/v1/beneficiaries", `{"region":"445302003208","name":"","birth":"1950/01/01","level":5,"groups":["x"]}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity)
	var e struct {
		Error ui.ErrorBody `json:"error"`
	}
	webtest.Decode(t, res, &e)
	for _, field := range []string{"name", "birth", "level", "groups"} {
		if e.Error.Fields[field] == "" {
			t.Errorf("fields lack %s: %+v", field, e.Error)
		}
	}
	webtest.Expect(t, c.JSON(t, "POST", "/api/v1/beneficiaries", `{"nmae":"x"}`), http.StatusBadRequest, "nmae")
	number := webtest.IDNum("44530219500101101")
	res = c.JSON(t, "POST", "/api/v1/beneficiaries", map[string]any{"region": "445302003208", "name": "梁伯", "id_number": number,
		"phone": "13700137000", "groups": []string{"elderly"}, "level": 2, "new_household_head": "梁伯"})
	webtest.Expect(t, res, http.StatusCreated)
	webtest.ExpectNot(t, res, number, "13700137000")
	var created beneficiaryOut
	webtest.Decode(t, res, &created)
	if created.ID == 0 || created.Gender != "男" || created.HouseholdID == nil || created.IDNumber != shuangbai.MaskIDNumber(number) {
		t.Fatalf("created = %+v", created)
	}
	if loc := res.Header().Get("Location"); loc != "/api/v1/beneficiaries/"+webtest.ID(created.ID) {
		t.Errorf("Location = %q", loc)
	}
	var hh struct {
		HeadName string           `json:"head_name"`
		Members  []beneficiaryOut `json:"members"`
	}
	webtest.Decode(t, c.Get(t, "/api/v1/households/"+webtest.ID(*created.HouseholdID)), &hh)
	if hh.HeadName != "梁伯" || len(hh.Members) != 1 || hh.Members[0].IDNumber != shuangbai.MaskIDNumber(number) {
		t.Errorf("household = %+v", hh)
	}

	// PATCH changes what it names and keeps the numbers; the level has its own call.
	res = c.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(created.ID), `{"name":"梁伯伯","groups":["elderly","dibao"]}`)
	webtest.Expect(t, res, http.StatusOK, "梁伯伯")
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, created.ID)
	if got.Name != "梁伯伯" || got.IDNumber != number || got.Phone != "13700137000" || len(got.Groups) != 2 {
		t.Errorf("after patch: %+v", got)
	}
	webtest.Expect(t, c.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(created.ID), `{"level":1}`), http.StatusUnprocessableEntity, `"level"`)
	webtest.Expect(t, c.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(created.ID), `{"birth":"1949-01-01"}`), http.StatusUnprocessableEntity, `"birth"`)
	res = c.JSON(t, "POST", "/api/v1/beneficiaries/"+webtest.ID(created.ID)+"/level", `{"level":4,"reason":"稳定"}`)
	webtest.Expect(t, res, http.StatusOK, `"pending":true`)
	webtest.Decode(t, c.Get(t, "/api/v1/beneficiaries/"+webtest.ID(created.ID)), &one)
	if one.Level != 2 || one.PendingLevel == nil || one.PendingLevel.To != 4 {
		t.Errorf("after lowering: %+v", one)
	}
	webtest.Expect(t, c.JSON(t, "POST", "/api/v1/beneficiaries/"+webtest.ID(created.ID)+"/level", `{"level":1}`), http.StatusUnprocessableEntity, `"reason"`)
}

func TestAPIVisitsAndApplications(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	c := f.API(t, webtest.YcWorker)
	ctx := t.Context()
	chen := webtest.ID(f.Chen.ID)

	res := c.JSON(t, "POST", "/api/v1/visits", `{"beneficiary_id":`+chen+`,"on":"2021-08-10","kind":"home"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"on"`, "不能晚于今天")
	res = c.JSON(t, "POST", "/api/v1/visits", `{"beneficiary_id":`+chen+`,"kind":"phone","services":["精神慰藉"],"findings":"电话问候"}`)
	webtest.Expect(t, res, http.StatusCreated, `"on":"2021-08-09"`, `"next_due":"2021-08-12"`, `"kind_label":"电话"`)
	var visits struct {
		Items []struct {
			Findings string `json:"findings"`
		} `json:"items"`
	}
	webtest.Decode(t, c.Get(t, "/api/v1/visits?beneficiary_id="+chen), &visits)
	if len(visits.Items) != 2 || visits.Items[0].Findings != "电话问候" {
		t.Errorf("visits = %+v", visits)
	}
	webtest.Expect(t, c.Get(t, "/api/v1/visits"), http.StatusBadRequest, "beneficiary_id")
	webtest.Expect(t, c.Get(t, "/api/v1/visits?beneficiary_id=x"), http.StatusBadRequest)

	res = c.JSON(t, "POST", "/api/v1/applications", `{"beneficiary_id":`+chen+`,"kind":"medical","status":"approved","prepared_on":"2021-08-01"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"submitted_on"`, `"decided_on"`)
	res = c.JSON(t, "POST", "/api/v1/applications", `{"beneficiary_id":`+chen+`,"kind":"medical","status":"preparing","prepared_on":"2021-08-01","amount":2000}`)
	webtest.Expect(t, res, http.StatusCreated, `"status_label":"准备中"`)
	var app struct {
		ID int64 `json:"id"`
	}
	webtest.Decode(t, res, &app)
	res = c.JSON(t, "PATCH", "/api/v1/applications/"+webtest.ID(app.ID), `{"status":"submitted","submitted_on":"2021-08-05"}`)
	webtest.Expect(t, res, http.StatusOK, `"status":"submitted"`, `"amount":2000`)
	webtest.Expect(t, c.JSON(t, "PATCH", "/api/v1/applications/"+webtest.ID(app.ID), `{"beneficiary_id":`+webtest.ID(f.Huang.ID)+`}`), http.StatusUnprocessableEntity, "beneficiary_id")
	var apps struct {
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
	}
	webtest.Decode(t, c.Get(t, "/api/v1/applications?beneficiary_id="+chen), &apps)
	if len(apps.Items) != 1 || apps.Items[0].Status != "submitted" {
		t.Errorf("applications = %+v", apps)
	}
	if got, _ := f.DB.Applications(ctx, webtest.AdminScope, f.Huang.ID); len(got) != 0 {
		t.Errorf("an application moved to 黄阿婆: %+v", got)
	}
}

func TestAPIOutcomes(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	c := f.API(t, webtest.YcAdmin)
	var out struct {
		RegionName string         `json:"region_name"`
		People     int            `json:"people"`
		Households int            `json:"households"`
		Visits     int            `json:"visits"`
		Identified map[string]int `json:"identified"`
		Paragraph  string         `json:"paragraph"`
	}
	webtest.Decode(t, c.Get(t, "/api/v1/reports/outcomes?region=445302003&to=2021-08-09"), &out)
	if out.RegionName != "河口街道" || out.People != 4 || out.Households != 3 || out.Visits != 4 || out.Identified["disabled"] != 1 ||
		!strings.Contains(out.Paragraph, "河口街道社工站累计为3户4名服务对象建档立卡") {
		t.Errorf("outcomes = %+v", out)
	}
	webtest.Decode(t, c.Get(t, "/api/v1/reports/outcomes?region=445302003&from=2021-08-03&to=2021-08-09"), &out)
	if out.People != 0 || out.Visits != 2 {
		t.Errorf("outcomes of a week = %+v", out)
	}
	webtest.Expect(t, c.Get(t, "/api/v1/reports/outcomes?to=2021-8-9"), http.StatusBadRequest)
	webtest.Expect(t, c.Get(t, "/api/v1/reports/outcomes?from=2021-08-09&to=2021-08-01"), http.StatusUnprocessableEntity)
}
