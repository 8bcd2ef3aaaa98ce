package ui

import (
	"errors"
	"testing"
	"time"
)

type upload struct {
	size int
	busy bool
}

func newHeld(now *time.Time, full error) *Held[*upload] {
	return &Held[*upload]{TTL: time.Hour, PerUser: 2, MaxSize: 10, Full: full,
		Size: func(u *upload) int { return u.size }, Busy: func(u *upload) bool { return u.busy },
		Gone: errors.New("gone"), Now: func() time.Time { return *now }}
}

func TestHeld(t *testing.T) {
	now := time.Date(2021, 8, 9, 9, 0, 0, 0, time.UTC)
	mustAdd := func(t *testing.T, h *Held[*upload], user int64, u *upload) string {
		t.Helper()
		tok, err := h.Add(user, u)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	t.Run("only its uploader gets it", func(t *testing.T) {
		h := newHeld(&now, nil)
		tok := mustAdd(t, h, 1, &upload{size: 1})
		if _, err := h.Get(2, tok); err == nil {
			t.Error("another user got the upload")
		}
		if _, err := h.Get(1, "nope"); err == nil {
			t.Error("an unknown token was found")
		}
		if _, err := h.Get(1, tok); err != nil {
			t.Error(err)
		}
	})
	t.Run("per user the oldest goes", func(t *testing.T) {
		h := newHeld(&now, nil)
		first := mustAdd(t, h, 1, &upload{size: 1})
		clock := now
		h.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
		second := mustAdd(t, h, 1, &upload{size: 1})
		other := mustAdd(t, h, 2, &upload{size: 1})
		third := mustAdd(t, h, 1, &upload{size: 1})
		if _, err := h.Get(1, first); err == nil {
			t.Error("the user's oldest upload was kept beyond PerUser")
		}
		for _, tok := range []string{second, third} {
			if _, err := h.Get(1, tok); err != nil {
				t.Error(err)
			}
		}
		if _, err := h.Get(2, other); err != nil {
			t.Error("another user's upload went:", err)
		}
	})
	t.Run("expiry, extended by Get, never while busy", func(t *testing.T) {
		clock := now
		h := newHeld(&clock, nil)
		idle := mustAdd(t, h, 1, &upload{size: 1})
		busy := mustAdd(t, h, 2, &upload{size: 1, busy: true})
		used := mustAdd(t, h, 3, &upload{size: 1})
		clock = clock.Add(50 * time.Minute)
		if _, err := h.Get(3, used); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(20 * time.Minute)
		if _, err := h.Get(1, idle); err == nil {
			t.Error("an upload outlived its TTL")
		}
		if _, err := h.Get(2, busy); err != nil {
			t.Error("a busy upload expired:", err)
		}
		if _, err := h.Get(3, used); err != nil {
			t.Error("Get did not extend the life of an upload:", err)
		}
	})
	t.Run("full: refuse", func(t *testing.T) {
		full := errors.New("full")
		h := newHeld(&now, full)
		mustAdd(t, h, 1, &upload{size: 6})
		if _, err := h.Add(2, &upload{size: 5}); !errors.Is(err, full) {
			t.Errorf("Add over MaxSize = %v, want %v", err, full)
		}
	})
	t.Run("full: the oldest idle uploads make room", func(t *testing.T) {
		clock := now
		h := newHeld(&clock, nil)
		busy := mustAdd(t, h, 1, &upload{size: 4, busy: true})
		clock = clock.Add(time.Minute)
		old := mustAdd(t, h, 2, &upload{size: 4})
		clock = clock.Add(time.Minute)
		newer := mustAdd(t, h, 3, &upload{size: 1})
		mustAdd(t, h, 4, &upload{size: 5})
		if _, err := h.Get(2, old); err == nil {
			t.Error("the oldest idle upload was kept over MaxSize")
		}
		if _, err := h.Get(1, busy); err != nil {
			t.Error("a busy upload was dropped:", err)
		}
		if _, err := h.Get(3, newer); err != nil {
			t.Error("a newer upload was dropped though there was room:", err)
		}
	})
	t.Run("take once, put back", func(t *testing.T) {
		h := newHeld(&now, nil)
		tok := mustAdd(t, h, 1, &upload{size: 1})
		u, err := h.Take(1, tok)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Take(1, tok); err == nil {
			t.Error("an upload was taken twice")
		}
		h.Put(1, tok, u)
		if got, err := h.Take(1, tok); err != nil || got != u {
			t.Errorf("Take after Put = %v, %v", got, err)
		}
	})
}
