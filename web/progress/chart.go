package progress

import (
	"context"
	"math"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

// progressChart is the chart of progress over time under the table: for
// each region of the table's rows, the stations and points built by the end
// of each month, cumulative, in two panels. It is drawn on the server as
// inline SVG with presentation attributes and CSS classes only, so it needs
// no script, passes the Content-Security-Policy and prints like the page.
type progressChart struct {
	From, To string // the first and last month, as 2017年7月
	Panels   []chartPanel
	Legend   []chartLegend
}

// chartPanel is one plot: its size in SVG units, its plot area, axes and
// lines.
type chartPanel struct {
	Title                    string
	W, H                     int
	Left, Top, Right, Bottom float64
	YTicks, XTicks           []chartTick
	Series                   []chartSeries
}

// chartTick is a labelled position along an axis.
type chartTick struct {
	Pos   float64
	Label string
}

// chartSeries is one region's line.
type chartSeries struct {
	Name   string
	Class  string // s0 … s7: colour and dash pattern, from progress.css
	Points string // the polyline's "x,y x,y …"
	EndX   float64
	EndY   float64
}

// chartLegend names a line's region with where it ends.
type chartLegend struct {
	Name             string
	Class            string
	Stations, Points int
}

// chartClasses is how many line styles progress.css defines.
const chartClasses = 8

// chartFor returns the chart for table t: per county of a city's table
// (per city of a province's), or the county alone for a county's table.
func (h *Handlers) chartFor(ctx context.Context, scope shuangbai.Scope, t *shuangbai.ProgressTable) (*progressChart, error) {
	region := t.RegionCode
	if shuangbai.LevelOf(region) == shuangbai.LevelCounty {
		// The county's own series is its parent's series restricted to the
		// user's scope: BuiltByMonth lists only the children in scope.
		region = shuangbai.ParentCode(region)
	}
	series, err := h.db.BuiltByMonth(ctx, scope, region, t.Date)
	if err != nil {
		return nil, err
	}
	if shuangbai.LevelOf(t.RegionCode) == shuangbai.LevelCounty {
		series = chartOnly(series, t.RegionCode)
	}
	return buildChart(series), nil
}

func chartOnly(series []store.MonthlyBuilt, code string) []store.MonthlyBuilt {
	for _, m := range series {
		if m.Code == code {
			return []store.MonthlyBuilt{m}
		}
	}
	return nil
}

// buildChart lays out the two panels; nil when nothing was built yet.
func buildChart(series []store.MonthlyBuilt) *progressChart {
	if len(series) == 0 || len(series[0].Months) == 0 {
		return nil
	}
	months := series[0].Months
	c := &progressChart{From: chartMonth(months[0], true), To: chartMonth(months[len(months)-1], true)}
	for i, m := range series {
		c.Legend = append(c.Legend, chartLegend{Name: m.Name, Class: "s" + strconv.Itoa(i%chartClasses),
			Stations: chartLast(m.Stations), Points: chartLast(m.Points)})
	}
	c.Panels = []chartPanel{
		chartPanelOf("社工站", months, series, func(m store.MonthlyBuilt) []int { return m.Stations }),
		chartPanelOf("社工点", months, series, func(m store.MonthlyBuilt) []int { return m.Points }),
	}
	return c
}

func chartPanelOf(title string, months []string, series []store.MonthlyBuilt, values func(store.MonthlyBuilt) []int) chartPanel {
	p := chartPanel{Title: title, W: 520, H: 280, Left: 46, Top: 14, Right: 508, Bottom: 240}
	top := 0
	for _, m := range series {
		top = max(top, chartLast(values(m)))
	}
	step := chartStep(float64(top) / 4)
	yMax := math.Max(step, math.Ceil(float64(top)/step)*step)
	y := func(v float64) float64 { return chartRound(p.Bottom - (p.Bottom-p.Top)*v/yMax) }
	x := func(i int) float64 {
		if len(months) == 1 {
			return chartRound((p.Left + p.Right) / 2)
		}
		return chartRound(p.Left + (p.Right-p.Left)*float64(i)/float64(len(months)-1))
	}
	for v := 0.0; v <= yMax+step/2; v += step {
		p.YTicks = append(p.YTicks, chartTick{Pos: y(v), Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	for i := range months {
		if label, ok := chartMonthTick(months, i); ok {
			p.XTicks = append(p.XTicks, chartTick{Pos: x(i), Label: label})
		}
	}
	for i, m := range series {
		vs := values(m)
		pts := make([]string, len(vs))
		for j, v := range vs {
			pts[j] = strconv.FormatFloat(x(j), 'f', -1, 64) + "," + strconv.FormatFloat(y(float64(v)), 'f', -1, 64)
		}
		p.Series = append(p.Series, chartSeries{Name: m.Name, Class: "s" + strconv.Itoa(i%chartClasses),
			Points: strings.Join(pts, " "), EndX: x(len(vs) - 1), EndY: y(float64(chartLast(vs)))})
	}
	return p
}

// chartMonthTick says whether month i gets a label on the x axis: every quarter
// over two years or less, else every January, named by its year.
func chartMonthTick(months []string, i int) (string, bool) {
	if len(months) <= 24 {
		if i%3 == 0 {
			return chartMonth(months[i], false), true
		}
		return "", false
	}
	if strings.HasSuffix(months[i], "-01") {
		return months[i][:4] + "年", true
	}
	return "", false
}

// chartMonth writes "2021-08" as 2021年8月, or as 2021.8 when short.
func chartMonth(m string, long bool) string {
	y, mm, _ := strings.Cut(m, "-")
	n, _ := strconv.Atoi(mm)
	if long {
		return y + "年" + strconv.Itoa(n) + "月"
	}
	return y + "." + strconv.Itoa(n)
}

// chartStep rounds a raw axis step up to 1, 2 or 5 times a power of ten.
func chartStep(raw float64) float64 {
	if raw <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func chartRound(f float64) float64 { return math.Round(f*10) / 10 }

func chartLast(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)-1]
}
