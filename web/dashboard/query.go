package dashboard

import (
	"net/url"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
)

// query is what a dashboard was asked for: a region in the user's scope
// (their home by default) and a period (the last twelve months by default).
type query struct {
	Region string
	Period shuangbai.Period
	From   string // as typed, for the form
	To     string
}

// Values returns the query as URL parameters, for the Excel link and the
// region switcher.
func (q query) Values() url.Values {
	return url.Values{"region": {q.Region}, "from": {q.Period.From.String()}, "to": {q.Period.To.String()}}
}

// defaultPeriod is the twelve months up to today.
func defaultPeriod(today shuangbai.Date) shuangbai.Period {
	return shuangbai.Period{From: shuangbai.DateOf(today.Time().AddDate(-1, 0, 1)), To: today}
}

// readQuery reads ?region=&from=&to=. A region outside scope is a 404; a
// malformed day is a field error; the period itself is the store's check
// (end before start, after today, longer than five years).
func readQuery(v url.Values, u *shuangbai.User, today shuangbai.Date) (query, error) {
	q := query{Region: strings.TrimSpace(v.Get("region")), From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to"))}
	if q.Region == "" {
		q.Region = u.Region
	}
	if _, err := ui.RegionParam(url.Values{"region": {q.Region}}, u.Scope()); err != nil {
		return q, err
	}
	q.Period = defaultPeriod(today)
	fe := shuangbai.FieldErrors{}
	if q.From != "" {
		q.Period.From = ui.ParseDate(fe, "from", q.From)
	}
	if q.To != "" {
		q.Period.To = ui.ParseDate(fe, "to", q.To)
	}
	return q, fe.Err()
}

// preset is a quick choice of period.
type preset struct {
	Label    string
	From, To shuangbai.Date
}

// presets are the periods a bureau asks for most: this year, last year,
// the last twelve months, the last 30 days.
func presets(today shuangbai.Date) []preset {
	y := today.Time().Year()
	return []preset{
		{"近30天", today.AddDays(-29), today},
		{"近12个月", defaultPeriod(today).From, today},
		{"本年", shuangbai.NewDate(y, time.January, 1), today},
		{"上年", shuangbai.NewDate(y-1, time.January, 1), shuangbai.NewDate(y-1, time.December, 31)},
	}
}
