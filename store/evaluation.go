package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// An indicator set is seen inside its region and below it: the city's set
// is the counties' too. A round is seen by the bureau that keeps it (its
// region in scope) and by those of the stations it evaluated (a station in
// scope), each seeing only the stations of their own scope; its scores,
// findings and rectification items are written by the bureau that keeps
// it, and the items are closed by whoever works at the station.

// setVisible adds the condition that set s is visible in scope: inside it
// or above it.
func setVisible(w *where, scope shuangbai.Scope) {
	inside, args := inScope("s.region", scope)
	var above []any
	if !scope.All {
		for code := shuangbai.ParentCode(scope.Code); code != ""; code = shuangbai.ParentCode(code) {
			above = append(above, code)
		}
	}
	if len(above) == 0 {
		w.add(inside, args...)
		return
	}
	w.add("("+inside+" OR s.region IN ("+placeholders(len(above))+"))", append(args, above...)...)
}

// IndicatorSets returns the sets visible in scope, newest first, with
// their indicators.
func (db *DB) IndicatorSets(ctx context.Context, scope shuangbai.Scope) ([]shuangbai.IndicatorSet, error) {
	var w where
	setVisible(&w, scope)
	var out []shuangbai.IndicatorSet
	err := db.eachRow(ctx, db.read, "SELECT s.id, s.region, s.name, s.created_at FROM indicator_sets s WHERE "+w.String()+" ORDER BY s.id DESC LIMIT 200",
		w.args, func(scan func(...any) error) error {
			var s shuangbai.IndicatorSet
			err := scan(&s.ID, &s.Region, &s.Name, &s.CreatedAt)
			out = append(out, s)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: indicator sets: %w", err)
	}
	for i := range out {
		if out[i].Indicators, err = db.indicators(ctx, db.read, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// IndicatorSet returns a set visible in scope with its indicators.
func (db *DB) IndicatorSet(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.IndicatorSet, error) {
	return db.indicatorSet(ctx, db.read, scope, id)
}

func (db *DB) indicatorSet(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.IndicatorSet, error) {
	var w where
	w.add("s.id = ?", id)
	setVisible(&w, scope)
	var s shuangbai.IndicatorSet
	err := q.QueryRowContext(ctx, db.q("SELECT s.id, s.region, s.name, s.created_at FROM indicator_sets s WHERE "+w.String()), w.args...).
		Scan(&s.ID, &s.Region, &s.Name, &s.CreatedAt)
	if err == sql.ErrNoRows {
		return nil, notFound("指标体系")
	}
	if err != nil {
		return nil, fmt.Errorf("store: indicator set %d: %w", id, err)
	}
	s.Indicators, err = db.indicators(ctx, q, id)
	return &s, err
}

func (db *DB) indicators(ctx context.Context, q querier, setID int64) ([]shuangbai.Indicator, error) {
	var out []shuangbai.Indicator
	err := db.eachRow(ctx, q, `SELECT id, set_id, seq, name, category, weight, max_score, computed FROM indicators
		WHERE set_id = ? ORDER BY seq`, []any{setID}, func(scan func(...any) error) error {
		var x shuangbai.Indicator
		err := scan(&x.ID, &x.SetID, &x.Position, &x.Name, &x.Category, &x.Weight, &x.Max, (*string)(&x.Computed))
		out = append(out, x)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: indicators: %w", err)
	}
	return out, nil
}

// CreateIndicatorSet stores a set with its indicators; only a city admin
// may, inside their scope. A set is not changed once stored: rounds scored
// on it must keep meaning what they meant; a new version is a new set.
func (db *DB) CreateIndicatorSet(ctx context.Context, u *shuangbai.User, s *shuangbai.IndicatorSet) error {
	if !u.CanDefineIndicators() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "指标体系由市级管理员制定")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if !u.Scope().Contains(s.Region) {
		return fieldError("region", "所选区划不在您的管辖范围内")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		s.CreatedAt = db.now()
		if err := tx.QueryRowContext(ctx, db.q("INSERT INTO indicator_sets (region, name, created_at) VALUES (?, ?, ?) RETURNING id"),
			s.Region, s.Name, s.CreatedAt).Scan(&s.ID); err != nil {
			return fmt.Errorf("store: create indicator set: %w", err)
		}
		for i := range s.Indicators {
			x := &s.Indicators[i]
			x.SetID = s.ID
			if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO indicators (set_id, seq, name, category, weight, max_score, computed)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), s.ID, x.Position, x.Name, x.Category, x.Weight, x.Max, string(x.Computed)).Scan(&x.ID); err != nil {
				return fmt.Errorf("store: create indicator: %w", err)
			}
		}
		return db.audit(ctx, tx, u, "create", "indicator_set", s.ID, s.Region, nil, s)
	})
}

const roundColumns = `r.id, r.region, r.set_id, s.name, r.title, r.evaluators, r.held_on, r.methods, r.findings, r.created_at, r.updated_at`

func scanRound(sc interface{ Scan(...any) error }) (*shuangbai.EvaluationRound, error) {
	var r shuangbai.EvaluationRound
	err := sc.Scan(&r.ID, &r.Region, &r.SetID, &r.SetName, &r.Title, &r.Evaluators, &r.HeldOn, &r.Methods, &r.Findings, &r.CreatedAt, &r.UpdatedAt)
	return &r, err
}

// roundVisible adds the condition that round r is visible in scope.
func roundVisible(w *where, scope shuangbai.Scope) {
	own, a1 := inScope("r.region", scope)
	st, a2 := inScope("vs.region", scope)
	w.add("("+own+" OR EXISTS (SELECT 1 FROM evaluation_stations vs WHERE vs.round_id = r.id AND "+st+"))", append(a1, a2...)...)
}

// RoundFilter selects rounds. Zero fields do not filter.
type RoundFilter struct {
	Year   int
	Limit  int
	Offset int
}

// EvaluationRounds returns a page of the rounds visible in scope, newest
// first, each with its stations in scope (names only), and the count.
func (db *DB) EvaluationRounds(ctx context.Context, scope shuangbai.Scope, f RoundFilter) ([]*shuangbai.EvaluationRound, int, error) {
	var w where
	roundVisible(&w, scope)
	if f.Year != 0 {
		w.add("r.held_on >= ? AND r.held_on <= ?", shuangbai.NewDate(f.Year, 1, 1), shuangbai.NewDate(f.Year, 12, 31))
	}
	var total int
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM evaluation_rounds r WHERE "+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count rounds: %w", err)
	}
	var out []*shuangbai.EvaluationRound
	err := db.eachRow(ctx, db.reader(ctx), "SELECT "+roundColumns+" FROM evaluation_rounds r JOIN indicator_sets s ON s.id = r.set_id WHERE "+w.String()+
		" ORDER BY r.held_on DESC, r.id DESC"+page(f.Limit, f.Offset), w.args, func(scan func(...any) error) error {
		r, err := scanRound(scanFunc(scan))
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: rounds: %w", err)
	}
	for _, r := range out {
		if r.Stations, err = db.roundStations(ctx, db.reader(ctx), scope, r.ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// roundStations returns a round's stations inside scope, by region.
func (db *DB) roundStations(ctx context.Context, q querier, scope shuangbai.Scope, roundID int64) ([]shuangbai.RoundStation, error) {
	var w where
	w.add("e.round_id = ?", roundID)
	w.scope("e.region", scope)
	var out []shuangbai.RoundStation
	err := db.eachRow(ctx, q, "SELECT e.round_id, e.station_id, s.name, e.region, e.findings FROM evaluation_stations e JOIN stations s ON s.id = e.station_id WHERE "+
		w.String()+" ORDER BY e.region", w.args, func(scan func(...any) error) error {
		var x shuangbai.RoundStation
		err := scan(&x.RoundID, &x.StationID, &x.StationName, &x.Region, &x.Findings)
		out = append(out, x)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: round stations: %w", err)
	}
	return out, nil
}

// EvaluationRound returns a round visible in scope with its indicator set
// and its stations in scope, each with scores, rectification items and
// the completeness of its case records on the round's day.
func (db *DB) EvaluationRound(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.EvaluationRound, *shuangbai.IndicatorSet, error) {
	return db.evaluationRound(ctx, db.read, scope, id)
}

func (db *DB) evaluationRound(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.EvaluationRound, *shuangbai.IndicatorSet, error) {
	var w where
	w.add("r.id = ?", id)
	roundVisible(&w, scope)
	r, err := scanRound(q.QueryRowContext(ctx, db.q("SELECT "+roundColumns+" FROM evaluation_rounds r JOIN indicator_sets s ON s.id = r.set_id WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, nil, notFound("评估")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: round %d: %w", id, err)
	}
	set, err := db.indicatorSet(ctx, q, shuangbai.Scope{All: true}, r.SetID)
	if err != nil {
		return nil, nil, err
	}
	if r.Stations, err = db.roundStations(ctx, q, scope, id); err != nil {
		return nil, nil, err
	}
	index := map[int64]int{}
	for i := range r.Stations {
		r.Stations[i].Scores = map[int64]shuangbai.StationScore{}
		index[r.Stations[i].StationID] = i
	}
	err = db.eachRow(ctx, q, "SELECT station_id, indicator_id, score, evidence FROM evaluation_scores WHERE round_id = ?", []any{id},
		func(scan func(...any) error) error {
			var st int64
			var x shuangbai.StationScore
			if err := scan(&st, &x.IndicatorID, &x.Score, &x.Evidence); err != nil {
				return err
			}
			if i, ok := index[st]; ok {
				r.Stations[i].Scores[x.IndicatorID] = x
			}
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("store: round scores: %w", err)
	}
	items, err := db.actionItems(ctx, q, "i.round_id = ?", id)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range items {
		if i, ok := index[a.StationID]; ok {
			r.Stations[i].Items = append(r.Stations[i].Items, a)
		}
	}
	towns := make([]string, len(r.Stations))
	for i, s := range r.Stations {
		towns[i] = s.Region
	}
	figures, err := db.completeness(ctx, q, towns, r.HeldOn)
	if err != nil {
		return nil, nil, err
	}
	for i := range r.Stations {
		r.Stations[i].Figures = figures[r.Stations[i].Region]
	}
	return r, set, nil
}

// Completeness returns the completeness of the case records of a town's
// station on day on.
func (db *DB) Completeness(ctx context.Context, scope shuangbai.Scope, town string, on shuangbai.Date) (shuangbai.CompletenessFigures, error) {
	if !scope.Contains(town) {
		return shuangbai.CompletenessFigures{On: on}, notFound("区划")
	}
	m, err := db.completeness(ctx, db.read, []string{town}, on)
	return m[town], err
}

// completeness counts, per town, the case files open on day on (filed by
// then and not closed before it), those with an assessment made by then,
// and those whose last visit by then lies within their level's interval.
// The level is the file's current one: levels keep no dated history.
func (db *DB) completeness(ctx context.Context, q querier, towns []string, on shuangbai.Date) (map[string]shuangbai.CompletenessFigures, error) {
	out := map[string]shuangbai.CompletenessFigures{}
	for _, t := range towns {
		out[t] = shuangbai.CompletenessFigures{On: on}
	}
	if len(towns) == 0 {
		return out, nil
	}
	iv, err := db.intervals(ctx, q)
	if err != nil {
		return nil, err
	}
	inTime := make([]string, 0, 4)
	var args []any
	args = append(args, on, on)
	for l := shuangbai.Level4(1); l <= 4; l++ {
		inTime = append(inTime, "(b.level = ? AND v.visited_on >= ?)")
		args = append(args, int(l), on.AddDays(-iv[l].Days()))
	}
	var towns2 []string
	for _, t := range towns {
		c, a := inScope("b.region", shuangbai.Scope{Code: t})
		towns2 = append(towns2, c)
		args = append(args, a...)
	}
	args = append(args, on, on)
	query := `SELECT SUBSTR(b.region, 1, 9), COUNT(*),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.beneficiary_id = b.id AND a.assessed_on <= ?) THEN 1 ELSE 0 END),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM visits v WHERE v.beneficiary_id = b.id AND v.visited_on <= ? AND (` + strings.Join(inTime, " OR ") + `)) THEN 1 ELSE 0 END)
		FROM beneficiaries b WHERE (` + strings.Join(towns2, " OR ") + `)
		AND (b.found_on IS NULL OR b.found_on <= ?) AND (b.closed_on IS NULL OR b.closed_on > ?) GROUP BY 1`
	err = db.eachRow(ctx, q, query, args, func(scan func(...any) error) error {
		var town string
		var f shuangbai.CompletenessFigures
		if err := scan(&town, &f.Open, &f.Assessed, &f.Visited); err != nil {
			return err
		}
		f.On = on
		out[town] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: completeness: %w", err)
	}
	return out, nil
}

// kept returns the round if the user keeps it (its region in scope): the
// one who may write its scores and items.
func (db *DB) kept(ctx context.Context, tx *sql.Tx, u *shuangbai.User, id int64) (*shuangbai.EvaluationRound, *shuangbai.IndicatorSet, error) {
	if !u.CanRunEvaluations() {
		return nil, nil, forbidden()
	}
	r, set, err := db.evaluationRound(ctx, tx, u.Scope(), id)
	if err != nil {
		return nil, nil, err
	}
	if !u.Scope().Contains(r.Region) {
		return nil, nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "这轮评估由上级民政部门记录，评分和整改事项由其填写；整改完成后可在此标记")
	}
	return r, set, nil
}

// CreateEvaluationRound stores a round over the stations named in
// r.Stations (their StationID): all inside the round's region and the
// user's scope, with a set usable there.
func (db *DB) CreateEvaluationRound(ctx context.Context, u *shuangbai.User, r *shuangbai.EvaluationRound) error {
	if !u.CanRunEvaluations() {
		return forbidden()
	}
	if err := r.Validate(); err != nil {
		return err
	}
	scope := u.Scope()
	if !scope.Contains(r.Region) {
		return fieldError("region", "所选区划不在您的管辖范围内")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		set, err := db.indicatorSet(ctx, tx, scope, r.SetID)
		if err != nil {
			return fieldError("set_id", "指标体系不存在或不在您的管辖范围内")
		}
		if !(shuangbai.Scope{Code: set.Region}).Contains(r.Region) {
			return fieldError("set_id", "该指标体系不适用于所选地区")
		}
		r.SetName = set.Name
		seen := map[int64]bool{}
		for i := range r.Stations {
			x := &r.Stations[i]
			st, err := db.station(ctx, tx, scope, x.StationID)
			if err != nil || !(shuangbai.Scope{Code: r.Region}).Contains(st.Region) {
				return fieldError("stations", "所选社工站不在被评估的地区内")
			}
			if seen[st.ID] {
				return fieldError("stations", st.Name+"选了两次")
			}
			seen[st.ID] = true
			x.StationName, x.Region = st.Name, st.Region
		}
		now := db.now()
		r.CreatedAt, r.UpdatedAt = now, now
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO evaluation_rounds (region, set_id, title, evaluators, held_on, methods, findings, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), r.Region, r.SetID, r.Title, r.Evaluators, r.HeldOn, r.Methods, r.Findings, now, now).Scan(&r.ID); err != nil {
			return fmt.Errorf("store: create round: %w", err)
		}
		for i := range r.Stations {
			x := &r.Stations[i]
			x.RoundID = r.ID
			if _, err := tx.ExecContext(ctx, db.q("INSERT INTO evaluation_stations (round_id, station_id, region, findings) VALUES (?, ?, ?, ?)"),
				r.ID, x.StationID, x.Region, x.Findings); err != nil {
				return fmt.Errorf("store: round station: %w", err)
			}
		}
		return db.audit(ctx, tx, u, "create", "evaluation_round", r.ID, r.Region, nil, r)
	})
}

// SaveStationEvaluation replaces a station's scores and findings in a
// round: every score is checked against its indicator's maximum first,
// and one refused leaves the stored ones as they were.
func (db *DB) SaveStationEvaluation(ctx context.Context, u *shuangbai.User, roundID, stationID int64, findings string, scores []shuangbai.StationScore) error {
	fe := shuangbai.FieldErrors{}
	fe.Text("findings", "评估发现", &findings, shuangbai.TextNote, 4000)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		r, set, err := db.kept(ctx, tx, u, roundID)
		if err != nil {
			return err
		}
		var st *shuangbai.RoundStation
		for i := range r.Stations {
			if r.Stations[i].StationID == stationID {
				st = &r.Stations[i]
			}
		}
		if st == nil {
			return notFound("被评估的社工站")
		}
		mergeFields(fe, set.CheckScores(scores))
		if err := fe.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM evaluation_scores WHERE round_id = ? AND station_id = ?"), roundID, stationID); err != nil {
			return err
		}
		for _, x := range scores {
			if !x.Score.Valid() && x.Evidence == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO evaluation_scores (round_id, station_id, indicator_id, score, evidence) VALUES (?, ?, ?, ?, ?)`),
				roundID, stationID, x.IndicatorID, x.Score, x.Evidence); err != nil {
				return fmt.Errorf("store: score: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE evaluation_stations SET findings = ? WHERE round_id = ? AND station_id = ?"), findings, roundID, stationID); err != nil {
			return err
		}
		before := map[string]any{"findings": st.Findings, "scores": st.Scores}
		return db.audit(ctx, tx, u, "update", "evaluation_score", fmt.Sprintf("%d/%d", roundID, stationID), st.Region,
			before, map[string]any{"findings": findings, "scores": scores})
	})
}

// AddRectification adds a rectification item (整改) for a station of a
// round the user keeps.
func (db *DB) AddRectification(ctx context.Context, u *shuangbai.User, roundID, stationID int64, a *shuangbai.ActionItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		r, _, err := db.kept(ctx, tx, u, roundID)
		if err != nil {
			return err
		}
		for _, st := range r.Stations {
			if st.StationID == stationID {
				a.Kind, a.VisitID, a.RoundID, a.StationID, a.Region, a.From = shuangbai.ItemRectification, 0, r.ID, st.StationID, st.Region, r.HeldOn
				return db.insertItem(ctx, tx, u, a)
			}
		}
		return notFound("被评估的社工站")
	})
}
