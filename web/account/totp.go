package account

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"net/url"
	"strings"

	"github.com/pquerna/otp"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Issuer names the system in the user's authenticator app.
const Issuer = "双百社工站"

// RecoveryCodes is how many one-time recovery codes an enrolment gives.
const RecoveryCodes = 10

// Enrolment is a new second factor being set up: its secret, carried in
// the form until the user proves their app shows the right code (only
// then is it stored), and its QR code as a data: URL, drawn here so no
// image of the secret leaves the server for a QR service.
type Enrolment struct {
	Account string
	Secret  string
	QR      template.URL
}

// Grouped writes the secret in groups of four, for typing into an app.
func (e *Enrolment) Grouped() string {
	var b strings.Builder
	for i, c := range e.Secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// NewEnrolment returns a new secret for account.
func NewEnrolment(account string) (*Enrolment, error) {
	k, err := auth.NewTOTP(Issuer, account)
	if err != nil {
		return nil, err
	}
	return &Enrolment{Account: account, Secret: k.Secret, QR: dataURL(k.QR)}, nil
}

// EnrolmentOf returns the enrolment of a secret the form sent back, to
// show it again after a wrong code, so a user who already scanned it need
// not scan again. A secret that is not one NewEnrolment makes is refused.
func EnrolmentOf(account, secret string) (*Enrolment, error) {
	secret = strings.ToUpper(strings.ReplaceAll(secret, " ", ""))
	if b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret); err != nil || len(b) != 20 {
		return nil, ui.BadRequest("验证器密钥有误，请刷新页面重新开始绑定")
	}
	// The key URI pquerna/otp writes for a new key, with this secret.
	v := url.Values{"secret": {secret}, "issuer": {Issuer}, "period": {"30"}, "algorithm": {"SHA1"}, "digits": {"6"}}
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + Issuer + ":" + account, RawQuery: v.Encode()}
	k, err := otp.NewKeyFromURL(u.String())
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
	return &Enrolment{Account: account, Secret: secret, QR: dataURL(buf.Bytes())}, nil
}

// dataURL is a PNG as a data: URL, which the Content-Security-Policy
// allows for images; it is built here from our own bytes, so it is safe.
func dataURL(png []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
}

// Confirm stores secret as u's second factor if code is its code now, and
// returns the recovery codes to show once. A wrong code gives the message
// to show next to the field, and stores nothing. The code's step is
// recorded, so the next login needs a newer code.
func Confirm(ctx context.Context, db *store.DB, u *shuangbai.User, secret, code string) (codes []string, wrong string, err error) {
	step, ok := auth.CheckTOTP(secret, strings.ReplaceAll(code, " ", ""), db.Now(), 0)
	if !ok {
		return nil, "验证码不正确：请输入验证器应用中“" + Issuer + "”当前显示的 6 位数字（手机时间须准确）", nil
	}
	codes, hashes := auth.NewRecoveryCodes(RecoveryCodes)
	if err := db.EnrolTOTP(ctx, u, secret, step, hashes); err != nil {
		return nil, "", err
	}
	return codes, "", nil
}

// RecoveryPage is the data of account/recovery.html: the recovery codes,
// shown once, and where to go when the user has kept them.
type RecoveryPage struct {
	Codes    []string
	Continue string
}

// totpPage is the data of account/totp.html.
type totpPage struct {
	Enrolment *Enrolment
	Enabled   bool
	Form      ui.Form
}

// TOTPForm shows a new secret to enrol, replacing the current second
// factor if there is one (a new phone).
func (h *Handlers) TOTPForm(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	e, err := NewEnrolment(u.Username)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "account/totp.html", totpPage{Enrolment: e, Enabled: u.TOTPEnabled, Form: ui.NewForm(nil, nil)})
}

// TOTPEnrol stores the new second factor once the current password and
// the app's first code are right, then shows the recovery codes once.
// The old factor and its recovery codes stop working.
func (h *Handlers) TOTPEnrol(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	e, err := EnrolmentOf(u.Username, v.Get("secret"))
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	code := ui.Trimmed(v, "code")
	if code == "" {
		fe.Add("code", "请输入验证器应用显示的 6 位验证码")
	}
	status, err := h.verify(r, u, v.Get("current"), fe)
	if err != nil {
		return err
	}
	if len(fe) == 0 {
		codes, wrong, err := Confirm(r.Context(), h.db, u, e.Secret, code)
		if err != nil {
			return err
		}
		if wrong == "" {
			return h.ui.Render(w, r, http.StatusOK, "account/recovery.html", RecoveryPage{Codes: codes, Continue: "/account"})
		}
		fe.Add("code", wrong)
	}
	shown := ui.NewForm(nil, fe.Err()) // never show a password or a code again
	return h.ui.Render(w, r, status, "account/totp.html", totpPage{Enrolment: e, Enabled: u.TOTPEnabled, Form: shown})
}

// verify checks the current password into fe's field "current", and
// returns the status to answer with when it (or anything) is wrong. A
// throttled account is 429; other errors are the server's.
func (h *Handlers) verify(r *http.Request, u *shuangbai.User, current string, fe shuangbai.FieldErrors) (int, error) {
	if current == "" {
		fe.Add("current", "请输入当前密码")
		return http.StatusUnprocessableEntity, nil
	}
	err := h.cfg.Verify(r, u, current)
	switch {
	case err == nil:
		return http.StatusUnprocessableEntity, nil
	case shuangbai.ErrorCode(err) == shuangbai.EUNAUTHORIZED:
		fe.Add("current", shuangbai.ErrorMessage(err))
		return http.StatusUnprocessableEntity, nil
	case shuangbai.ErrorCode(err) == ui.EThrottled:
		fe.Add("current", shuangbai.ErrorMessage(err))
		return http.StatusTooManyRequests, nil
	}
	return 0, err
}
