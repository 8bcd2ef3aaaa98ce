package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

func TestFollowupSettings(t *testing.T) {
	f := webtest.New(t)
	city := f.As(t, webtest.CityAdmin)
	webtest.Expect(t, city.Get(t, "/settings/followup"), http.StatusOK, "一级", `name="days1" value="7"`, `name="times1" value="2"`,
		`<a href="/worklist" aria-current="page">`) // the settings of the visits' rhythm belong with the worklist
	webtest.Expect(t, f.As(t, webtest.YcViewer).Get(t, "/settings/followup"), http.StatusOK, "disabled")

	good := url.Values{"days1": {"7"}, "times1": {"3"}, "days2": {"7"}, "times2": {"1"}, "days3": {"14"}, "times3": {"1"}, "days4": {"30"}, "times4": {"1"}}
	bad := url.Values{"days1": {"0"}, "times1": {"2"}, "days2": {"7"}, "times2": {"1"}, "days3": {"14"}, "times3": {"1"}, "days4": {"30"}, "times4": {"1"}}
	tests := []struct {
		name   string
		user   string
		form   url.Values
		status int
		want   string
	}{
		{"zero days", webtest.CityAdmin, bad, http.StatusUnprocessableEntity, "次数和天数都应为正整数"},
		{"county admin", webtest.YcAdmin, good, http.StatusForbidden, ""},
		{"city admin", webtest.CityAdmin, good, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, f.As(t, tt.user).PostForm(t, "/settings/followup", tt.form), tt.status, tt.want)
		})
	}
	iv, err := f.DB.Intervals(t.Context())
	if err != nil || iv[1] != (shuangbai.Interval{Times: 3, PeriodDays: 7}) {
		t.Fatalf("intervals = %v, %v", iv, err)
	}
}
