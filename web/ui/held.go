package ui

import (
	"sync"
	"time"

	"shuangbai/auth"
)

// Held keeps uploads between the steps of an import (upload, mapping,
// preview, confirmation), each under a random token that only its
// uploader may use. It keeps them in memory, not in the database: they hold
// data no one has agreed to file yet, and a restart simply asks for the
// file again. Every import uses one Held of its own; the zero value is not
// ready: fill the fields, then use it.
type Held[T any] struct {
	TTL     time.Duration    // since the upload, or since the last Get
	PerUser int              // uploads one user may hold, the oldest going first; 0: no limit
	MaxSize int              // what all uploads together may hold, in Size's unit
	Size    func(T) int      // nil: every upload is 1
	Busy    func(T) bool     // an upload being applied never expires nor goes; nil: never busy
	Full    error            // nil: make room by dropping the oldest uploads; else refuse with Full
	Gone    error            // the answer for a token that is not held for this user
	Now     func() time.Time // nil: time.Now

	mu sync.Mutex
	m  map[string]*holding[T]
}

type holding[T any] struct {
	user    int64
	v       T
	expires time.Time
}

func (h *Held[T]) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Held[T]) size(v T) int {
	if h.Size == nil {
		return 1
	}
	return h.Size(v)
}

func (h *Held[T]) busy(v T) bool { return h.Busy != nil && h.Busy(v) }

// Add keeps v for user and returns its token. It forgets expired uploads
// and the user's oldest beyond PerUser, then makes room within MaxSize or
// refuses with Full.
func (h *Held[T]) Add(user int64, v T) (string, error) {
	now := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string]*holding[T]{}
	}
	var mine []string
	total := h.size(v)
	for tok, x := range h.m {
		busy := h.busy(x.v)
		if now.After(x.expires) && !busy {
			delete(h.m, tok)
			continue
		}
		if x.user == user && !busy {
			mine = append(mine, tok)
		}
		total += h.size(x.v)
	}
	for h.PerUser > 0 && len(mine) >= h.PerUser {
		i := h.oldest(mine)
		total -= h.size(h.m[mine[i]].v)
		delete(h.m, mine[i])
		mine = append(mine[:i], mine[i+1:]...)
	}
	if total > h.MaxSize && h.Full != nil {
		return "", h.Full
	}
	for total > h.MaxSize {
		var idle []string
		for tok, x := range h.m {
			if !h.busy(x.v) {
				idle = append(idle, tok)
			}
		}
		if len(idle) == 0 {
			break
		}
		i := h.oldest(idle)
		total -= h.size(h.m[idle[i]].v)
		delete(h.m, idle[i])
	}
	tok := auth.NewToken()
	h.m[tok] = &holding[T]{user: user, v: v, expires: now.Add(h.TTL)}
	return tok, nil
}

// oldest returns the index in toks of the upload that expires first.
func (h *Held[T]) oldest(toks []string) int {
	o := 0
	for i, t := range toks {
		if h.m[t].expires.Before(h.m[toks[o]].expires) {
			o = i
		}
	}
	return o
}

// lookup returns the upload with token if it belongs to user and is alive.
// Another user's token is "not found", as a record outside one's scope is.
func (h *Held[T]) lookup(user int64, token string, now time.Time) (*holding[T], error) {
	x, ok := h.m[token]
	if !ok || x.user != user {
		return nil, h.Gone
	}
	if now.After(x.expires) && !h.busy(x.v) {
		delete(h.m, token)
		return nil, h.Gone
	}
	return x, nil
}

// Get returns the upload with token and extends its life by TTL.
func (h *Held[T]) Get(user int64, token string) (T, error) {
	now := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	x, err := h.lookup(user, token, now)
	if err != nil {
		var zero T
		return zero, err
	}
	x.expires = now.Add(h.TTL)
	return x.v, nil
}

// Take removes and returns the upload with token, so that a second click on
// a confirm button cannot apply it twice. Put gives it back when it was not
// applied after all.
func (h *Held[T]) Take(user int64, token string) (T, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	x, err := h.lookup(user, token, h.now())
	if err != nil {
		var zero T
		return zero, err
	}
	delete(h.m, token)
	return x.v, nil
}

// Put returns an upload taken with Take under its token, with a fresh TTL.
func (h *Held[T]) Put(user int64, token string, v T) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string]*holding[T]{}
	}
	h.m[token] = &holding[T]{user: user, v: v, expires: h.now().Add(h.TTL)}
}
