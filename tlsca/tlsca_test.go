package tlsca

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var day0 = time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC)

func verify(t *testing.T, r *Result, host string, at time.Time) error {
	t.Helper()
	pair, err := tls.LoadX509KeyPair(r.CertFile, r.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(r.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	leaf, _ := x509.ParseCertificate(pair.Certificate[0])
	_, err = leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: host, CurrentTime: at})
	return err
}

func TestEnsure(t *testing.T) {
	dir := t.TempDir()
	r, err := Ensure(dir, []string{"192.168.1.10", "Station.Local", " "}, day0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.NewCA || !r.NewServer {
		t.Fatalf("first run made %+v", r)
	}
	for _, h := range []string{"192.168.1.10", "station.local"} {
		if err := verify(t, r, h, day0); err != nil {
			t.Errorf("%s: %v", h, err)
		}
	}
	if verify(t, r, "10.0.0.1", day0) == nil {
		t.Error("certificate valid for an address not asked for")
	}
	if fi, _ := os.Stat(filepath.Join(dir, CAKey)); fi.Mode().Perm() != 0o600 {
		t.Errorf("ca.key mode %v", fi.Mode())
	}
	caBefore, _ := os.ReadFile(r.CAFile)

	tests := []struct {
		name      string
		hosts     []string
		at        time.Time
		newServer bool
	}{
		{"same names kept", []string{"station.local", "192.168.1.10"}, day0.Add(24 * time.Hour), false},
		{"new address reissued", []string{"192.168.1.10", "192.168.1.11", "station.local"}, day0, true},
		{"near its end renewed", []string{"192.168.1.10", "192.168.1.11", "station.local"}, day0.Add(serverLife - 10*24*time.Hour), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Ensure(dir, tt.hosts, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if r.NewCA || r.NewServer != tt.newServer {
				t.Fatalf("got NewCA %v NewServer %v", r.NewCA, r.NewServer)
			}
			if err := verify(t, r, tt.hosts[0], tt.at); err != nil {
				t.Fatal(err)
			}
		})
	}
	if caAfter, _ := os.ReadFile(r.CAFile); string(caAfter) != string(caBefore) {
		t.Error("the CA changed: every phone would have to install it again")
	}
}

func TestEnsureBadInput(t *testing.T) {
	tests := []struct {
		hosts []string
		want  string
	}{
		{nil, "至少需要"},
		{[]string{"bad host"}, "既不是"},
		{[]string{"-x.local"}, "既不是"},
		{[]string{"a..b"}, "既不是"},
	}
	for _, tt := range tests {
		if _, err := Ensure(t.TempDir(), tt.hosts, day0); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Ensure(%q) = %v, want %q", tt.hosts, err, tt.want)
		}
	}
	// A key that does not match its certificate is an error, not a silent new CA.
	dir := t.TempDir()
	if _, err := Ensure(dir, []string{"a.local"}, day0); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, CAKey), mustRead(t, filepath.Join(dir, ServerKey)), 0o600)
	if _, err := Ensure(dir, []string{"a.local"}, day0); err == nil || !strings.Contains(err.Error(), "不匹配") {
		t.Errorf("mismatched CA key: %v", err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
