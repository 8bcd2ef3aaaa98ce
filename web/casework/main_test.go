package casework_test

import (
	"testing"

	"shuangbai/web/casework"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a page template of case work was never
// rendered.
func TestMain(m *testing.M) { webtest.Main(m, casework.Pages) }
