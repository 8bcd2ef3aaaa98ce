package dashboard_test

import (
	"testing"

	"shuangbai/web/dashboard"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a dashboard template was never rendered.
func TestMain(m *testing.M) { webtest.Main(m, dashboard.Pages) }
