package secret

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// ParseKey decodes a master key written as 64 hex digits, the form used in
// key files and environment variables. Surrounding whitespace is ignored.
// Error messages never repeat the key text, since they end up in logs.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) != 2*KeySize {
		return nil, fmt.Errorf("secret: key must be %d hex digits, got %d characters", 2*KeySize, len(s))
	}
	key, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("secret: key must be %d hex digits (0-9, a-f)", 2*KeySize)
	}
	return key, nil
}

// LoadKey reads a master key file made by GenerateKeyFile: 64 hex digits,
// optionally followed by a newline.
func LoadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("secret: key file %s does not exist; create one with a new key only if no data has been encrypted yet: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("secret: read key file: %w", err)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, fmt.Errorf("secret: key file %s is empty", path)
	}
	key, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("secret: key file %s: %w", path, err)
	}
	return key, nil
}

// GenerateKeyFile creates path holding a new random master key, readable by
// its owner only (mode 0600), and returns the key. It refuses to replace an
// existing file, whose loss would make every value sealed with it unreadable;
// the error then wraps fs.ErrExist.
func GenerateKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("secret: generate key: %w", err)
	}
	// O_EXCL makes the existence check and the creation one step, so two
	// processes starting at once cannot both write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("secret: key file %s already exists; not overwriting it: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("secret: create key file: %w", err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // a half-written key file would fail LoadKey later, far from the cause
		return nil, fmt.Errorf("secret: write key file: %w", err)
	}
	return key, nil
}
