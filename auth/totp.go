package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Two-factor login is TOTP (RFC 6238) with the settings every authenticator
// app reads from a QR code: SHA-1, six digits, 30-second steps.
const totpPeriod = 30

// TOTPKey is a new second factor for an account: the secret to store
// (sealed), and what the user scans or types to enrol it.
type TOTPKey struct {
	Secret string // base32
	URL    string // otpauth://totp/…
	QR     []byte // PNG of URL, drawn here: no image leaves the server
}

// NewTOTP returns a new key for account, named by issuer in the app.
func NewTOTP(issuer, account string) (*TOTPKey, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, SecretSize: 20})
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &TOTPKey{Secret: k.Secret(), URL: k.URL(), QR: buf.Bytes()}, nil
}

// TOTPCode returns the code of secret at t, for tests and for showing the
// user what their app should say.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// CheckTOTP reports whether code is secret's code at t or one step either
// side (a phone's clock drifts), and returns the step it matched. A step
// at or before last, the step of the code used before, is refused, so a
// code seen over a shoulder cannot be used again.
func CheckTOTP(secret, code string, t time.Time, last int64) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	now := t.Unix() / totpPeriod
	for _, off := range []int64{-1, 0, 1} {
		s := now + off
		want, err := TOTPCode(secret, time.Unix(s*totpPeriod, 0))
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > last {
			return s, true
		}
	}
	return 0, false
}

// recoveryAlphabet leaves out 0/O and 1/I/L, which people misread from paper.
const recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// NewRecoveryCodes returns n one-time recovery codes ("ABCD-EFGH-JKMN",
// about 59 bits each) and the hashes to store. The codes are shown once.
func NewRecoveryCodes(n int) (codes, hashes []string) {
	for range n {
		b := make([]byte, 12)
		rand.Read(b)
		var sb strings.Builder
		for i, x := range b {
			if i > 0 && i%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(x)%len(recoveryAlphabet)])
		}
		codes = append(codes, sb.String())
		hashes = append(hashes, RecoveryHash(sb.String()))
	}
	return codes, hashes
}

// RecoveryHash is the stored form of a recovery code. The codes are random
// and long, so a fast hash suffices; spaces, dashes and case do not matter.
func RecoveryHash(code string) string {
	c := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, code))
	h := sha256.Sum256([]byte("shuangbai recovery code " + c))
	return hex.EncodeToString(h[:])
}
