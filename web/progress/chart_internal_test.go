package progress

import (
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
)

func TestChartLayout(t *testing.T) {
	t.Parallel()
	if buildChart(nil) != nil {
		t.Error("no series should give no chart")
	}
	c := buildChart([]store.MonthlyBuilt{
		{Code: "445302", Name: "云城区", Months: []string{"2021-06", "2021-07", "2021-08"}, Stations: []int{1, 3, 7}, Points: []int{0, 0, 2}},
		{Code: "445303", Name: "云安区", Months: []string{"2021-06", "2021-07", "2021-08"}, Stations: []int{0, 1, 1}, Points: []int{1, 1, 1}},
	})
	if c.From != "2021年6月" || c.To != "2021年8月" || len(c.Panels) != 2 || len(c.Legend) != 2 || c.Legend[0].Stations != 7 || c.Legend[1].Class != "s1" {
		t.Fatalf("chart = %+v", c)
	}
	st := c.Panels[0]
	var ticks []string
	for _, y := range st.YTicks {
		ticks = append(ticks, y.Label)
	}
	if !slices.Equal(ticks, []string{"0", "2", "4", "6", "8"}) {
		t.Errorf("y ticks = %v", ticks)
	}
	if len(st.XTicks) != 1 || st.XTicks[0].Label != "2021.6" {
		t.Errorf("x ticks = %+v", st.XTicks)
	}
	if pts := strings.Fields(st.Series[0].Points); len(pts) != 3 || pts[0] != "46,211.8" || pts[2] != "508,42.3" {
		t.Errorf("points = %q", st.Series[0].Points)
	}
	long := make([]string, 30)
	for i := range long {
		long[i] = shuangbai.NewDate(2019, 1, 1).Time().AddDate(0, i, 0).Format("2006-01")
	}
	for i, want := range map[int]string{0: "2019年", 12: "2020年", 24: "2021年"} {
		if got, ok := chartMonthTick(long, i); !ok || got != want {
			t.Errorf("tick %d = %q, %v", i, got, ok)
		}
	}
	if _, ok := chartMonthTick(long, 5); ok {
		t.Error("tick at June of a long series")
	}
}
