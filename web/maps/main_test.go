package maps_test

import (
	"testing"

	"shuangbai/web/maps"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, maps.Pages) }
