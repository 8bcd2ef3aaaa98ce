package auth

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"correct horse", true},
		{"correct horsE", false},
		{"", false},
	}
	for _, tt := range tests {
		ok, err := CheckPassword(h, tt.pw)
		if err != nil || ok != tt.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
	if h2, _ := HashPassword("correct horse"); h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
	if _, err := CheckPassword("$bcrypt$x", "a"); err == nil {
		t.Error("CheckPassword accepted an unknown format")
	}
	if want := "$argon2id$v=19$m=65536,t=3,p=2$"; !strings.HasPrefix(h, want) {
		t.Errorf("an account's hash %q does not begin %q: DefaultCost changed", h, want)
	}
}

// TestPasswordCost: a hash at another cost says so and verifies by what it
// says, whatever DefaultCost is.
func TestPasswordCost(t *testing.T) {
	c := Cost{Time: 1, Memory: 64, Threads: 1}
	h, err := HashPasswordCost("correct horse", c)
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(h, want) {
		t.Errorf("hash %q does not begin %q", h, want)
	}
	for pw, want := range map[string]bool{"correct horse": true, "correct horsE": false} {
		if ok, err := CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2021, 8, 9, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute)
	l.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("attempt %d refused", i)
		}
		l.Fail("a")
	}
	if ok, wait := l.Allow("a"); ok || wait != time.Minute {
		t.Fatalf("after 3 failures Allow = %v, %v; want false, 1m", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("another key was throttled")
	}
	now = now.Add(time.Minute)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("still throttled after the window")
	}
	l.Fail("a")
	l.Reset("a")
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("throttled after Reset")
	}
}

func TestNewToken(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
}

func TestLimiterTakeIsAtomic(t *testing.T) {
	l := NewLimiter(5, time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := l.Take("a"); ok {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if passed != 5 {
		t.Fatalf("%d of 30 parallel attempts passed, want 5", passed)
	}
	l.Undo("a")
	if ok, _ := l.Take("a"); !ok {
		t.Fatal("an attempt handed back with Undo is still counted")
	}
}
