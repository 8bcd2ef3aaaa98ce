package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"shuangbai"
)

// Station plans and the cities' templates for them. A plan is read and
// written whole: its goals, assets and targets are replaced on every save
// inside one transaction, so a form never leaves half a plan behind.

// PlanTemplates returns the templates that apply inside scope: those of
// its regions and those above it (a county sees its city's "53111").
func (db *DB) PlanTemplates(ctx context.Context, scope shuangbai.Scope) ([]shuangbai.PlanTemplate, error) {
	cond, args := aboveOrInside("t.region", scope)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT t.id, t.region, t.name, t.note FROM plan_templates t WHERE `+cond+` ORDER BY t.region, t.name`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: plan templates: %w", err)
	}
	var out []shuangbai.PlanTemplate
	for rows.Next() {
		var t shuangbai.PlanTemplate
		if err := rows.Scan(&t.ID, &t.Region, &t.Name, &t.Note); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = db.templateLines(ctx, db.read, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// aboveOrInside is the condition that col lies inside scope or on the path
// from scope up to the root.
func aboveOrInside(col string, scope shuangbai.Scope) (string, []any) {
	cond, args := inScope(col, scope)
	if scope.All || scope.Code == "" {
		return cond, args
	}
	var above []any
	for code := shuangbai.ParentCode(scope.Code); code != ""; code = shuangbai.ParentCode(code) {
		above = append(above, code)
	}
	if len(above) == 0 {
		return cond, args
	}
	return "(" + cond + " OR " + col + " IN (" + placeholders(len(above)) + "))", append(args, above...)
}

// PlanTemplate returns one template that applies inside scope.
func (db *DB) PlanTemplate(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.PlanTemplate, error) {
	return db.planTemplate(ctx, db.read, scope, id)
}

func (db *DB) planTemplate(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.PlanTemplate, error) {
	cond, args := aboveOrInside("region", scope)
	t := &shuangbai.PlanTemplate{}
	err := q.QueryRowContext(ctx, db.q(`SELECT id, region, name, note FROM plan_templates WHERE id = ? AND `+cond),
		append([]any{id}, args...)...).Scan(&t.ID, &t.Region, &t.Name, &t.Note)
	if err == sql.ErrNoRows {
		return nil, notFound("计划模板")
	}
	if err != nil {
		return nil, fmt.Errorf("store: plan template: %w", err)
	}
	t.Lines, err = db.templateLines(ctx, q, id)
	return t, err
}

func (db *DB) templateLines(ctx context.Context, q querier, id int64) ([]shuangbai.TemplateLine, error) {
	var out []shuangbai.TemplateLine
	err := db.eachRow(ctx, q, `SELECT id, measure, label, least FROM plan_template_lines WHERE template_id = ? ORDER BY seq`,
		[]any{id}, func(scan func(...any) error) error {
			var l shuangbai.TemplateLine
			var m string
			if err := scan(&l.ID, &m, &l.Label, &l.Least); err != nil {
				return err
			}
			l.Measure = shuangbai.Measure(m)
			out = append(out, l)
			return nil
		})
	return out, err
}

// SavePlanTemplate creates a template (ID 0) or changes one. Only a city's
// (or the province's) bureau admins set templates. Lines keep their ids
// when their label is unchanged, so plans made from the template stay tied
// to them; a line no plan uses may be dropped.
func (db *DB) SavePlanTemplate(ctx context.Context, u *shuangbai.User, t *shuangbai.PlanTemplate) error {
	if !u.IsBureauAdmin() || shuangbai.LevelOf(u.Region) > shuangbai.LevelCity && u.Role != shuangbai.RoleSystem {
		return forbidden()
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if !u.Scope().Contains(t.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "模板所属区划不在您的管辖范围内", Fields: map[string]string{"region": "模板所属区划不在您的管辖范围内"}}
	}
	now := db.now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var before *shuangbai.PlanTemplate
		if t.ID == 0 {
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO plan_templates (region, name, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
				t.Region, t.Name, t.Note, now, now).Scan(&t.ID)
			if err != nil {
				return fmt.Errorf("store: create plan template: %w", mapError(err))
			}
		} else {
			old, err := db.planTemplate(ctx, tx, u.Scope(), t.ID)
			if err != nil {
				return err
			}
			if !u.Scope().Contains(old.Region) {
				return notFound("计划模板")
			}
			before = old
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE plan_templates SET region = ?, name = ?, note = ?, updated_at = ? WHERE id = ?`),
				t.Region, t.Name, t.Note, now, t.ID); err != nil {
				return fmt.Errorf("store: update plan template: %w", mapError(err))
			}
			if err := db.replaceTemplateLines(ctx, tx, t, old); err != nil {
				return err
			}
		}
		if before == nil {
			for i := range t.Lines {
				if err := db.insertTemplateLine(ctx, tx, t.ID, i, &t.Lines[i]); err != nil {
					return err
				}
			}
		}
		return db.audit(ctx, tx, u, map[bool]string{true: "create", false: "update"}[before == nil], "plan_template", t.ID, t.Region, before, t)
	})
}

func (db *DB) insertTemplateLine(ctx context.Context, tx *sql.Tx, id int64, pos int, l *shuangbai.TemplateLine) error {
	err := tx.QueryRowContext(ctx, db.q(`INSERT INTO plan_template_lines (template_id, seq, measure, label, least) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		id, pos, string(l.Measure), l.Label, l.Least).Scan(&l.ID)
	if err != nil {
		return fmt.Errorf("store: plan template line: %w", err)
	}
	return nil
}

// replaceTemplateLines updates the lines whose label stays, adds the new
// ones and drops the rest, refusing to drop a line that plans carry.
func (db *DB) replaceTemplateLines(ctx context.Context, tx *sql.Tx, t, old *shuangbai.PlanTemplate) error {
	byLabel := map[string]int64{}
	for _, l := range old.Lines {
		byLabel[l.Label] = l.ID
	}
	kept := map[int64]bool{}
	for i := range t.Lines {
		l := &t.Lines[i]
		if id, ok := byLabel[l.Label]; ok {
			l.ID, kept[id] = id, true
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE plan_template_lines SET seq = ?, measure = ?, least = ? WHERE id = ?`),
				i, string(l.Measure), l.Least, id); err != nil {
				return fmt.Errorf("store: plan template line: %w", err)
			}
			// Plans carry the line's measure; its least is checked when they
			// are next saved.
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE plan_targets SET measure = ? WHERE line_id = ?`), string(l.Measure), id); err != nil {
				return fmt.Errorf("store: plan targets of a line: %w", err)
			}
			continue
		}
		if err := db.insertTemplateLine(ctx, tx, t.ID, i, l); err != nil {
			return err
		}
	}
	for _, l := range old.Lines {
		if kept[l.ID] {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM plan_targets WHERE line_id = ?`), l.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return shuangbai.Errorf(shuangbai.ECONFLICT, "指标“%s”已有 %d 个站点计划在用，不能删除；可改其最低目标", l.Label, n)
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM plan_template_lines WHERE id = ?`), l.ID); err != nil {
			return err
		}
	}
	return nil
}

// PlanFilter selects plans.
type PlanFilter struct {
	Region string // a region inside the scope; "" for the whole scope
	Year   int    // 0 for every year
	Limit  int
	Offset int
}

// Plans returns the plans inside scope, by region and year, without their
// lists, and the total.
func (db *DB) Plans(ctx context.Context, scope shuangbai.Scope, f PlanFilter) ([]shuangbai.Plan, int, error) {
	var w where
	w.scope("p.region", scope)
	if f.Region != "" {
		w.scope("p.region", shuangbai.Scope{Code: f.Region})
	}
	if f.Year != 0 {
		w.add("p.year = ?", f.Year)
	}
	var out []shuangbai.Plan
	total := 0
	err := db.eachRow(ctx, db.reader(ctx), `SELECT p.id, p.station_id, s.name, p.region, p.year, COALESCE(p.template_id, 0), COALESCE(t.name, ''), p.summary, p.updated_at,
		COUNT(*) OVER () FROM station_plans p JOIN stations s ON s.id = p.station_id LEFT JOIN plan_templates t ON t.id = p.template_id
		WHERE `+w.String()+` ORDER BY p.region, p.year DESC, p.id`+page(f.Limit, f.Offset), w.args, func(scan func(...any) error) error {
		var p shuangbai.Plan
		var updated time.Time
		if err := scan(&p.ID, &p.StationID, &p.StationName, &p.Region, &p.Year, &p.TemplateID, &p.Template, &p.Summary, &updated, &total); err != nil {
			return err
		}
		p.UpdatedAt = updated.Format("2006-01-02 15:04")
		out = append(out, p)
		return nil
	})
	return out, total, err
}

// Plan returns a plan inside scope with its goals, assets and targets.
func (db *DB) Plan(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.Plan, error) {
	return db.plan(ctx, db.read, scope, id)
}

func (db *DB) plan(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Plan, error) {
	var w where
	w.add("p.id = ?", id)
	w.scope("p.region", scope)
	p := &shuangbai.Plan{}
	var updated time.Time
	err := q.QueryRowContext(ctx, db.q(`SELECT p.id, p.station_id, s.name, p.region, p.year, COALESCE(p.template_id, 0), COALESCE(t.name, ''), p.summary, p.updated_at
		FROM station_plans p JOIN stations s ON s.id = p.station_id LEFT JOIN plan_templates t ON t.id = p.template_id WHERE `+w.String()), w.args...).
		Scan(&p.ID, &p.StationID, &p.StationName, &p.Region, &p.Year, &p.TemplateID, &p.Template, &p.Summary, &updated)
	if err == sql.ErrNoRows {
		return nil, notFound("站点计划")
	}
	if err != nil {
		return nil, fmt.Errorf("store: plan: %w", err)
	}
	p.UpdatedAt = updated.Format("2006-01-02 15:04")
	return p, db.planLists(ctx, q, p)
}

func (db *DB) planLists(ctx context.Context, q querier, p *shuangbai.Plan) error {
	err := db.eachRow(ctx, q, `SELECT id, problem, goal, strategy FROM plan_goals WHERE plan_id = ? ORDER BY seq`, []any{p.ID},
		func(scan func(...any) error) error {
			var g shuangbai.PlanGoal
			if err := scan(&g.ID, &g.Problem, &g.Goal, &g.Strategy); err != nil {
				return err
			}
			p.Goals = append(p.Goals, g)
			return nil
		})
	if err != nil {
		return err
	}
	err = db.eachRow(ctx, q, `SELECT id, kind, name, note FROM plan_assets WHERE plan_id = ? ORDER BY seq`, []any{p.ID},
		func(scan func(...any) error) error {
			var a shuangbai.PlanAsset
			var kind string
			if err := scan(&a.ID, &kind, &a.Name, &a.Note); err != nil {
				return err
			}
			a.Kind = shuangbai.AssetKind(kind)
			p.Assets = append(p.Assets, a)
			return nil
		})
	if err != nil {
		return err
	}
	return db.eachRow(ctx, q, `SELECT t.id, t.goal, t.measure, t.label, t.target, t.due_on, t.entered, COALESCE(t.line_id, 0), COALESCE(l.least, 0)
		FROM plan_targets t LEFT JOIN plan_template_lines l ON l.id = t.line_id WHERE t.plan_id = ? ORDER BY t.seq`, []any{p.ID},
		func(scan func(...any) error) error {
			var t shuangbai.PlanTarget
			var m string
			if err := scan(&t.ID, &t.Goal, &m, &t.Label, &t.Target, &t.Due, &t.Entered, &t.LineID, &t.Least); err != nil {
				return err
			}
			t.Measure, t.Fixed = shuangbai.Measure(m), t.LineID != 0
			p.Targets = append(p.Targets, t)
			return nil
		})
}
