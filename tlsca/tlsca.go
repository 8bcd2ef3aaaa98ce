// Package tlsca makes the private certificate authority and the server
// certificate that let a station's intranet server speak HTTPS without a
// public domain: browsers give service workers and WebCrypto (the offline
// app) only to secure origins, and an http://192.168.x.x address is not one.
//
// The CA is made once and kept in its folder; phones and PCs install its
// certificate (ca.crt) once. The server certificate is issued again when
// the names asked for change or it nears its end, without a new CA.
package tlsca

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// File names inside the folder.
const (
	CACert     = "ca.crt"
	CAKey      = "ca.key"
	ServerCert = "server.crt"
	ServerKey  = "server.key"
)

// Lifetimes. iOS and macOS refuse server certificates valid for more than
// 825 days even from a private CA; Chrome on Android accepts that too.
const (
	caLife     = 10 * 365 * 24 * time.Hour
	serverLife = 825 * 24 * time.Hour
	renewIn    = 30 * 24 * time.Hour
)

// Result says where the files are and what Ensure did.
type Result struct {
	CertFile, KeyFile, CAFile string
	NewCA, NewServer          bool
	Hosts                     []string
	NotAfter                  time.Time
}

// Ensure makes (or keeps) the CA in dir and a server certificate for hosts:
// DNS names and IP addresses. now is the clock, for tests.
func Ensure(dir string, hosts []string, now time.Time) (*Result, error) {
	hosts = cleanHosts(hosts)
	if len(hosts) == 0 {
		return nil, errors.New("tlsca: 至少需要一个域名或 IP 地址")
	}
	for _, h := range hosts {
		if net.ParseIP(h) == nil && !validDNS(h) {
			return nil, fmt.Errorf("tlsca: %q 既不是 IP 地址也不是域名", h)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("tlsca: 无法创建目录 %s: %w", dir, err)
	}
	res := &Result{CertFile: filepath.Join(dir, ServerCert), KeyFile: filepath.Join(dir, ServerKey), CAFile: filepath.Join(dir, CACert), Hosts: hosts}
	ca, caKey, err := loadPair(res.CAFile, filepath.Join(dir, CAKey))
	if errors.Is(err, os.ErrNotExist) {
		ca, caKey, err = newCA(dir, now)
		res.NewCA = true
	}
	if err != nil {
		return nil, err
	}
	cur, _, err := loadPair(res.CertFile, res.KeyFile)
	if err == nil && !res.NewCA && current(cur, ca, hosts, now) {
		res.NotAfter = cur.NotAfter
		return res, nil
	}
	cert, err := newServer(dir, ca, caKey, hosts, now)
	if err != nil {
		return nil, err
	}
	res.NewServer, res.NotAfter = true, cert.NotAfter
	return res, nil
}

// current reports whether cert was signed by ca, names exactly hosts, and
// is not near its end.
func current(cert, ca *x509.Certificate, hosts []string, now time.Time) bool {
	if cert.CheckSignatureFrom(ca) != nil || now.Add(renewIn).After(cert.NotAfter) {
		return false
	}
	var have []string
	have = append(have, cert.DNSNames...)
	for _, ip := range cert.IPAddresses {
		have = append(have, ip.String())
	}
	slices.Sort(have)
	want := slices.Clone(hosts)
	slices.Sort(want)
	return slices.Equal(have, want)
}

func newCA(dir string, now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "双百社工站内网 CA " + now.Format("2006-01-02"), Organization: []string{"双百工程"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(caLife),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true, // signs server certificates only
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	if err := writePair(filepath.Join(dir, CACert), filepath.Join(dir, CAKey), der, key); err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

func newServer(dir string, ca *x509.Certificate, caKey *ecdsa.PrivateKey, hosts []string, now time.Time) (*x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: hosts[0], Organization: []string{"双百工程"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(serverLife),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	// The chain, so clients that have the CA need nothing else.
	if err := writePair(filepath.Join(dir, ServerCert), filepath.Join(dir, ServerKey), der, key, ca.Raw); err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

func writePair(certFile, keyFile string, der []byte, key *ecdsa.PrivateKey, chain ...[]byte) error {
	var buf bytes.Buffer
	for _, d := range append([][]byte{der}, chain...) {
		pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: d})
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	// The key first: a certificate without its key is useless, the reverse
	// is made again on the next start.
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		return fmt.Errorf("tlsca: %w", err)
	}
	if err := os.WriteFile(certFile, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("tlsca: %w", err)
	}
	return nil
}

func loadPair(certFile, keyFile string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	cb, err := os.ReadFile(certFile)
	if err != nil {
		return nil, nil, err
	}
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, nil, err
	}
	cblock, _ := pem.Decode(cb)
	kblock, _ := pem.Decode(kb)
	if cblock == nil || kblock == nil {
		return nil, nil, fmt.Errorf("tlsca: %s 或 %s 不是 PEM 文件", certFile, keyFile)
	}
	cert, err := x509.ParseCertificate(cblock.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("tlsca: %s: %w", certFile, err)
	}
	k, err := x509.ParsePKCS8PrivateKey(kblock.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("tlsca: %s: %w", keyFile, err)
	}
	key, ok := k.(*ecdsa.PrivateKey)
	if !ok || !key.PublicKey.Equal(cert.PublicKey) {
		return nil, nil, fmt.Errorf("tlsca: %s 与 %s 不匹配", keyFile, certFile)
	}
	return cert, key, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n
}

func cleanHosts(in []string) []string {
	var out []string
	for _, h := range in {
		h = strings.ToLower(strings.TrimSpace(h))
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

func validDNS(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// InstallHelp tells, in Chinese, how to make phones and browsers trust the
// CA: printed when the CA is first made.
func InstallHelp(caFile string, hosts []string) string {
	url := "https://" + hosts[0]
	return fmt.Sprintf(`已生成内网 CA 证书：%s
请把它安装到每台使用本系统的手机和电脑上（只需一次），之后访问 %s 不再提示“不安全”，离线功能才能使用：
  Android：把 ca.crt 传到手机，打开“设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书”，选择该文件（部分机型在“更多安全设置”中）。
  iPhone：用 Safari 打开该文件并安装描述文件，再到“设置 → 通用 → 关于本机 → 证书信任设置”中打开对它的完全信任。
  Windows（Chrome/Edge）：双击 ca.crt → 安装证书 → 本地计算机 → “受信任的根证书颁发机构”。
  Firefox：设置 → 隐私与安全 → 证书 → 查看证书 → 证书颁发机构 → 导入，勾选“信任由此证书颁发机构来标识网站”。
请妥善保管同目录下的 ca.key：持有它的人可以冒充本系统。
`, caFile, url)
}
