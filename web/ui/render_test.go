package ui

import "testing"

func TestNavOf(t *testing.T) {
	for _, tt := range []struct{ path, template, want string }{
		{"/worklist", "beneficiary/worklist.html", "worklist"},
		{"/beneficiaries/12", "beneficiary/show.html", "beneficiary"},
		{"/reports/outcomes", "beneficiary/outcomes.html", "outcomes"},
		{"/access-log", "beneficiary/access_log.html", "access"},
		{"/stations/3", "station/show.html", "station"},
		{"/", "dashboard.html", "dashboard"},
	} {
		if got := navOf(tt.path, tt.template); got != tt.want {
			t.Errorf("navOf(%q, %q) = %q, want %q", tt.path, tt.template, got, tt.want)
		}
	}
}
