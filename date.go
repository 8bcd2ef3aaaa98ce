package shuangbai

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date with no time of day or zone, as printed on forms
// ("2021年8月9日"). The zero Date means "not set". It is stored as
// 'YYYY-MM-DD', which sorts correctly as text (SQLite) and parses as DATE
// (PostgreSQL).
type Date struct {
	t time.Time // always midnight UTC
}

const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses 'YYYY-MM-DD'. An empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "日期格式应为 年-月-日，例如 2021-08-09")
	}
	if t.IsZero() {
		// 0001-01-01 is the zero Date, "not set": typed, it would vanish
		// instead of being refused as the year 1 it says.
		return Date{}, Errorf(EINVALID, "日期不能早于 1900 年")
	}
	return Date{t}, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns d as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String returns 'YYYY-MM-DD', or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Chinese returns the date as written on official documents: 2021年8月9日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.t.Year(), int(d.t.Month()), d.t.Day())
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Value stores d as 'YYYY-MM-DD', or NULL when zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE (PostgreSQL gives time.Time) or TEXT (SQLite) column.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("shuangbai: cannot scan %T into Date", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10] // tolerate a timestamp's date part
	}
	p, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("shuangbai: bad stored date %q", s)
	}
	*d = p
	return nil
}

// MarshalText encodes d for JSON as "YYYY-MM-DD" ("" when zero).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes "YYYY-MM-DD".
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// China is the zone the programme's dates are in: China Standard Time, UTC+8
// all year (no daylight saving), so no time-zone database is needed.
var China = time.FixedZone("CST", 8*60*60)

// Today returns the calendar date in China at instant t, whatever the
// server's own zone: a server on UTC must not think it is still yesterday
// between midnight and 08:00 Beijing time.
func Today(t time.Time) Date { return DateOf(t.In(China)) }
