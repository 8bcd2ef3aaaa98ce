package store

import (
	"context"

	"shuangbai"
)

// planActivityCounts adds the station's community activities to counts:
// all of them, the group activities (小组活动) among them, and the people
// they reached.
func (db *DB) planActivityCounts(ctx context.Context, stationID int64, from, to shuangbai.Date, counts shuangbai.PlanCounts) error {
	cs, err := db.ActivityCounts(ctx, shuangbai.Scope{All: true}, stationID, from, to)
	if err != nil {
		return err
	}
	for _, c := range cs {
		counts[shuangbai.MeasureActivities] += c.Activities
		counts[shuangbai.MeasureReached] += c.Reached
		if c.Kind == shuangbai.ActivityGroup {
			counts[shuangbai.MeasureGroups] += c.Activities
		}
	}
	return nil
}
