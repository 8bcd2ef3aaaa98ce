package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"shuangbai"
)

const userColumns = "id, username, name, role, region, COALESCE(person_id, 0), disabled, created_at, password_changed_at, must_change, totp_secret_enc <> ''"

// userColumnsOf is userColumns for a query where users is aliased as a.
func userColumnsOf(a string) string {
	return strings.NewReplacer("id,", a+".id,", "username", a+".username", " name", " "+a+".name", "role", a+".role",
		"region", a+".region", "person_id", a+".person_id", "disabled", a+".disabled", "created_at", a+".created_at",
		"password_changed_at", a+".password_changed_at", "must_change", a+".must_change", "totp_secret_enc", a+".totp_secret_enc").Replace(userColumns)
}

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (*shuangbai.User, error) {
	var u shuangbai.User
	var changed sql.NullTime
	err := sc.Scan(append([]any{&u.ID, &u.Username, &u.Name, (*string)(&u.Role), &u.Region, &u.PersonID, &u.Disabled, &u.CreatedAt,
		&changed, &u.MustChangePassword, &u.TOTPEnabled}, extra...)...)
	u.PasswordChangedAt = changed.Time
	return &u, err
}

// CreateUser stores a new account with an already hashed password. Only a
// user who manages accounts may create one, inside their own scope and with
// a role no more powerful than their own.
func (db *DB) CreateUser(ctx context.Context, actor *shuangbai.User, u *shuangbai.User, passwordHash string) error {
	if !actor.CanManageUsers() {
		return forbidden()
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if !actor.Scope().Contains(u.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所属区划不在您的管辖范围内", Fields: map[string]string{"region": "所属区划不在您的管辖范围内"}}
	}
	if err := canGrant(actor, u.Role); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	if err := db.checkAccountPerson(ctx, actor, u.Region, u.PersonID, fe); err != nil {
		return err
	}
	if err := fe.Err(); err != nil {
		return err
	}
	u.CreatedAt = db.now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		u.PasswordChangedAt = u.CreatedAt
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO users (username, name, role, region, person_id, password_hash, disabled, created_at,
			password_changed_at, must_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), u.Username, u.Name, string(u.Role), u.Region,
			nullID(u.PersonID), passwordHash, u.Disabled, u.CreatedAt, u.PasswordChangedAt, u.MustChangePassword).Scan(&u.ID)
		if err != nil {
			err = mapError(err)
			if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
				return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "用户名已被使用", Fields: map[string]string{"username": "用户名已被使用"}}
			}
			return fmt.Errorf("store: create user: %w", err)
		}
		return db.audit(ctx, tx, actor, "create", "user", u.ID, u.Region, nil, u)
	})
}

// UserByName returns an account and its password hash, for logging in. It
// is not scoped: the caller has not logged in yet.
func (db *DB) UserByName(ctx context.Context, username string) (*shuangbai.User, string, error) {
	var hash string
	u, err := scanUser(db.read.QueryRowContext(ctx, db.q("SELECT "+userColumns+", password_hash FROM users WHERE username = ?"), username), &hash)
	if err == sql.ErrNoRows {
		return nil, "", shuangbai.Errorf(shuangbai.ENOTFOUND, "用户 %s 不存在", username)
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: user %s: %w", username, err)
	}
	return u, hash, nil
}

// Users returns the accounts inside scope.
func (db *DB) Users(ctx context.Context, scope shuangbai.Scope) ([]*shuangbai.User, error) {
	var w where
	w.scope("region", scope)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+userColumns+" FROM users WHERE "+w.String()+" ORDER BY region, username"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UpdateUser changes an account's name, home region and staff entry (whose
// worklist a social worker sees): the system administrator's, inside their
// scope, and the new region inside it too. Moving an account changes what
// it may see, so it needs the right to grant the account's role (a system
// administrator does not move a security administrator), and it ends the
// account's sessions so the new scope applies at once. It is audited.
func (db *DB) UpdateUser(ctx context.Context, actor *shuangbai.User, username, name, region string, personID int64) error {
	if !actor.CanManageUsers() {
		return forbidden()
	}
	u, _, err := db.UserByName(ctx, username)
	if err != nil {
		return err
	}
	if !actor.Scope().Contains(u.Region) {
		return notFound("用户")
	}
	before := map[string]any{"Name": u.Name, "Region": u.Region, "PersonID": u.PersonID}
	moved := region != u.Region
	u.Name, u.Region, u.PersonID = strings.TrimSpace(name), region, personID
	fe := shuangbai.FieldErrors{}
	var ve *shuangbai.Error
	if errors.As(u.Validate(), &ve) {
		for k, v := range ve.Fields {
			fe.Add(k, v)
		}
	}
	if fe["region"] == "" && !actor.Scope().Contains(region) {
		fe.Add("region", "所属区划不在您的管辖范围内")
	}
	if msg := actor.CannotGrant(u.Role); moved && msg != "" && fe["region"] == "" {
		fe.Add("region", msg)
	}
	if fe["region"] == "" {
		if err := db.checkAccountPerson(ctx, actor, region, personID, fe); err != nil {
			return err
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q("UPDATE users SET name = ?, region = ?, person_id = ? WHERE id = ?"),
			u.Name, u.Region, nullID(u.PersonID), u.ID); err != nil {
			return fmt.Errorf("store: update user: %w", err)
		}
		if moved {
			if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE user_id = ?"), u.ID); err != nil {
				return err
			}
		}
		after := map[string]any{"Username": username, "Name": u.Name, "Region": u.Region, "PersonID": u.PersonID}
		return db.audit(ctx, tx, actor, "update", "user", u.ID, u.Region, before, after)
	})
}

// checkAccountPerson adds to fe what is wrong with linking an account of
// region to the staff entry personID (0: none): the person must be inside
// the actor's scope, and where the account works — the person's region
// and the account's on one line, one inside the other. A worker of one
// town linked to a person of another would get a worklist of people she
// cannot see.
func (db *DB) checkAccountPerson(ctx context.Context, actor *shuangbai.User, region string, personID int64, fe shuangbai.FieldErrors) error {
	if personID == 0 {
		return nil
	}
	p, err := db.Person(ctx, actor.Scope(), personID)
	switch {
	case shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND:
		fe.Add("person_id", "人员不存在或不在您的管辖范围内")
	case err != nil:
		return err
	case !(shuangbai.Scope{Code: p.Region}).Contains(region) && !(shuangbai.Scope{Code: region}).Contains(p.Region):
		fe.Add("person_id", "“"+p.Name+"”登记在其他区划，与账号的所属区划不符：请选择账号所属区划内的人员，或先调整所属区划")
	}
	return nil
}

// AccountNames returns the names of the accounts with the given usernames,
// for the audit log, which records usernames: who did a thing is read by
// name. It is not scoped — the log's readers see who acted anywhere — and
// "system", the command line, is 系统.
func (db *DB) AccountNames(ctx context.Context, usernames []string) (map[string]string, error) {
	out := map[string]string{}
	var args []any
	for _, u := range usernames {
		if _, seen := out[u]; u != "" && !seen {
			out[u] = ""
			args = append(args, u)
		}
	}
	err := inBatches(args, func(batch []any) error {
		return db.eachRow(ctx, db.read, "SELECT username, name FROM users WHERE username IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch,
			func(sc func(...any) error) error {
				var u, name string
				if err := sc(&u, &name); err != nil {
					return err
				}
				out[u] = name
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("store: account names: %w", err)
	}
	for u, name := range out {
		if name == "" {
			delete(out, u)
		}
	}
	if _, ok := out[shuangbai.SystemUser.Username]; !ok {
		out[shuangbai.SystemUser.Username] = shuangbai.SystemUser.Name
	}
	return out, nil
}

// PersonAccounts returns the accounts inside scope linked to the staff
// entry personID, for the person's page.
func (db *DB) PersonAccounts(ctx context.Context, scope shuangbai.Scope, personID int64) ([]*shuangbai.User, error) {
	var w where
	w.add("person_id = ?", personID)
	w.scope("region", scope)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+userColumns+" FROM users WHERE "+w.String()+" ORDER BY username"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: person accounts: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetDisabled disables or enables an account; disabling ends its sessions
// and API tokens at once.
func (db *DB) SetDisabled(ctx context.Context, actor *shuangbai.User, username string, disabled bool) error {
	return db.updateUser(ctx, actor, username, "disable", "UPDATE users SET disabled = ? WHERE id = ?", disabled)
}

func (db *DB) updateUser(ctx context.Context, actor *shuangbai.User, username, action, stmt string, value any) error {
	if !actor.CanManageUsers() && actor.Username != username {
		return forbidden()
	}
	u, _, err := db.UserByName(ctx, username)
	if err != nil {
		return err
	}
	if !actor.Scope().Contains(u.Region) {
		return notFound("用户")
	}
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(stmt), value, u.ID); err != nil {
			return fmt.Errorf("store: %s user: %w", action, err)
		}
		if action == "password" || value == true {
			if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE user_id = ?"), u.ID); err != nil {
				return err
			}
		}
		after := map[string]any{"username": username}
		if action == "disable" {
			after["disabled"] = value
		}
		return db.audit(ctx, tx, actor, action, "user", u.ID, u.Region, nil, after)
	})
}

// canGrant refuses, as a field error, a role actor may not give.
func canGrant(actor *shuangbai.User, role shuangbai.Role) error {
	if msg := actor.CannotGrant(role); msg != "" {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: msg, Fields: map[string]string{"role": msg}}
	}
	return nil
}

// SetRole changes an account's role: the security administrator's, inside
// their scope, never their own (no one raises themself). The account's
// sessions end, so the new role applies at once. It is audited.
func (db *DB) SetRole(ctx context.Context, actor *shuangbai.User, username string, role shuangbai.Role) error {
	if !actor.CanManageSecurity() {
		return forbidden()
	}
	if actor.Username == username {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "不能修改自己的角色", Fields: map[string]string{"role": "不能修改自己的角色"}}
	}
	u, _, err := db.UserByName(ctx, username)
	if err != nil {
		return err
	}
	if !actor.Scope().Contains(u.Region) {
		return notFound("用户")
	}
	before := u.Role
	u.Role = role
	if err := u.Validate(); err != nil {
		return err
	}
	if err := canGrant(actor, role); err != nil {
		return err
	}
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q("UPDATE users SET role = ? WHERE id = ?"), string(role), u.ID); err != nil {
			return fmt.Errorf("store: set role: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE user_id = ?"), u.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "role", "user", u.ID, u.Region, map[string]any{"role": before}, map[string]any{"username": username, "role": role})
	})
}
