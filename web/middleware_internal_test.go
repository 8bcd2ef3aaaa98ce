package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestFinishWrites: a write's context outlives its client (with a
// deadline), a read's ends with it.
func TestFinishWrites(t *testing.T) {
	for _, tt := range []struct {
		method   string
		finishes bool
	}{
		{http.MethodPost, true}, {http.MethodPatch, true}, {http.MethodPut, true}, {http.MethodDelete, true},
		{http.MethodGet, false}, {http.MethodHead, false},
	} {
		t.Run(tt.method, func(t *testing.T) {
			client, gone := context.WithCancel(context.Background())
			var err error
			var deadline bool
			h := finishWrites(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gone() // the client goes while the handler runs
				_, deadline = r.Context().Deadline()
				select {
				case <-r.Context().Done():
					err = r.Context().Err()
				case <-time.After(50 * time.Millisecond):
				}
			}))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, "/x", nil).WithContext(client))
			if finished := err == nil; finished != tt.finishes {
				t.Errorf("%s: ctx ended %v with its client, want finished %v", tt.method, err, tt.finishes)
			}
			if tt.finishes && !deadline {
				t.Errorf("%s: a write without a deadline", tt.method)
			}
		})
	}
}
