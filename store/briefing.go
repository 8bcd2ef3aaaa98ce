package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"shuangbai"
)

// Briefings (工作简报): a bureau's series, with its sections and address
// book, and the issues of the series. The bureau of the series' region
// edits its drafts; a published issue is read by everyone in and under
// that region (a county reads the city's briefing), and never changes.

// CreateSeries stores a new series with its distribution list.
func (db *DB) CreateSeries(ctx context.Context, u *shuangbai.User, s *shuangbai.BriefingSeries) error {
	if !u.CanEditBriefing() {
		return forbidden()
	}
	if len(s.Sections) == 0 {
		s.Sections = shuangbai.DefaultSections
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if !u.Scope().Contains(s.Region) {
		return shuangbai.Errorf(shuangbai.EINVALID, "编印单位不在您的管辖范围内")
	}
	secs, _ := json.Marshal(s.Sections)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO briefing_series (region, name, masthead, office, sections, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), s.Region, s.Name, s.Masthead, s.Office, string(secs), db.now()).Scan(&s.ID); err != nil {
			return fmt.Errorf("store: create series: %w", err)
		}
		if err := db.audit(ctx, tx, u, "create", "briefing_series", s.ID, s.Region, nil, s); err != nil {
			return err
		}
		return db.putRecipients(ctx, tx, s.ID, s.Recipients)
	})
}

// UpdateSeries stores a series' names, its sections' order and its
// distribution list (replaced whole). Issues already published keep the
// list they were printed with.
func (db *DB) UpdateSeries(ctx context.Context, u *shuangbai.User, s *shuangbai.BriefingSeries) error {
	if !u.CanEditBriefing() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.series(ctx, tx, u.Scope(), s.ID)
		if err != nil {
			return err
		}
		s.Region = old.Region
		if err := s.Validate(); err != nil {
			return err
		}
		for i := range s.Recipients {
			if err := s.Recipients[i].Validate(); err != nil {
				return err
			}
		}
		secs, _ := json.Marshal(s.Sections)
		if _, err := tx.ExecContext(ctx, db.q("UPDATE briefing_series SET name = ?, masthead = ?, office = ?, sections = ? WHERE id = ?"),
			s.Name, s.Masthead, s.Office, string(secs), s.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM briefing_recipients WHERE series_id = ?"), s.ID); err != nil {
			return err
		}
		if err := db.putRecipients(ctx, tx, s.ID, s.Recipients); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "update", "briefing_series", s.ID, s.Region, old, s)
	})
}

func (db *DB) putRecipients(ctx context.Context, tx *sql.Tx, seriesID int64, rs []shuangbai.Recipient) error {
	for i := range rs {
		r := &rs[i]
		if err := r.Validate(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, db.q("INSERT INTO briefing_recipients (series_id, grp, person, name, seq) VALUES (?, ?, ?, ?, ?) RETURNING id"),
			seriesID, string(r.Group), r.Person, r.Name, i).Scan(&r.ID); err != nil {
			return fmt.Errorf("store: recipient: %w", err)
		}
	}
	return nil
}

// readable adds the condition that a row of col's region is readable in
// scope: in scope, or (for published rows) an ancestor of the scope's own
// region — a county reads the city's published briefing.
func readableBriefing(w *where, col string, scope shuangbai.Scope) {
	own, args := inScope(col, scope)
	var ups []string
	for c := shuangbai.ParentCode(scope.Code); c != "" && !scope.All; c = shuangbai.ParentCode(c) {
		ups = append(ups, "?")
		args = append(args, c)
	}
	if len(ups) == 0 {
		w.add(own, args...)
		return
	}
	w.add("("+own+" OR (b.status = 'published' AND "+col+" IN ("+strings.Join(ups, ", ")+")))", args...)
}

// SeriesList returns the series whose region is in scope or above it.
func (db *DB) SeriesList(ctx context.Context, scope shuangbai.Scope) ([]*shuangbai.BriefingSeries, error) {
	var w where
	own, args := inScope("region", scope)
	conds := []string{own}
	for c := shuangbai.ParentCode(scope.Code); c != "" && !scope.All; c = shuangbai.ParentCode(c) {
		conds = append(conds, "region = ?")
		args = append(args, c)
	}
	w.add("("+strings.Join(conds, " OR ")+")", args...)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT id FROM briefing_series WHERE "+w.String()+" ORDER BY region, id"), w.args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []*shuangbai.BriefingSeries
	for _, id := range ids {
		s, err := db.seriesByID(ctx, db.read, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Series returns a series the user edits (its region in scope).
func (db *DB) Series(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.BriefingSeries, error) {
	return db.series(ctx, db.read, scope, id)
}

func (db *DB) series(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.BriefingSeries, error) {
	s, err := db.seriesByID(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !scope.Contains(s.Region) {
		return nil, notFound("简报")
	}
	return s, nil
}

func (db *DB) seriesByID(ctx context.Context, q querier, id int64) (*shuangbai.BriefingSeries, error) {
	var s shuangbai.BriefingSeries
	var secs string
	err := q.QueryRowContext(ctx, db.q("SELECT id, region, name, masthead, office, sections FROM briefing_series WHERE id = ?"), id).
		Scan(&s.ID, &s.Region, &s.Name, &s.Masthead, &s.Office, &secs)
	if err == sql.ErrNoRows {
		return nil, notFound("简报")
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(secs), &s.Sections); err != nil {
		return nil, fmt.Errorf("store: series %d sections: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, db.q("SELECT id, grp, person, name FROM briefing_recipients WHERE series_id = ? ORDER BY seq, id"), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r shuangbai.Recipient
		if err := rows.Scan(&r.ID, (*string)(&r.Group), &r.Person, &r.Name); err != nil {
			return nil, err
		}
		s.Recipients = append(s.Recipients, r)
	}
	return &s, rows.Err()
}

const briefingColumns = `b.id, b.series_id, b.region, b.year, COALESCE(b.number, 0), b.issue_date, b.editor, b.status, COALESCE(b.corrects_id, 0), b.layout, b.content,
	b.created_by, b.created_at, b.updated_at, b.published_at`

func scanBriefing(sc interface{ Scan(...any) error }) (*shuangbai.Briefing, error) {
	var b shuangbai.Briefing
	var layout string
	var content sql.NullString
	var published sql.NullTime
	if err := sc.Scan(&b.ID, &b.SeriesID, &b.Region, &b.Year, &b.Number, &b.Date, &b.Editor, (*string)(&b.Status), &b.CorrectsID, &layout, &content,
		&b.CreatedBy, &b.CreatedAt, &b.UpdatedAt, &published); err != nil {
		return nil, err
	}
	b.PublishedAt = published.Time
	if err := json.Unmarshal([]byte(layout), &b.Sections); err != nil {
		return nil, fmt.Errorf("store: briefing %d layout: %w", b.ID, err)
	}
	if content.Valid {
		b.Content = &shuangbai.BriefingContent{}
		if err := json.Unmarshal([]byte(content.String), b.Content); err != nil {
			return nil, fmt.Errorf("store: briefing %d content: %w", b.ID, err)
		}
	}
	return &b, nil
}

// BriefingFilter selects issues. Zero fields do not filter.
type BriefingFilter struct {
	SeriesID int64
	Status   shuangbai.BriefingStatus
	Year     int
}

// Briefings returns the issues readable in scope, newest first.
func (db *DB) Briefings(ctx context.Context, scope shuangbai.Scope, f BriefingFilter) ([]*shuangbai.Briefing, error) {
	var w where
	readableBriefing(&w, "b.region", scope)
	if f.SeriesID != 0 {
		w.add("b.series_id = ?", f.SeriesID)
	}
	if f.Status != "" {
		w.add("b.status = ?", string(f.Status))
	}
	if f.Year != 0 {
		w.add("b.year = ?", f.Year)
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+briefingColumns+" FROM briefings b WHERE "+w.String()+
		" ORDER BY b.issue_date DESC, b.id DESC LIMIT 200"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: briefings: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.Briefing
	for rows.Next() {
		b, err := scanBriefing(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Briefing returns an issue readable in scope.
func (db *DB) Briefing(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.Briefing, error) {
	return db.briefing(ctx, db.read, scope, id)
}

func (db *DB) briefing(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Briefing, error) {
	var w where
	w.add("b.id = ?", id)
	readableBriefing(&w, "b.region", scope)
	b, err := scanBriefing(q.QueryRowContext(ctx, db.q("SELECT "+briefingColumns+" FROM briefings b WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("简报")
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// CreateBriefing stores a new draft issue of a series: its sections those
// of the series, empty, unless b has its own.
func (db *DB) CreateBriefing(ctx context.Context, u *shuangbai.User, b *shuangbai.Briefing) error {
	if !u.CanEditBriefing() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := db.series(ctx, tx, u.Scope(), b.SeriesID)
		if err != nil {
			return err
		}
		if len(b.Sections) == 0 {
			for _, t := range s.Sections {
				b.Sections = append(b.Sections, shuangbai.BriefingSection{Title: t})
			}
		}
		if err := b.Validate(); err != nil {
			return err
		}
		now := db.now()
		b.Region, b.Year, b.Number, b.Status, b.Content = s.Region, b.Date.Time().Year(), 0, shuangbai.BriefingDraft, nil
		b.CreatedBy, b.CreatedAt, b.UpdatedAt = u.Username, now, now
		layout, _ := json.Marshal(b.Sections)
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO briefings (series_id, region, year, number, issue_date, editor, status, corrects_id, layout,
			created_by, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), b.SeriesID, b.Region, b.Year, b.Date, b.Editor,
			string(b.Status), nullID(b.CorrectsID), string(layout), b.CreatedBy, now, now).Scan(&b.ID); err != nil {
			return fmt.Errorf("store: create briefing: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "briefing", b.ID, b.Region, nil, briefingAudit(b))
	})
}

func briefingAudit(b *shuangbai.Briefing) map[string]any {
	return map[string]any{"series_id": b.SeriesID, "date": b.Date, "editor": b.Editor, "status": b.Status, "number": b.Number,
		"year": b.Year, "corrects_id": b.CorrectsID, "sections": b.Sections}
}

// editable reads a draft issue for a change: a published one is refused,
// as a correction is a new issue.
func (db *DB) editable(ctx context.Context, tx *sql.Tx, u *shuangbai.User, id int64) (*shuangbai.Briefing, error) {
	if !u.CanEditBriefing() {
		return nil, forbidden()
	}
	b, err := db.briefing(ctx, tx, u.Scope(), id)
	if err != nil {
		return nil, err
	}
	if !u.Scope().Contains(b.Region) {
		return nil, notFound("简报")
	}
	if b.Status == shuangbai.BriefingPublished {
		return nil, shuangbai.Errorf(shuangbai.ECONFLICT, "%d年%s已印发，不能修改；如需更正，请印发勘误（新的一期）", b.Year, b.NumberLabel())
	}
	return b, nil
}

// UpdateBriefing stores a draft's date, editor and sections with their
// entries.
func (db *DB) UpdateBriefing(ctx context.Context, u *shuangbai.User, b *shuangbai.Briefing) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.editable(ctx, tx, u, b.ID)
		if err != nil {
			return err
		}
		if err := b.Validate(); err != nil {
			return err
		}
		b.SeriesID, b.Region, b.Status, b.CorrectsID, b.CreatedBy, b.CreatedAt = old.SeriesID, old.Region, old.Status, old.CorrectsID, old.CreatedBy, old.CreatedAt
		b.Year, b.UpdatedAt = b.Date.Time().Year(), db.now()
		layout, _ := json.Marshal(b.Sections)
		if _, err := tx.ExecContext(ctx, db.q("UPDATE briefings SET year = ?, issue_date = ?, editor = ?, layout = ?, updated_at = ? WHERE id = ?"),
			b.Year, b.Date, b.Editor, string(layout), b.UpdatedAt, b.ID); err != nil {
			return fmt.Errorf("store: update briefing: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "briefing", b.ID, b.Region, briefingAudit(old), briefingAudit(b))
	})
}

// CorrectBriefing starts a correction (勘误) of a published issue: a new
// draft with the same sections and entries that names the issue it
// corrects.
func (db *DB) CorrectBriefing(ctx context.Context, u *shuangbai.User, id int64) (*shuangbai.Briefing, error) {
	if !u.CanEditBriefing() {
		return nil, forbidden()
	}
	old, err := db.Briefing(ctx, u.Scope(), id)
	if err != nil {
		return nil, err
	}
	if !u.Scope().Contains(old.Region) {
		return nil, notFound("简报")
	}
	if old.Status != shuangbai.BriefingPublished {
		return nil, shuangbai.Errorf(shuangbai.ECONFLICT, "草稿可直接修改，不需要勘误")
	}
	b := &shuangbai.Briefing{SeriesID: old.SeriesID, Date: shuangbai.Today(db.Now()), Editor: old.Editor, CorrectsID: old.ID, Sections: old.Sections}
	return b, db.CreateBriefing(ctx, u, b)
}
