package admin_test

import (
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// followupForm is the form of the stored defaults, with changes.
func followupForm(change map[string]string) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{
		"days1": "7", "times1": "2", "days2": "7", "times2": "1", "days3": "14", "times3": "1", "days4": "30", "times4": "1",
		"grace1_lead": "1", "grace1_supervisor": "3", "grace1_county": "7",
		"grace2_lead": "2", "grace2_supervisor": "5", "grace2_county": "10",
		"grace3_lead": "3", "grace3_supervisor": "7", "grace3_county": "14",
		"grace4_lead": "5", "grace4_supervisor": "10", "grace4_county": "20",
	} {
		v.Set(k, s)
	}
	for k, s := range change {
		v.Set(k, s)
	}
	return v
}

// TestFollowupSettingsPage: the city admin edits every number on one line
// of its level; everyone else reads the rule as text (no inputs that look
// editable), and the menu leads there for all who read case work.
func TestFollowupSettingsPage(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	menu := `<a href="/settings/followup" aria-current="page">跟进设置</a>`
	city := f.As(t, webtest.CityAdmin).Get(t, "/settings/followup")
	webtest.Expect(t, city, http.StatusOK, menu, "一级", `name="days1" value="7"`, `name="times1" value="2"`,
		`name="grace1_lead" value="1"`, `name="grace4_county" value="20"`, "站长", "督导", "县级民政", `class="field field-inline"`)
	webtest.ExpectNot(t, city, "disabled")

	for _, user := range []string{webtest.YcViewer, webtest.YcWorker, webtest.YcLead, webtest.YcAdmin} {
		t.Run(user, func(t *testing.T) {
			res := f.As(t, user).Get(t, "/settings/followup")
			webtest.Expect(t, res, http.StatusOK, menu, "每周2次", "每月1次", "逾期 1 天后", "逾期 20 天后", "由市级管理员设定")
			webtest.ExpectNot(t, res, `name="days1"`, `name="grace1_lead"`, "disabled", `action="/settings/followup"`)
		})
	}
	// The three administrators read no case work: no entry in their menu.
	webtest.ExpectNot(t, f.As(t, webtest.CitySys).Get(t, "/account"), `href="/settings/followup"`)
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/account"), http.StatusOK, `<a href="/settings/followup">跟进设置</a>`)
}

// TestFollowupUpdate: the intervals and the grace periods are saved
// together; any wrong number is refused next to its field with 422, keeps
// what was typed and saves neither.
func TestFollowupUpdate(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	tests := []struct {
		name   string
		user   string
		change map[string]string
		status int
		want   []string // in the page, in order: the field, what was typed, the message
	}{
		{"zero days", webtest.CityAdmin, map[string]string{"days1": "0", "grace2_lead": "4"}, http.StatusUnprocessableEntity,
			[]string{`name="days1" value="0"`, "次数和天数都应为正整数"}},
		{"supervisor before lead", webtest.CityAdmin, map[string]string{"days1": "3", "grace1_supervisor": "1"}, http.StatusUnprocessableEntity,
			[]string{`name="grace1_supervisor" value="1"`, "督导的宽限天数应大于站长的"}},
		{"county too late", webtest.CityAdmin, map[string]string{"grace3_county": "121"}, http.StatusUnprocessableEntity,
			[]string{`name="grace3_county" value="121"`, "县级的宽限天数应大于督导的，且不超过 120 天"}},
		{"not a number", webtest.CityAdmin, map[string]string{"grace4_lead": "五"}, http.StatusUnprocessableEntity,
			[]string{`name="grace4_lead" value="五"`, "请填写整数天数"}},
		{"lead of zero", webtest.CityAdmin, map[string]string{"grace2_lead": "0", "times4": "x"}, http.StatusUnprocessableEntity,
			[]string{`name="grace2_lead" value="0"`, "站长的宽限天数应为 1 到 60 天", `name="times4" value="x"`, "次数和天数都应为正整数"}},
		{"county admin", webtest.YcAdmin, map[string]string{"grace1_lead": "2"}, http.StatusForbidden, nil},
		{"viewer", webtest.YcViewer, map[string]string{"grace1_lead": "2"}, http.StatusForbidden, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.As(t, tt.user).PostForm(t, "/settings/followup", followupForm(tt.change))
			webtest.Expect(t, res, tt.status)
			if tt.want == nil {
				return
			}
			// Each message sits in its own field, after the input holding
			// what the user typed.
			for i := 0; i < len(tt.want); i += 2 {
				re := regexp.MustCompile(regexp.QuoteMeta(tt.want[i]) + `(?:[^<]|<input[^>]*>)*<p class="field-error">` + regexp.QuoteMeta(tt.want[i+1]))
				if !re.MatchString(res.Body.String()) {
					t.Errorf("no message %q beside %s:\n%s", tt.want[i+1], tt.want[i], res.Body)
				}
			}
			webtest.Expect(t, res, tt.status, "field field-inline invalid", "请按红色提示修改")
		})
	}
	ctx := t.Context()
	if iv, _ := f.DB.Intervals(ctx); iv[1] != shuangbai.DefaultIntervals[1] {
		t.Fatalf("a refused form saved the intervals: %v", iv)
	}
	if gs, _ := f.DB.Graces(ctx); !maps.Equal(gs, shuangbai.DefaultGraces) {
		t.Fatalf("a refused form saved the graces: %v", gs)
	}
	settingsLog := func() int {
		es, err := f.DB.AuditLog(ctx, shuangbai.Scope{All: true}, store.AuditFilter{Entity: "settings", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}

	// The defaults posted back change nothing and log nothing (the
	// fixture's own setting of the second-factor roles is the one entry).
	logged := settingsLog()
	city := f.As(t, webtest.CityAdmin)
	webtest.Expect(t, city.PostForm(t, "/settings/followup", followupForm(nil)), http.StatusSeeOther)
	if n := settingsLog() - logged; n != 0 {
		t.Fatalf("an unchanged form wrote %d audit entries", n)
	}

	// Only the graces changed: they are saved, and the intervals are not
	// saved again.
	webtest.Expect(t, city.PostForm(t, "/settings/followup", followupForm(map[string]string{
		"grace1_lead": "2", "grace1_supervisor": "4", "grace1_county": "8"})), http.StatusSeeOther)
	gs, err := f.DB.Graces(ctx)
	if err != nil || gs[1] != (shuangbai.Grace{Lead: 2, Supervisor: 4, County: 8}) || gs[2] != shuangbai.DefaultGraces[2] {
		t.Fatalf("graces = %v, %v", gs, err)
	}
	if n := settingsLog() - logged; n != 1 {
		t.Fatalf("saving the graces wrote %d audit entries, want 1", n)
	}
	webtest.Expect(t, city.PostForm(t, "/settings/followup", followupForm(map[string]string{
		"times1": "3", "grace1_lead": "2", "grace1_supervisor": "4", "grace1_county": "8"})), http.StatusSeeOther)
	iv, err := f.DB.Intervals(ctx)
	if err != nil || iv[1] != (shuangbai.Interval{Times: 3, PeriodDays: 7}) {
		t.Fatalf("intervals = %v, %v", iv, err)
	}
	webtest.Expect(t, city.Get(t, "/settings/followup"), http.StatusOK, `name="times1" value="3"`, `name="grace1_county" value="8"`)
}
