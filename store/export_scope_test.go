package store

import (
	"context"

	"shuangbai"
)

// RegisteredCountiesForTest exposes registeredCounties to the scope tests:
// its callers look its answer up only for counties inside scope, so only a
// direct test sees whether it keeps to scope.
func (db *DB) RegisteredCountiesForTest(ctx context.Context, scope shuangbai.Scope) (map[string]bool, error) {
	return db.registeredCounties(ctx, scope)
}
