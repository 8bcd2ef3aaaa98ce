package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// logs collects a server's output; the server writes from its own pipe.
type logs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// server is one running shuangbai serve.
type server struct {
	cmd  *exec.Cmd
	addr string
	log  *logs
	done chan error
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// serve starts the binary's serve on addr with args and waits for
// /healthz.
func (h *harness) serve(ctx context.Context, addr string, args ...string) (*server, error) {
	s := &server{cmd: h.cmd(append([]string{"serve", "--addr", addr}, args...)...), addr: addr, log: &logs{}, done: make(chan error, 1)}
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the script
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- s.cmd.Wait() }()
	h.servers = append(h.servers, s)
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			return nil, fmt.Errorf("serve exited at start: %v\n%s", err, s.log)
		case <-ctx.Done():
			return nil, ctx.Err()
		default:
		}
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil, fmt.Errorf("serve did not answer within 90 s\n%s", s.log)
}

// stop ends the server with SIGTERM and waits for it.
func (s *server) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
	}
}

// waitLog waits until the server's log holds text.
func (s *server) waitLog(ctx context.Context, text string, bound time.Duration) error {
	deadline := time.Now().Add(bound)
	for !strings.Contains(s.log.String(), text) {
		if time.Now().After(deadline) {
			return fmt.Errorf("%q not in the server's log within %v:\n%s", text, bound, s.log)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}

var client = &http.Client{Timeout: 60 * time.Second}

// get reads path with token; the body is the answer's, whatever its status.
func get(ctx context.Context, addr, token, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+addr+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// postVisit records one visit; it reports whether a 2xx answer arrived
// whole.
func postVisit(ctx context.Context, addr, token string, benef int64, findings string) (bool, error) {
	body, _ := json.Marshal(map[string]any{"beneficiary_id": benef, "kind": "phone", "findings": findings})
	req, err := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/api/v1/visits", bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return false, err
	}
	if res.StatusCode/100 != 2 {
		return false, fmt.Errorf("HTTP %d: %.200s", res.StatusCode, b)
	}
	return true, nil
}
