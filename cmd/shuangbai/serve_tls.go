package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"shuangbai/tlsca"
)

// tlsFiles are the certificate and key the server speaks HTTPS with.
type tlsFiles struct{ cert, key string }

// tlsFlags reads the --tls-* flags: nil for plain HTTP, the files given, or
// those of a private CA made (or kept) in the --tls-self-signed folder,
// whose installation steps are printed when the CA is new.
func tlsFlags(cert, key, selfDir, hosts, addr string, stdout io.Writer) (*tlsFiles, error) {
	switch {
	case selfDir != "" && (cert != "" || key != ""):
		return nil, errors.New("--tls-self-signed 不能与 --tls-cert/--tls-key 同时使用")
	case selfDir == "" && hosts != "":
		return nil, errors.New("--tls-hosts 只与 --tls-self-signed 一起使用")
	case (cert == "") != (key == ""):
		return nil, errors.New("--tls-cert 和 --tls-key 须同时给出")
	case cert != "":
		// Fail at start-up, not on the first phone's handshake.
		if _, err := tls.LoadX509KeyPair(cert, key); err != nil {
			return nil, fmt.Errorf("无法读取 HTTPS 证书: %w", err)
		}
		return &tlsFiles{cert, key}, nil
	case selfDir == "":
		return nil, nil
	}
	names := strings.Split(hosts, ",")
	if strings.TrimSpace(hosts) == "" {
		names = defaultHosts(addr)
	}
	r, err := tlsca.Ensure(selfDir, names, time.Now())
	if err != nil {
		return nil, err
	}
	if r.NewCA {
		fmt.Fprint(stdout, tlsca.InstallHelp(r.CAFile, r.Hosts))
	}
	if r.NewServer {
		fmt.Fprintf(stdout, "已签发服务器证书（%s），有效期至 %s\n", strings.Join(r.Hosts, "、"), r.NotAfter.Format("2006-01-02"))
	}
	return &tlsFiles{r.CertFile, r.KeyFile}, nil
}

// defaultHosts names the listening address and localhost: enough for a
// trial on one machine; an intranet gives its own with --tls-hosts.
func defaultHosts(addr string) []string {
	out := []string{"localhost", "127.0.0.1"}
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" && h != "0.0.0.0" && h != "::" {
		out = append(out, h)
	}
	return out
}

// hsts tells browsers to use only HTTPS here from now on (a year), so a
// phone on the station's Wi-Fi cannot be talked down to plain HTTP. Not
// includeSubDomains: the bureau's other intranet hosts are not ours.
func hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}
