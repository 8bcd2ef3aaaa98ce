package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite"

	"shuangbai"
)

// SQLite extended result codes for constraint failures.
const (
	sqliteConstraintFK     = 787
	sqliteConstraintPK     = 1555
	sqliteConstraintUnique = 2067
)

// mapError turns the drivers' constraint errors into shuangbai errors a user
// can act on; other errors pass through.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "记录不存在或不在您的管辖范围内")
	}
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqliteConstraintUnique, sqliteConstraintPK:
			return shuangbai.Errorf(shuangbai.ECONFLICT, "记录已存在，不能重复添加")
		case sqliteConstraintFK:
			return shuangbai.Errorf(shuangbai.ECONFLICT, "该记录被其他记录引用或引用的记录不存在")
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return shuangbai.Errorf(shuangbai.ECONFLICT, "记录已存在，不能重复添加")
		case "23503":
			return shuangbai.Errorf(shuangbai.ECONFLICT, "该记录被其他记录引用或引用的记录不存在")
		}
	}
	return err
}

func notFound(what string) error {
	return shuangbai.Errorf(shuangbai.ENOTFOUND, "%s不存在或不在您的管辖范围内", what)
}

func forbidden() error {
	return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号没有此项操作的权限")
}

// mergeFields adds the field messages of a validation error to fe, so one
// answer lists the problems of a person and of their new household at once.
func mergeFields(fe shuangbai.FieldErrors, err error) {
	var e *shuangbai.Error
	if errors.As(err, &e) {
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
}
