package secret_test

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"shuangbai/secret"
)

const aad = "recipient.id_number"

// testKey returns a fixed master key whose bytes all start from seed.
func testKey(seed byte) []byte {
	k := make([]byte, secret.KeySize)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

func newBox(t testing.TB, alg secret.Algorithm, key []byte) *secret.Box {
	t.Helper()
	b, err := secret.New(alg, key)
	if err != nil {
		t.Fatalf("New(%q): %v", alg, err)
	}
	return b
}

var algs = []struct {
	alg    secret.Algorithm
	prefix string
}{
	{secret.AES256GCM, "v1a:"},
	{secret.SM4GCM, "v1s:"},
}

func TestSealOpen(t *testing.T) {
	plaintexts := []string{"11010519491231002X", "13800138000", "广东省云浮市云城区", strings.Repeat("长", 1000), "x"}
	for _, a := range algs {
		b := newBox(t, a.alg, testKey(1))
		for _, p := range plaintexts {
			tok, err := b.Seal(p, aad)
			if err != nil {
				t.Fatalf("%s: Seal: %v", a.alg, err)
			}
			if !strings.HasPrefix(tok, a.prefix) {
				t.Errorf("%s: token %q lacks prefix %q", a.alg, tok, a.prefix)
			}
			// Short plaintexts such as "x" turn up in random base64 by chance.
			if len(p) >= 8 && strings.Contains(tok, p) {
				t.Errorf("%s: token %q contains the plaintext", a.alg, tok)
			}
			if got, _ := secret.AlgorithmOf(tok); got != a.alg {
				t.Errorf("AlgorithmOf(%q) = %q, want %q", tok, got, a.alg)
			}
			got, err := b.Open(tok, aad)
			if err != nil || got != p {
				t.Errorf("%s: Open(Seal(%.20q)) = %.20q, %v", a.alg, p, got, err)
			}
			again, _ := b.Seal(p, aad)
			if again == tok {
				t.Errorf("%s: sealing twice gave the same token; nonces must be random", a.alg)
			}
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, a := range algs {
		b := newBox(t, a.alg, testKey(1))
		if tok, err := b.Seal("", aad); tok != "" || err != nil {
			t.Errorf("%s: Seal(\"\") = %q, %v; want \"\", nil", a.alg, tok, err)
		}
		if p, err := b.Open("", aad); p != "" || err != nil {
			t.Errorf("%s: Open(\"\") = %q, %v; want \"\", nil", a.alg, p, err)
		}
	}
}

// TestOpenEitherAlgorithm checks that during a migration any Box opens the
// tokens of both algorithms made from the same master key.
func TestOpenEitherAlgorithm(t *testing.T) {
	aesBox := newBox(t, secret.AES256GCM, testKey(1))
	sm4Box := newBox(t, secret.SM4GCM, testKey(1))
	for _, from := range []*secret.Box{aesBox, sm4Box} {
		tok, err := from.Seal("13800138000", aad)
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []*secret.Box{aesBox, sm4Box} {
			if got, err := to.Open(tok, aad); err != nil || got != "13800138000" {
				t.Errorf("%s box opening %s token = %q, %v", to.Algorithm(), from.Algorithm(), got, err)
			}
		}
	}
}

// flipByte returns tok with one byte of its sealed payload changed.
func flipByte(t *testing.T, tok string, i int) string {
	t.Helper()
	raw, err := base64.RawStdEncoding.DecodeString(tok[4:])
	if err != nil {
		t.Fatal(err)
	}
	raw[(i+len(raw))%len(raw)] ^= 0x01
	return tok[:4] + base64.RawStdEncoding.EncodeToString(raw)
}

func TestOpenFails(t *testing.T) {
	for _, a := range algs {
		b := newBox(t, a.alg, testKey(1))
		tok, err := b.Seal("11010519491231002X", aad)
		if err != nil {
			t.Fatal(err)
		}
		swapped := "v1s:" + tok[4:]
		if a.alg == secret.SM4GCM {
			swapped = "v1a:" + tok[4:]
		}
		tests := []struct {
			name  string
			box   *secret.Box
			token string
			aad   string
			want  error
		}{
			{"tampered nonce", b, flipByte(t, tok, 0), aad, secret.ErrOpen},
			{"tampered ciphertext", b, flipByte(t, tok, 14), aad, secret.ErrOpen},
			{"tampered tag", b, flipByte(t, tok, -1), aad, secret.ErrOpen},
			{"wrong aad", b, tok, "recipient.phone", secret.ErrOpen},
			{"empty aad", b, tok, "", secret.ErrOpen},
			{"different master key", newBox(t, a.alg, testKey(2)), tok, aad, secret.ErrOpen},
			{"algorithm prefix swapped", b, swapped, aad, secret.ErrOpen},
			{"truncated", b, tok[:len(tok)-8], aad, secret.ErrOpen},
			{"too short", b, tok[:12], aad, secret.ErrMalformed},
			{"unknown version", b, "v2" + tok[2:], aad, secret.ErrMalformed},
			{"plaintext in the column", b, "11010519491231002X", aad, secret.ErrMalformed},
			{"bad base64", b, tok[:4] + "!!" + tok[6:], aad, secret.ErrMalformed},
		}
		for _, tt := range tests {
			t.Run(string(a.alg)+"/"+tt.name, func(t *testing.T) {
				got, err := tt.box.Open(tt.token, tt.aad)
				if !errors.Is(err, tt.want) {
					t.Errorf("Open() = %q, %v; want error %v", got, err, tt.want)
				}
				if got != "" {
					t.Errorf("Open() returned plaintext %q on failure", got)
				}
			})
		}
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		alg     secret.Algorithm
		key     []byte
		want    secret.Algorithm
		wantErr bool
	}{
		{"default is AES", "", testKey(1), secret.AES256GCM, false},
		{"aes", secret.AES256GCM, testKey(1), secret.AES256GCM, false},
		{"sm4", secret.SM4GCM, testKey(1), secret.SM4GCM, false},
		{"unknown algorithm", "des", testKey(1), "", true},
		{"short key", secret.AES256GCM, testKey(1)[:16], "", true},
		{"long key", secret.AES256GCM, append(testKey(1), 0), "", true},
		{"no key", secret.SM4GCM, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := secret.New(tt.alg, tt.key)
			if tt.wantErr {
				if err == nil {
					t.Errorf("New(%q, %d bytes) succeeded, want error", tt.alg, len(tt.key))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Algorithm() != tt.want {
				t.Errorf("Algorithm() = %q, want %q", b.Algorithm(), tt.want)
			}
		})
	}
}

func TestAlgorithmOf(t *testing.T) {
	tests := []struct {
		token string
		want  secret.Algorithm
		ok    bool
	}{
		{"v1a:abc", secret.AES256GCM, true},
		{"v1s:abc", secret.SM4GCM, true},
		{"13800138000", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := secret.AlgorithmOf(tt.token); got != tt.want || ok != tt.ok {
			t.Errorf("AlgorithmOf(%q) = %q, %v; want %q, %v", tt.token, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHash(t *testing.T) {
	aes1 := newBox(t, secret.AES256GCM, testKey(1))
	sm41 := newBox(t, secret.SM4GCM, testKey(1))
	aes2 := newBox(t, secret.AES256GCM, testKey(2))
	const id = "11010519491231002X"
	h := aes1.Hash(id)
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("Hash(%q) = %q, want 64 lower-case hex digits", id, h)
	}
	tests := []struct {
		name  string
		got   string
		equal bool
	}{
		{"stable", aes1.Hash(id), true},
		{"lower-case x and spaces", aes1.Hash(" 11010519491231002x\n"), true},
		{"same master key, other algorithm", sm41.Hash(id), true},
		{"other master key", aes2.Hash(id), false},
		{"other value", aes1.Hash("110105194912310029"), false},
	}
	for _, tt := range tests {
		if (tt.got == h) != tt.equal {
			t.Errorf("%s: Hash = %q, equal to %q is %v, want %v", tt.name, tt.got, h, tt.got == h, tt.equal)
		}
	}
	for _, empty := range []string{"", "  "} {
		if got := aes1.Hash(empty); got != "" {
			t.Errorf("Hash(%q) = %q, want \"\"", empty, got)
		}
	}
}

func TestParseKey(t *testing.T) {
	hex64 := strings.Repeat("0123456789abcdef", 4)
	tests := []struct {
		name    string
		in      string
		wantErr bool
	}{
		{"lower-case hex", hex64, false},
		{"upper-case hex", strings.ToUpper(hex64), false},
		{"surrounding whitespace", "  " + hex64 + "\n", false},
		{"empty", "", true},
		{"too short", hex64[:62], true},
		{"too long", hex64 + "00", true},
		{"not hex", strings.Repeat("g", 64), true},
		{"base64 instead of hex", base64.StdEncoding.EncodeToString(testKey(1)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := secret.ParseKey(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseKey(%q) succeeded, want error", tt.in)
				}
				if strings.Contains(err.Error(), strings.TrimSpace(tt.in)) && tt.in != "" {
					t.Errorf("error %q repeats the key text", err)
				}
				return
			}
			if err != nil || len(key) != secret.KeySize {
				t.Fatalf("ParseKey(%q) = %d bytes, %v", tt.in, len(key), err)
			}
		})
	}
}

func TestGenerateKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuangbai.key")
	key, err := secret.GenerateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != secret.KeySize {
		t.Fatalf("GenerateKeyFile returned %d bytes, want %d", len(key), secret.KeySize)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	loaded, err := secret.LoadKey(path)
	if err != nil || string(loaded) != string(key) {
		t.Fatalf("LoadKey after GenerateKeyFile = %x, %v; want %x", loaded, err, key)
	}

	before, _ := os.ReadFile(path)
	if _, err := secret.GenerateKeyFile(path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("GenerateKeyFile over an existing file: error = %v, want fs.ErrExist", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("GenerateKeyFile changed an existing key file")
	}

	other, err := secret.GenerateKeyFile(filepath.Join(t.TempDir(), "other.key"))
	if err != nil {
		t.Fatal(err)
	}
	if string(other) == string(key) {
		t.Error("two generated keys are equal")
	}
}

func TestLoadKeyErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want string // a substring of the error
	}{
		{"missing", filepath.Join(dir, "nope.key"), "does not exist"},
		{"empty", write("empty.key", "\n"), "is empty"},
		{"short", write("short.key", "abcd\n"), "64 hex digits"},
		{"bad hex", write("bad.key", strings.Repeat("z", 64)), "64 hex digits"},
		{"a directory", dir, "read key file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := secret.LoadKey(tt.path)
			if err == nil {
				t.Fatalf("LoadKey(%s) = %x, want error", tt.name, key)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadKey(%s) error = %q, want it to mention %q", tt.name, err, tt.want)
			}
		})
	}
}

func BenchmarkSealOpen(b *testing.B) {
	for _, a := range algs {
		b.Run(string(a.alg), func(b *testing.B) {
			box := newBox(b, a.alg, testKey(1))
			b.ReportAllocs()
			for b.Loop() {
				tok, err := box.Seal("11010519491231002X", aad)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := box.Open(tok, aad); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
