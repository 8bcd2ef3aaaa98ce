package plan_test

import (
	"testing"

	"shuangbai/web/plan"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, plan.Pages) }
