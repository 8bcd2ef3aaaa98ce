package web

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
)

func TestFollowupSettings(t *testing.T) {
	f := newFixture(t)
	city := f.as(t, cityAdmin)
	expect(t, city.get(t, "/settings/followup"), http.StatusOK, "一级", `name="days1" value="7"`, `name="times1" value="2"`)
	expect(t, f.as(t, ycViewer).get(t, "/settings/followup"), http.StatusOK, "disabled")

	good := url.Values{"days1": {"7"}, "times1": {"3"}, "days2": {"7"}, "times2": {"1"}, "days3": {"14"}, "times3": {"1"}, "days4": {"30"}, "times4": {"1"}}
	bad := url.Values{"days1": {"0"}, "times1": {"2"}, "days2": {"7"}, "times2": {"1"}, "days3": {"14"}, "times3": {"1"}, "days4": {"30"}, "times4": {"1"}}
	tests := []struct {
		name   string
		user   string
		form   url.Values
		status int
		want   string
	}{
		{"zero days", cityAdmin, bad, http.StatusUnprocessableEntity, "次数和天数都应为正整数"},
		{"county admin", ycAdmin, good, http.StatusForbidden, ""},
		{"city admin", cityAdmin, good, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, f.as(t, tt.user).postForm(t, "/settings/followup", tt.form), tt.status, tt.want)
		})
	}
	iv, err := f.db.Intervals(t.Context())
	if err != nil || iv[1] != (shuangbai.Interval{Times: 3, PeriodDays: 7}) {
		t.Fatalf("intervals = %v, %v", iv, err)
	}
}
