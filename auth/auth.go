// Package auth hashes passwords, makes random tokens and throttles repeated
// failed logins. It knows nothing of HTTP or of the database.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Cost is the work an argon2id hash takes, which is what each guess at a
// stolen hash costs. A hash records its cost, so CheckPassword verifies a
// hash of any cost.
type Cost struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultCost is RFC 9106's second recommended option, scaled to 64 MiB so
// a login costs ~0.2 s on a small server: every account's hash.
var DefaultCost = Cost{Time: 3, Memory: 64 * 1024, Threads: 2}

const (
	argonKeyLen = 32
	saltLen     = 16
)

// HashPassword returns an encoded argon2id hash of password at DefaultCost.
func HashPassword(password string) (string, error) {
	return HashPasswordCost(password, DefaultCost)
}

// HashPasswordCost is HashPassword at cost c. Only tests, which log in
// thousands of times, hash at less than DefaultCost.
func HashPasswordCost(password string, c Cost) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, c.Time, c.Memory, c.Threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.Memory, c.Time, c.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an encoded hash.
func CheckPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("auth: unknown password hash format")
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("auth: bad hash parameters: %w", err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("auth: bad salt: %w", err)
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("auth: bad key: %w", err)
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NewToken returns a random URL-safe token with 256 bits of entropy.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics instead since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Limiter throttles logins: after Max failures for one key (a username, or
// an address) within Window, further attempts are refused until the window
// has passed since the last failure.
type Limiter struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter returns a limiter allowing max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, Now: time.Now, failures: map[string][]time.Time{}}
}

// Allow reports whether a login for key may be attempted now, and if not,
// how long to wait.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	recent := l.prune(key, now)
	if len(recent) < l.Max {
		return true, 0
	}
	return false, recent[len(recent)-1].Add(l.Window).Sub(now)
}

// Take counts an attempt for key before it is made, and reports whether it
// may go ahead. Counting first closes the race in which many parallel
// guesses all pass Allow while the first is still being checked. A
// successful attempt is handed back with Undo (or Reset).
func (l *Limiter) Take(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	recent := l.prune(key, now)
	if len(recent) >= l.Max {
		return false, recent[len(recent)-1].Add(l.Window).Sub(now)
	}
	l.failures[key] = append(recent, now)
	return true, 0
}

// Undo hands back the latest attempt counted for key.
func (l *Limiter) Undo(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.failures[key]
	if len(f) <= 1 {
		delete(l.failures, key)
		return
	}
	l.failures[key] = f[:len(f)-1]
}

// Fail records a failed attempt for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	l.failures[key] = append(l.prune(key, now), now)
}

// Reset forgets the failures of key after a successful login.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	f := l.failures[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.Window {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = f
	}
	return f
}
