package store

import (
	"context"

	"shuangbai"
)

// demoDayKey marks a database loaded with the demo: the day its story is
// set on, which the home page points to (the seed's figures hold on that
// day, not on today).
const demoDayKey = "demo_day"

// DemoDay returns the day the demo data tells of, or the zero Date when
// the database does not hold the demo.
func (db *DB) DemoDay(ctx context.Context) (shuangbai.Date, error) {
	var d shuangbai.Date
	_, err := db.setting(ctx, demoDayKey, &d)
	return d, err
}

// SetDemoDay records the demo's day; only the demo loader (the command
// line's system user) writes it.
func (db *DB) SetDemoDay(ctx context.Context, u *shuangbai.User, d shuangbai.Date) error {
	if u.Role != shuangbai.RoleSystem {
		return forbidden()
	}
	return db.saveSetting(ctx, u, demoDayKey, d)
}
