package shuangbai

import (
	"fmt"
	"math"
)

// earliestDay is the first day a typed date may be: no one served was born
// before it, and no site, plan or training is older.
var earliestDay = NewDate(1900, 1, 1)

// CheckDay checks a date typed by a user. A date of something that has
// happened (planned false: a visit, a birth, a training held) may not be
// after today; a date of something planned (an assignment's start or end)
// may be at most a year ahead. No date may be before 1900. The zero Date is
// not checked: whether a date is required is the caller's rule. It returns
// an EINVALID *Error whose message, naming label, is filed under field.
func CheckDay(field, label string, d, today Date, planned bool) error {
	if msg := dayProblem(label, d, today, planned); msg != "" {
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	}
	return nil
}

// Day checks d by CheckDay and records a problem under field.
func (f FieldErrors) Day(field, label string, d, today Date, planned bool) {
	if msg := dayProblem(label, d, today, planned); msg != "" {
		f.Add(field, msg)
	}
}

func dayProblem(label string, d, today Date, planned bool) string {
	switch {
	case d.IsZero():
		return ""
	case d.Before(earliestDay):
		return label + "不能早于 1900 年"
	case !planned && d.After(today):
		return label + "不能晚于今天"
	case planned && d.After(latestPlanned(today)):
		return label + "不能晚于" + latestPlanned(today).Chinese() + "（最多提前一年）"
	}
	return ""
}

// latestPlanned is the last day a planned thing may be set for: a year
// from today. Further ahead is a typing error (9999-12-31), not a plan.
func latestPlanned(today Date) Date { return Date{today.t.AddDate(1, 0, 0)} }

// MaxYuan is the largest amount of money, in yuan, the system takes: a
// trillion, far above any county's budget, and small enough that sums over
// every row of a province stay exact in int64 and in float64.
const MaxYuan int64 = 1_000_000_000_000

// Yuan checks an amount in yuan and records a problem under field.
func (f FieldErrors) Yuan(field string, n int64) {
	switch {
	case n < 0:
		f.Add(field, "金额不能为负数")
	case n > MaxYuan:
		f.Add(field, "金额不能超过一万亿元，请核对（单位：元）")
	}
}

// Coords checks a location in WGS-84 and records problems under "lat" and
// "lng". Both zero means unknown. The programme's sites and people are in
// China, so a point outside its span (latitude 3–54, longitude 73–136) is a
// typing error, most often latitude and longitude swapped. NaN and the
// infinities fail every comparison, so the tests are written to refuse them.
func (f FieldErrors) Coords(lat, lng float64) {
	if lat == 0 && lng == 0 {
		return
	}
	if !(lat >= 3 && lat <= 54) {
		f.Add("lat", "纬度应在 3 到 54 之间（中国境内）")
	}
	if !(lng >= 73 && lng <= 136) {
		f.Add("lng", "经度应在 73 到 136 之间（中国境内）")
	}
}

// MaxHours is the most hours one training may count.
const MaxHours = 1000

// Hours checks the hours of a training and records a problem under field:
// 0 means not recorded; otherwise more than 0 and at most MaxHours.
func (f FieldErrors) Hours(field string, h float64) {
	if h != 0 && !(h > 0 && h <= MaxHours) {
		f.Add(field, fmt.Sprintf("学时应大于 0 且不超过 %d", MaxHours))
	}
}

// Finite reports whether x is a number: not NaN and not an infinity, which
// strconv.ParseFloat accepts ("NaN", "Inf") but no database column or JSON
// answer can hold.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
