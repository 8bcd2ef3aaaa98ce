package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// CanWritePlans reports whether u may write station plans: the station's
// lead and the bureau admins over it.
func CanWritePlans(u *shuangbai.User) bool { return u.CanEditNetwork() }

// SavePlan creates a plan (ID 0) for a station and year or replaces one,
// with its lists, in one transaction. The station must lie inside the
// user's scope; a plan made from a template must carry its lines.
func (db *DB) SavePlan(ctx context.Context, u *shuangbai.User, p *shuangbai.Plan) error {
	if !CanWritePlans(u) {
		return forbidden()
	}
	scope := u.Scope()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var before *shuangbai.Plan
		if p.ID != 0 {
			old, err := db.plan(ctx, tx, scope, p.ID)
			if err != nil {
				return err
			}
			before = old
			// A plan stays with its station, year and template: another
			// station's or year's plan is a new plan.
			p.StationID, p.Year, p.TemplateID = old.StationID, old.Year, old.TemplateID
		}
		st, err := db.station(ctx, tx, scope, p.StationID)
		if err != nil {
			if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
				return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请选择您管辖范围内的社工站", Fields: map[string]string{"station_id": "请选择您管辖范围内的社工站"}}
			}
			return err
		}
		p.Region, p.StationName = st.Region, st.Name
		var tpl *shuangbai.PlanTemplate
		if p.TemplateID != 0 {
			if tpl, err = db.planTemplate(ctx, tx, shuangbai.Scope{Code: st.Region}, p.TemplateID); err != nil {
				return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "计划模板不适用于该社工站", Fields: map[string]string{"template_id": "计划模板不适用于该社工站"}}
			}
			p.Template = tpl.Name
		}
		if err := p.Validate(tpl); err != nil {
			return err
		}
		now := db.now()
		if before == nil {
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO station_plans (station_id, region, year, template_id, summary, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), p.StationID, p.Region, p.Year, nullID(p.TemplateID), p.Summary, now, now).Scan(&p.ID)
			if err != nil {
				if err = mapError(err); shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
					return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: fmt.Sprintf("%s %d 年的计划已经建立，请在原计划上修改", st.Name, p.Year),
						Fields: map[string]string{"year": fmt.Sprintf("%s %d 年的计划已经建立", st.Name, p.Year)}}
				}
				return fmt.Errorf("store: create plan: %w", err)
			}
		} else {
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE station_plans SET summary = ?, updated_at = ? WHERE id = ?`), p.Summary, now, p.ID); err != nil {
				return fmt.Errorf("store: update plan: %w", err)
			}
			for _, table := range []string{"plan_goals", "plan_assets", "plan_targets"} {
				if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM `+table+` WHERE plan_id = ?`), p.ID); err != nil {
					return fmt.Errorf("store: replace plan: %w", err)
				}
			}
		}
		if err := db.insertPlanLists(ctx, tx, p); err != nil {
			return err
		}
		p.UpdatedAt = now.Format("2006-01-02 15:04")
		action := "update"
		if before == nil {
			action = "create"
		}
		return db.audit(ctx, tx, u, action, "station_plan", p.ID, p.Region, before, p)
	})
}

func (db *DB) insertPlanLists(ctx context.Context, tx *sql.Tx, p *shuangbai.Plan) error {
	for i := range p.Goals {
		g := &p.Goals[i]
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO plan_goals (plan_id, seq, problem, goal, strategy) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			p.ID, i, g.Problem, g.Goal, g.Strategy).Scan(&g.ID); err != nil {
			return fmt.Errorf("store: plan goal: %w", err)
		}
	}
	for i := range p.Assets {
		a := &p.Assets[i]
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO plan_assets (plan_id, seq, kind, name, note) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			p.ID, i, string(a.Kind), a.Name, a.Note).Scan(&a.ID); err != nil {
			return fmt.Errorf("store: plan asset: %w", err)
		}
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO plan_targets (plan_id, seq, goal, measure, label, target, due_on, entered, line_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			p.ID, i, t.Goal, string(t.Measure), t.Label, t.Target, t.Due, t.Entered, nullID(t.LineID)).Scan(&t.ID); err != nil {
			return fmt.Errorf("store: plan target: %w", err)
		}
	}
	return nil
}

// PlanProgress reads a plan inside scope and fills each target's progress
// from the records of its station's year up to asOf (the year's end if
// asOf is later).
func (db *DB) PlanProgress(ctx context.Context, scope shuangbai.Scope, id int64, asOf shuangbai.Date) (*shuangbai.Plan, error) {
	p, err := db.Plan(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	counts, err := db.PlanCounts(ctx, p.StationID, p.Region, p.Year, asOf)
	if err != nil {
		return nil, err
	}
	p.Progress(counts, asOf)
	return p, nil
}

// PlanCounts counts, for a station in town region and a year up to asOf,
// what plans measure: case files opened and visits made in the town, and
// the station's community activities.
func (db *DB) PlanCounts(ctx context.Context, stationID int64, region string, year int, asOf shuangbai.Date) (shuangbai.PlanCounts, error) {
	from, to := shuangbai.NewDate(year, 1, 1), shuangbai.NewDate(year, 12, 31)
	if asOf.Before(to) {
		to = asOf
	}
	out := shuangbai.PlanCounts{}
	if to.Before(from) {
		return out, nil
	}
	cases, visits, err := db.foundAndVisited(ctx, region, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: plan counts: %w", err)
	}
	out[shuangbai.MeasureCases], out[shuangbai.MeasureVisits] = cases, visits
	return out, db.planActivityCounts(ctx, stationID, from, to, out)
}

// foundAndVisited counts the files found and the visits made in region
// over [from, to]. A town or above reads the per-day summaries (migration
// 0030), as outcomes do: the town's visits of a year were a range of its
// visits of every year, 3.9 ms on the province at five years
// (scripts/partition-check), and grow with the years kept. A village's
// are counted from its records, which are few.
func (db *DB) foundAndVisited(ctx context.Context, region string, from, to shuangbai.Date) (found, visited int, err error) {
	if len(region) > tallyGrains[len(tallyGrains)-1] {
		rc, ra := inScope("region", shuangbai.Scope{Code: region})
		err = db.read.QueryRowContext(ctx, db.q(`SELECT (SELECT COUNT(*) FROM beneficiaries WHERE `+rc+` AND found_on >= ? AND found_on <= ?),
			(SELECT COUNT(*) FROM visits WHERE `+rc+` AND visited_on >= ? AND visited_on <= ?)`),
			append(append(append(append([]any(nil), ra...), from, to), ra...), from, to)...).Scan(&found, &visited)
		return found, visited, err
	}
	err = db.keptSums(ctx, db.read, region, from, to, "tally_found", "tally_visits").Scan(&found, &visited)
	return found, visited, err
}
