package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm4"
)

// Algorithm names an authenticated cipher a Box seals with.
type Algorithm string

// The algorithms a Box can seal with. Both can always be opened.
const (
	AES256GCM Algorithm = "aes-256-gcm" // the default; hardware-accelerated almost everywhere
	SM4GCM    Algorithm = "sm4-gcm"     // 国密 SM4, for deployments that must use national algorithms
)

// KeySize is the length in bytes of a master key.
const KeySize = 32

// Errors returned by Open. Callers can tell a damaged or foreign value
// (ErrMalformed) from one sealed with another key or for another place
// (ErrOpen); neither says anything about the plaintext.
var (
	ErrMalformed = errors.New("secret: malformed token")
	ErrOpen      = errors.New("secret: token does not open with this key and additional data")
)

// Token prefixes: a format version and one letter for the algorithm.
const (
	prefixAES = "v1a:"
	prefixSM4 = "v1s:"
)

// HKDF info strings. Each sub-key has its own, so no two uses share a key:
// in particular the lookup key, which makes hashes that sit next to the
// ciphertext, is never an encryption key.
const (
	infoAES    = "shuangbai/secret/v1 encrypt aes-256-gcm"
	infoSM4    = "shuangbai/secret/v1 encrypt sm4-gcm"
	infoLookup = "shuangbai/secret/v1 lookup hmac-sha256"
)

// Box seals and opens field values and hashes them for lookups, with keys
// derived from one master key. It is safe for concurrent use.
type Box struct {
	alg    Algorithm
	aes    cipher.AEAD
	sm4    cipher.AEAD
	lookup []byte
}

// New returns a Box that seals with alg ("" means AES256GCM) and whose keys
// derive from key, which must be KeySize bytes of random master key material.
func New(alg Algorithm, key []byte) (*Box, error) {
	if alg == "" {
		alg = AES256GCM
	}
	if alg != AES256GCM && alg != SM4GCM {
		return nil, fmt.Errorf("secret: unknown algorithm %q (want %q or %q)", alg, AES256GCM, SM4GCM)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret: master key must be %d bytes, got %d", KeySize, len(key))
	}
	aesKey, err := hkdf.Key(sha256.New, key, nil, infoAES, 32)
	if err != nil {
		return nil, fmt.Errorf("secret: derive key: %w", err)
	}
	sm4Key, err := hkdf.Key(sha256.New, key, nil, infoSM4, sm4.BlockSize)
	if err != nil {
		return nil, fmt.Errorf("secret: derive key: %w", err)
	}
	lookup, err := hkdf.Key(sha256.New, key, nil, infoLookup, 32)
	if err != nil {
		return nil, fmt.Errorf("secret: derive key: %w", err)
	}
	b := &Box{alg: alg, lookup: lookup}
	if b.aes, err = newGCM(aes.NewCipher, aesKey); err != nil {
		return nil, err
	}
	if b.sm4, err = newGCM(sm4.NewCipher, sm4Key); err != nil {
		return nil, err
	}
	return b, nil
}

func newGCM(newCipher func([]byte) (cipher.Block, error), key []byte) (cipher.AEAD, error) {
	block, err := newCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return aead, nil
}

// Algorithm returns the algorithm b seals with.
func (b *Box) Algorithm() Algorithm { return b.alg }

// Seal encrypts plaintext and returns a text token such as "v1a:…". The aad
// (additional authenticated data) is not stored in the token but must be
// given again to Open; use the place the value belongs, such as
// "recipient.id_number". An empty plaintext seals to "", so empty fields
// stay empty.
//
// Seal does not normalise plaintext: callers store the canonical form (for
// example ParseIDNumber's Number) so that Open and Hash agree with it.
func (b *Box) Seal(plaintext, aad string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	aead, prefix := b.aes, prefixAES
	if b.alg == SM4GCM {
		aead, prefix = b.sm4, prefixSM4
	}
	// Random 96-bit nonces are safe for far more values than a county will
	// ever seal under one key (NIST's limit is 2^32 messages).
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secret: nonce: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), []byte(aad))
	return prefix + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// Open decrypts a token made by Seal with either algorithm, given the same
// aad. An empty token opens to "". It returns ErrMalformed for text that is
// not a token, and ErrOpen when the token was sealed under another master
// key or aad, or has been altered.
func (b *Box) Open(token, aad string) (string, error) {
	if token == "" {
		return "", nil
	}
	var aead cipher.AEAD
	switch {
	case strings.HasPrefix(token, prefixAES):
		aead = b.aes
	case strings.HasPrefix(token, prefixSM4):
		aead = b.sm4
	default:
		return "", ErrMalformed
	}
	// Both prefixes have the same length.
	raw, err := base64.RawStdEncoding.DecodeString(token[len(prefixAES):])
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", ErrMalformed
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, raw[:n], raw[n:], []byte(aad))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// AlgorithmOf returns the algorithm token was sealed with, and false if
// token is not a token. A migration re-seals every token whose algorithm
// differs from the Box's.
func AlgorithmOf(token string) (Algorithm, bool) {
	switch {
	case strings.HasPrefix(token, prefixAES):
		return AES256GCM, true
	case strings.HasPrefix(token, prefixSM4):
		return SM4GCM, true
	}
	return "", false
}

// Hash returns a keyed hash (HMAC-SHA256, 64 hex digits) of value for
// equality lookups: store it beside the sealed value, index it, and search by
// Hash of the wanted value. Spaces around value are trimmed and letters
// upper-cased first, so "…002x " finds "…002X". An empty value hashes to "",
// so empty fields do not all collide in a unique index.
//
// The hash depends only on the master key, not on the Box's algorithm, so
// switching algorithms does not require rehashing.
func (b *Box) Hash(value string) string {
	value = strings.ToUpper(strings.TrimSpace(value))
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, b.lookup)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}
