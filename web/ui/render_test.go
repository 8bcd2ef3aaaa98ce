package ui

import "testing"

func TestNavOf(t *testing.T) {
	for _, tt := range []struct{ path, template, want string }{
		{"/worklist", "case/worklist.html", "worklist"},
		{"/beneficiaries/12", "case/file.html", "beneficiary"},
		{"/reports/outcomes", "case/outcomes.html", "outcomes"},
		{"/stations/3", "station/show.html", "station"},
		{"/", "dashboard.html", "dashboard"},
	} {
		if got := navOf(tt.path, tt.template); got != tt.want {
			t.Errorf("navOf(%q, %q) = %q, want %q", tt.path, tt.template, got, tt.want)
		}
	}
}
