package account

import (
	"fmt"
	"net/http"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// PasswordDue reports whether u's password must be changed before anything
// else, because an administrator set it or it is older than the policy's
// MaxAgeDays, and otherwise in how many days it expires (rounded up). An
// account with no recorded change date is not held up: there is no age to
// judge.
func PasswordDue(p auth.Policy, u *shuangbai.User, now time.Time) (must bool, daysLeft int) {
	if u.MustChangePassword {
		return true, 0
	}
	if u.PasswordChangedAt.IsZero() {
		return false, p.MaxAgeDays
	}
	left := u.PasswordChangedAt.AddDate(0, 0, p.MaxAgeDays).Sub(now)
	if left <= 0 {
		return true, 0
	}
	return false, int((left + 24*time.Hour - 1) / (24 * time.Hour))
}

// Check is ui.Config.Check: it holds every page and API call of an
// account whose password must be changed (except the password page itself
// and logging out), and within the policy's WarnDays before the password
// expires it warns on the home page and the account page.
func Check(db *store.DB) func(r *http.Request, u *shuangbai.User) (string, error) {
	return func(r *http.Request, u *shuangbai.User) (string, error) {
		p, err := db.PasswordPolicy(r.Context())
		if err != nil {
			return "", err
		}
		must, left := PasswordDue(p, u, db.Now())
		if must {
			if r.URL.Path == ui.PasswordPath || r.URL.Path == "/api/v1/logout" {
				return "", nil
			}
			return "", ui.ErrPasswordChange
		}
		if left <= p.WarnDays && (r.URL.Path == "/" || r.URL.Path == "/account") {
			return fmt.Sprintf("您的密码将在 %d 天后过期，过期后须先修改密码才能使用系统。", left), nil
		}
		return "", nil
	}
}
