package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestTLSFlags(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name                   string
		cert, key, self, hosts string
		wantErr, wantOut       string
		wantTLS                bool
	}{
		{name: "plain HTTP"},
		{name: "cert without key", cert: "x.crt", wantErr: "须同时给出"},
		{name: "both ways", cert: "x.crt", key: "x.key", self: dir, wantErr: "不能与"},
		{name: "hosts alone", hosts: "a.local", wantErr: "只与"},
		{name: "missing files", cert: "/nope.crt", key: "/nope.key", wantErr: "无法读取"},
		{name: "self-signed", self: dir, hosts: "192.168.1.10,shegong.local", wantOut: "Android", wantTLS: true},
		{name: "self-signed again: no new CA", self: dir, hosts: "192.168.1.10,shegong.local", wantTLS: true},
		{name: "own files", cert: filepath.Join(dir, "server.crt"), key: filepath.Join(dir, "server.key"), wantTLS: true},
		{name: "bad host", self: t.TempDir(), hosts: "not a host", wantErr: "既不是"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			tf, err := tlsFlags(tt.cert, tt.key, tt.self, tt.hosts, "127.0.0.1:8443", &out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (tf != nil) != tt.wantTLS {
				t.Fatalf("tls = %v", tf)
			}
			if tt.wantOut != "" && !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out.String())
			}
			if tt.wantOut == "" && strings.Contains(out.String(), "Android") {
				t.Errorf("install steps printed again for a kept CA")
			}
		})
	}
}

// TestServeTLS starts serve with a private CA and fetches the login page
// over HTTPS trusting only that CA, expecting HSTS.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SHUANGBAI_KEY", strings.Repeat("ab", 32))
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", filepath.Join(dir, "x.db"), "--addr", "127.0.0.1:0", "--tls-self-signed", filepath.Join(dir, "tls")}, pw, io.Discard)
		pw.Close()
	}()
	re := regexp.MustCompile(`https://127\.0\.0\.1:\d+`)
	var seen strings.Builder
	buf := make([]byte, 4096)
	deadline := time.Now().Add(30 * time.Second)
	for !re.MatchString(seen.String()) && time.Now().Before(deadline) {
		n, err := pr.Read(buf)
		seen.Write(buf[:n])
		if err != nil {
			t.Fatalf("serve output ended: %v\n%s", err, seen.String())
		}
	}
	go io.Copy(io.Discard, pr)
	url := re.FindString(seen.String())
	if url == "" {
		t.Fatalf("no https URL in\n%s", seen.String())
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, "tls", "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Get(url + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("GET /login = %d, HSTS %q", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	for _, c := range resp.Cookies() {
		if !c.Secure {
			t.Errorf("cookie %s not Secure over HTTPS", c.Name)
		}
	}
	// Without the CA the connection is refused: the certificate is not public.
	if _, err := http.Get(url + "/login"); err == nil {
		t.Error("a client without the CA trusted the certificate")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after shutdown", err)
	}
}
