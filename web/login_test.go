package web_test

import (
	"net/http"
	"net/url"
	"sync"
	"testing"

	"shuangbai/web/webtest"
)

// TestLoginThrottleParallel: parallel guesses are counted before they are
// checked, so no more than the limit get a password check.
func TestLoginThrottleParallel(t *testing.T) {
	f := webtest.New(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {"wrong-password"}})
			mu.Lock()
			codes[res.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusUnauthorized] > 5 || codes[http.StatusTooManyRequests] < 25 {
		t.Fatalf("30 parallel wrong logins: %v; want at most 5 checked (401), the rest 429", codes)
	}
}
