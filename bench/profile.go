package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// kindHeader carries a load request's kind to the server in this process,
// which labels the handler's goroutine with it: a CPU profile of the load
// then splits by kind (go tool pprof -tagfocus 'kind=worker: a file').
const kindHeader = "X-Bench-Kind"

// labelKinds wraps the server's handler with the kind label.
func labelKinds(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := r.Header.Get(kindHeader)
		if k == "" {
			h.ServeHTTP(w, r)
			return
		}
		pprof.Do(r.Context(), pprof.Labels("kind", k), func(ctx context.Context) { h.ServeHTTP(w, r.WithContext(ctx)) })
	})
}

// profiles are the files the load run's profiles go to; "" for none.
type profiles struct {
	cpu, block, mutex, trace string
}

// start turns on what was asked for and returns the function that writes
// the profiles out.
func (p profiles) start() (stop func(), err error) {
	var cpu *os.File
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			return nil, err
		}
	}
	var tr *os.File
	if p.trace != "" {
		if tr, err = os.Create(p.trace); err != nil {
			return nil, err
		}
		if err := trace.Start(tr); err != nil {
			return nil, err
		}
	}
	if p.block != "" {
		runtime.SetBlockProfileRate(int(1e5)) // a sample per 100 µs blocked
	}
	if p.mutex != "" {
		runtime.SetMutexProfileFraction(5)
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if tr != nil {
			trace.Stop()
			tr.Close()
		}
		for _, x := range []struct{ name, file string }{{"block", p.block}, {"mutex", p.mutex}} {
			if x.file == "" {
				continue
			}
			f, err := os.Create(x.file)
			if err == nil {
				err = pprof.Lookup(x.name).WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "bench:", x.name, "profile:", err)
			}
		}
		runtime.SetBlockProfileRate(0)
		runtime.SetMutexProfileFraction(0)
	}, nil
}
