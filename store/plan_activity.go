package store

import (
	"context"

	"shuangbai"
)

// planActivityCounts adds the station's activities to counts. TODO(lead):
// wired to the activities table when community activities land.
func (db *DB) planActivityCounts(ctx context.Context, stationID int64, from, to shuangbai.Date, counts shuangbai.PlanCounts) error {
	return nil
}
