package components

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time of day or zone: the OpenAPI `date` format, written
// YYYY-MM-DD in JSON and parameters.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(text string) (Date, error) {
	t, err := time.Parse("2006-01-02", text)
	if err != nil {
		return Date{}, fmt.Errorf("components.Date: %w", err)
	}
	return DateOf(t), nil
}

// MustParseDate is ParseDate for constants: it panics on a malformed date.
func MustParseDate(text string) Date {
	d, err := ParseDate(text)
	if err != nil {
		panic(err)
	}
	return d
}

// MustParseDateTime reads an RFC 3339 date-time (the OpenAPI `date-time` format) and panics
// when it is malformed; for constants.
func MustParseDateTime(text string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		panic(fmt.Errorf("components.MustParseDateTime: %w", err))
	}
	return t
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight of the date in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText writes YYYY-MM-DD (encoding/json then writes a JSON string).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(text []byte) error {
	parsed, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
