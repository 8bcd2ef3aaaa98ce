package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"shuangbai"
)

// A campaign is seen by the bureau that runs it (its region in scope) and
// by the bureaus of the places its posts are in (a post in scope): a
// county admin follows the city's campaign for their own county's posts.
// Campaign-wide changes (its timeline, weights, posts, checklist) are the
// organiser's; the applicants of a post are the post's region's.

const campaignColumns = `c.id, c.year, c.region, c.kind, c.title, c.written_weight, c.interview_ratio, c.medical_ratio,
	c.apply_from, c.apply_to, c.prep_on, c.exam_on, c.interview_on, c.medical_on, c.notice_from, c.notice_to, c.created_at, c.updated_at`

func scanCampaign(sc interface{ Scan(...any) error }, extra ...any) (*shuangbai.Campaign, error) {
	var c shuangbai.Campaign
	t := &c.Timeline
	dest := []any{&c.ID, &c.Year, &c.Region, (*string)(&c.Kind), &c.Title, &c.WrittenWeight, &c.InterviewRatio, &c.MedicalRatio,
		&t.ApplyFrom, &t.ApplyTo, &t.PrepOn, &t.ExamOn, &t.InterviewOn, &t.MedicalOn, &t.NoticeFrom, &t.NoticeTo, &c.CreatedAt, &c.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	return &c, nil
}

// campaignVisible adds the condition that campaign c is visible in scope.
func campaignVisible(w *where, scope shuangbai.Scope) {
	own, a1 := inScope("c.region", scope)
	post, a2 := inScope("vp.region", scope)
	w.add("("+own+" OR EXISTS (SELECT 1 FROM campaign_posts vp WHERE vp.campaign_id = c.id AND "+post+"))", append(a1, a2...)...)
}

// CampaignFilter selects campaigns. Zero fields do not filter.
type CampaignFilter struct {
	Year  int
	Kind  shuangbai.CampaignKind
	Limit int
}

// Campaigns returns the campaigns visible in scope, newest first, each
// with the posts in scope (not their tasks).
func (db *DB) Campaigns(ctx context.Context, scope shuangbai.Scope, f CampaignFilter) ([]*shuangbai.Campaign, error) {
	var w where
	campaignVisible(&w, scope)
	if f.Year != 0 {
		w.add("c.year = ?", f.Year)
	}
	if f.Kind != "" {
		w.add("c.kind = ?", string(f.Kind))
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+campaignColumns+" FROM campaigns c WHERE "+w.String()+
		fmt.Sprintf(" ORDER BY c.year DESC, c.id DESC LIMIT %d", limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: campaigns: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.Posts, err = db.posts(ctx, db.reader(ctx), scope, c.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Campaign returns a campaign visible in scope with the posts in scope and
// its checklist.
func (db *DB) Campaign(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.Campaign, error) {
	return db.campaign(ctx, db.read, scope, id)
}

func (db *DB) campaign(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Campaign, error) {
	c, err := db.campaignPosts(ctx, q, scope, id)
	if err != nil {
		return nil, err
	}
	if c.Tasks, err = db.tasks(ctx, q, id); err != nil {
		return nil, err
	}
	return c, nil
}

// campaignPosts reads a campaign visible in scope with the posts in scope
// and without its checklist: what a ranking reads.
func (db *DB) campaignPosts(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Campaign, error) {
	c, _, err := db.campaignPostRevs(ctx, q, scope, id)
	return c, err
}

// campaignPostRevs is campaignPosts with the rev of each post (migration
// 0041), in the order of c.Posts: what CampaignRanking reads.
func (db *DB) campaignPostRevs(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Campaign, []int64, error) {
	var w where
	w.add("c.id = ?", id)
	campaignVisible(&w, scope)
	c, err := scanCampaign(q.QueryRowContext(ctx, db.q("SELECT "+campaignColumns+" FROM campaigns c WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, nil, notFound("招聘")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: campaign %d: %w", id, err)
	}
	var revs []int64
	if c.Posts, revs, err = db.postRevs(ctx, q, scope, id); err != nil {
		return nil, nil, err
	}
	return c, revs, nil
}

// organised returns the campaign if scope holds its organiser: the one who
// may change it as a whole.
func (db *DB) organised(ctx context.Context, tx *sql.Tx, scope shuangbai.Scope, id int64) (*shuangbai.Campaign, error) {
	c, err := db.campaign(ctx, tx, scope, id)
	if err != nil {
		return nil, err
	}
	if !scope.Contains(c.Region) {
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "这次招聘由上级民政部门组织，岗位、日程和考务清单由组织单位维护")
	}
	return c, nil
}

const postColumns = "p.id, p.campaign_id, p.code, p.region, COALESCE(p.station_id, 0), p.title, p.places"

// scanPost scans the postColumns of a row, and then into more the columns
// that follow them.
func scanPost(sc interface{ Scan(...any) error }, more ...any) (shuangbai.Post, error) {
	var p shuangbai.Post
	err := sc.Scan(append([]any{&p.ID, &p.CampaignID, &p.Code, &p.Region, &p.StationID, &p.Title, &p.Places}, more...)...)
	return p, err
}

// posts returns a campaign's posts inside scope, by region and code.
func (db *DB) posts(ctx context.Context, q querier, scope shuangbai.Scope, campaignID int64) ([]shuangbai.Post, error) {
	ps, _, err := db.postRevs(ctx, q, scope, campaignID)
	return ps, err
}

// postRevs returns a campaign's posts inside scope, by region and code,
// and the rev of each.
func (db *DB) postRevs(ctx context.Context, q querier, scope shuangbai.Scope, campaignID int64) ([]shuangbai.Post, []int64, error) {
	var w where
	w.add("p.campaign_id = ?", campaignID)
	w.scope("p.region", scope)
	rows, err := q.QueryContext(ctx, db.q("SELECT "+postColumns+", p.rev FROM campaign_posts p WHERE "+w.String()+" ORDER BY p.region, p.code"), w.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: posts: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Post
	var revs []int64
	for rows.Next() {
		var rev int64
		p, err := scanPost(rows, &rev)
		if err != nil {
			return nil, nil, err
		}
		out, revs = append(out, p), append(revs, rev)
	}
	return out, revs, rows.Err()
}

// post returns one post of a campaign inside scope.
func (db *DB) post(ctx context.Context, q querier, scope shuangbai.Scope, campaignID, id int64) (shuangbai.Post, error) {
	var w where
	w.add("p.id = ? AND p.campaign_id = ?", id, campaignID)
	w.scope("p.region", scope)
	p, err := scanPost(q.QueryRowContext(ctx, db.q("SELECT "+postColumns+" FROM campaign_posts p WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return p, notFound("岗位")
	}
	return p, err
}

// CreateCampaign stores a new campaign with its posts and checklist. A
// campaign given no tasks starts with the seed's six (ExamTaskTitles).
func (db *DB) CreateCampaign(ctx context.Context, u *shuangbai.User, c *shuangbai.Campaign) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if !u.Scope().Contains(c.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "组织单位不在您的管辖范围内", Fields: map[string]string{"region": "组织单位不在您的管辖范围内"}}
	}
	if c.Tasks == nil {
		for _, t := range shuangbai.ExamTaskTitles {
			task := shuangbai.ExamTask{Title: t}
			if !c.ExamOn.IsZero() {
				task.Due = c.ExamOn.AddDays(-1)
			}
			c.Tasks = append(c.Tasks, task)
		}
	}
	now := db.now()
	c.CreatedAt, c.UpdatedAt = now, now
	return db.inTx(ctx, func(tx *sql.Tx) error {
		t := &c.Timeline
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO campaigns (year, region, kind, title, written_weight, interview_ratio, medical_ratio,
			apply_from, apply_to, prep_on, exam_on, interview_on, medical_on, notice_from, notice_to, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.Year, c.Region, string(c.Kind), c.Title, c.WrittenWeight, c.InterviewRatio, c.MedicalRatio,
			t.ApplyFrom, t.ApplyTo, t.PrepOn, t.ExamOn, t.InterviewOn, t.MedicalOn, t.NoticeFrom, t.NoticeTo, now, now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: create campaign: %w", err)
		}
		if err := db.audit(ctx, tx, u, "create", "campaign", c.ID, c.Region, nil, campaignAudit(c)); err != nil {
			return err
		}
		for i := range c.Posts {
			c.Posts[i].CampaignID = c.ID
			if err := db.insertPost(ctx, tx, u, c, &c.Posts[i]); err != nil {
				return postError(i+1, err)
			}
		}
		for i := range c.Tasks {
			c.Tasks[i].CampaignID = c.ID
			if err := db.saveTask(ctx, tx, u, c, &c.Tasks[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// postError names the post of a list that failed: the nth.
func postError(n int, err error) error {
	e, ok := err.(*shuangbai.Error)
	if !ok {
		return err
	}
	out := *e
	msgs := []string{}
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		msgs = append(msgs, e.Fields[k])
	}
	if len(msgs) == 0 {
		msgs = append(msgs, e.Message)
	}
	out.Message = fmt.Sprintf("第%d个岗位：%s", n, strings.Join(msgs, "；"))
	return &out
}

func campaignAudit(c *shuangbai.Campaign) map[string]any {
	return map[string]any{"year": c.Year, "region": c.Region, "kind": c.Kind, "title": c.Title,
		"written_weight": c.WrittenWeight, "interview_ratio": c.InterviewRatio, "medical_ratio": c.MedicalRatio, "timeline": c.Timeline}
}

// UpdateCampaign stores changes to a campaign's own fields: its title,
// year, weights, ratios and timeline. Its organiser and kind stay.
func (db *DB) UpdateCampaign(ctx context.Context, u *shuangbai.User, c *shuangbai.Campaign) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.organised(ctx, tx, u.Scope(), c.ID)
		if err != nil {
			return err
		}
		c.Region, c.Kind, c.CreatedAt = old.Region, old.Kind, old.CreatedAt
		if err := c.Validate(); err != nil {
			return err
		}
		c.UpdatedAt = db.now()
		t := &c.Timeline
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE campaigns SET year = ?, title = ?, written_weight = ?, interview_ratio = ?, medical_ratio = ?,
			apply_from = ?, apply_to = ?, prep_on = ?, exam_on = ?, interview_on = ?, medical_on = ?, notice_from = ?, notice_to = ?, updated_at = ?
			WHERE id = ?`), c.Year, c.Title, c.WrittenWeight, c.InterviewRatio, c.MedicalRatio,
			t.ApplyFrom, t.ApplyTo, t.PrepOn, t.ExamOn, t.InterviewOn, t.MedicalOn, t.NoticeFrom, t.NoticeTo, c.UpdatedAt, c.ID); err != nil {
			return fmt.Errorf("store: update campaign: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "campaign", c.ID, c.Region, campaignAudit(old), campaignAudit(c))
	})
}

// SavePost adds a post to a campaign (p.ID 0) or changes one. A post's
// places may not fall below the people already signed to it.
func (db *DB) SavePost(ctx context.Context, u *shuangbai.User, p *shuangbai.Post) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := db.organised(ctx, tx, u.Scope(), p.CampaignID)
		if err != nil {
			return err
		}
		if p.ID == 0 {
			return db.insertPost(ctx, tx, u, c, p)
		}
		old, err := db.post(ctx, tx, u.Scope(), p.CampaignID, p.ID)
		if err != nil {
			return err
		}
		if err := db.checkPost(ctx, tx, u, c, p); err != nil {
			return err
		}
		var signed, applied int
		if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(person_id), COUNT(*) FROM applicants WHERE post_id = ?"), p.ID).Scan(&signed, &applied); err != nil {
			return err
		}
		if p.Places < signed {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "招聘人数不能少于已签约人数",
				Fields: map[string]string{"places": fmt.Sprintf("该岗位已签约 %d 人", signed)}}
		}
		if applied > 0 && p.Region != old.Region {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "已有人报名的岗位不能改到别的地区",
				Fields: map[string]string{"region": fmt.Sprintf("该岗位已有 %d 人报名", applied)}}
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE campaign_posts SET code = ?, region = ?, station_id = ?, title = ?, places = ? WHERE id = ?"),
			p.Code, p.Region, nullID(p.StationID), p.Title, p.Places, p.ID); err != nil {
			return postConflict(err)
		}
		return db.audit(ctx, tx, u, "update", "campaign_post", p.ID, p.Region, old, p)
	})
}

// checkPost validates a post and its station against the user's scope.
func (db *DB) checkPost(ctx context.Context, tx *sql.Tx, u *shuangbai.User, c *shuangbai.Campaign, p *shuangbai.Post) error {
	if err := p.Validate(c); err != nil {
		return err
	}
	if !u.Scope().Contains(p.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "岗位所在地不在您的管辖范围内", Fields: map[string]string{"region": "岗位所在地不在您的管辖范围内"}}
	}
	if p.StationID == 0 {
		return nil
	}
	s, err := db.station(ctx, tx, u.Scope(), p.StationID)
	if err != nil || s.Region != p.Region {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所选社工站不在岗位所在的乡镇（街道）",
			Fields: map[string]string{"station_id": "所选社工站不在岗位所在的乡镇（街道）"}}
	}
	return nil
}

func (db *DB) insertPost(ctx context.Context, tx *sql.Tx, u *shuangbai.User, c *shuangbai.Campaign, p *shuangbai.Post) error {
	p.CampaignID = c.ID
	if err := db.checkPost(ctx, tx, u, c, p); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, db.q(`INSERT INTO campaign_posts (campaign_id, code, region, station_id, title, places)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), p.CampaignID, p.Code, p.Region, nullID(p.StationID), p.Title, p.Places).Scan(&p.ID)
	if err != nil {
		return postConflict(err)
	}
	return db.audit(ctx, tx, u, "create", "campaign_post", p.ID, p.Region, nil, p)
}

func postConflict(err error) error {
	err = mapError(err)
	if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
		return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "岗位代码重复", Fields: map[string]string{"code": "本次招聘已有这个岗位代码"}}
	}
	return fmt.Errorf("store: save post: %w", err)
}

// tasks returns a campaign's checklist in due order.
func (db *DB) tasks(ctx context.Context, q querier, campaignID int64) ([]shuangbai.ExamTask, error) {
	rows, err := q.QueryContext(ctx, db.q(`SELECT id, campaign_id, title, owner, due, done, done_on FROM exam_tasks
		WHERE campaign_id = ? ORDER BY id`), campaignID)
	if err != nil {
		return nil, fmt.Errorf("store: tasks: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.ExamTask
	for rows.Next() {
		var t shuangbai.ExamTask
		if err := rows.Scan(&t.ID, &t.CampaignID, &t.Title, &t.Owner, &t.Due, &t.Done, &t.DoneOn); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveTask adds an item to a campaign's checklist (t.ID 0) or changes one,
// such as ticking it done.
func (db *DB) SaveTask(ctx context.Context, u *shuangbai.User, t *shuangbai.ExamTask) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := db.organised(ctx, tx, u.Scope(), t.CampaignID)
		if err != nil {
			return err
		}
		return db.saveTask(ctx, tx, u, c, t)
	})
}

func (db *DB) saveTask(ctx context.Context, tx *sql.Tx, u *shuangbai.User, c *shuangbai.Campaign, t *shuangbai.ExamTask) error {
	t.Title, t.Owner = strings.TrimSpace(t.Title), strings.TrimSpace(t.Owner)
	if err := t.Validate(); err != nil {
		return err
	}
	if t.ID == 0 {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO exam_tasks (campaign_id, title, owner, due, done, done_on)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), c.ID, t.Title, t.Owner, t.Due, t.Done, t.DoneOn).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: create task: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "exam_task", t.ID, c.Region, nil, t)
	}
	var old shuangbai.ExamTask
	err := tx.QueryRowContext(ctx, db.q("SELECT id, campaign_id, title, owner, due, done, done_on FROM exam_tasks WHERE id = ? AND campaign_id = ?"), t.ID, c.ID).
		Scan(&old.ID, &old.CampaignID, &old.Title, &old.Owner, &old.Due, &old.Done, &old.DoneOn)
	if err == sql.ErrNoRows {
		return notFound("考务任务")
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.q("UPDATE exam_tasks SET title = ?, owner = ?, due = ?, done = ?, done_on = ? WHERE id = ?"),
		t.Title, t.Owner, t.Due, t.Done, t.DoneOn, t.ID); err != nil {
		return fmt.Errorf("store: update task: %w", err)
	}
	return db.audit(ctx, tx, u, "update", "exam_task", t.ID, c.Region, old, t)
}
