package main

import (
	"testing"
	"time"
)

func TestTarget(t *testing.T) {
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	for _, tt := range []struct {
		name      string
		http, sql time.Duration
		read      bool
		want      string
	}{
		{"fast read at its SQL plus the floor", ms(0.35), ms(0.10), true, "yes"},
		{"just over", ms(0.36), ms(0.10), true, "**no**"},
		{"a big read at 1.5×", ms(150), ms(100), true, "yes"},
		{"a big read at 1.6×", ms(160), ms(100), true, "**no**"},
		{"a write is not held to it", ms(900), ms(1), false, ""},
	} {
		r := result{name: tt.name, http50: tt.http, sql50: tt.sql, read: tt.read}
		if got := r.target(); got != tt.want {
			t.Errorf("%s: target() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
