package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"shuangbai"
)

// An issue's content: computed from its entries while a draft (the news as
// they stand, the live blocks as of their dates), and stored with the
// issue when it is published so it never changes again.

// BriefingContent returns what issue b prints: its frozen content once
// published; for a draft, the content computed now in scope, with the
// problems that would stop it being published (an empty section, an item
// not accepted, a block that cannot be computed).
func (db *DB) BriefingContent(ctx context.Context, scope shuangbai.Scope, b *shuangbai.Briefing) (*shuangbai.BriefingContent, []string, error) {
	if b.Content != nil {
		return b.Content, nil, nil
	}
	s, err := db.seriesByID(ctx, db.read, b.SeriesID)
	if err != nil {
		return nil, nil, err
	}
	c := &shuangbai.BriefingContent{Series: s.Name, Masthead: s.Masthead, Office: s.Office, Editor: b.Editor, Year: b.Year,
		Number: b.NumberLabel(), Date: b.Date, SendTo: shuangbai.DistributionLine(s.Recipients, shuangbai.SendTo),
		CopyTo: shuangbai.DistributionLine(s.Recipients, shuangbai.CopyTo)}
	if b.CorrectsID != 0 {
		old, err := db.Briefing(ctx, scope, b.CorrectsID)
		if err != nil {
			return nil, nil, err
		}
		c.Correction = shuangbai.CorrectionNote(old.Year, old.Number)
	}
	var problems []string
	for _, sec := range b.Sections {
		cs := shuangbai.ContentSection{Title: sec.Title}
		if len(sec.Entries) == 0 {
			problems = append(problems, fmt.Sprintf("栏目“%s”没有内容", sec.Title))
		}
		for i, e := range sec.Entries {
			blk, problem := db.contentBlock(ctx, scope, e)
			if problem != "" {
				problems = append(problems, fmt.Sprintf("栏目“%s”第%d项：%s", sec.Title, i+1, problem))
			}
			if blk != nil {
				cs.Blocks = append(cs.Blocks, *blk)
			}
		}
		c.Sections = append(c.Sections, cs)
	}
	return c, problems, nil
}

// contentBlock computes the block of entry e, or says why it cannot be
// printed; a news item not yet accepted is shown in a draft but named as a
// problem.
func (db *DB) contentBlock(ctx context.Context, scope shuangbai.Scope, e shuangbai.BriefingEntry) (*shuangbai.ContentBlock, string) {
	blk := &shuangbai.ContentBlock{Kind: e.Kind}
	switch e.Kind {
	case shuangbai.EntryNews:
		n, err := db.News(ctx, scope, e.NewsID)
		if err != nil {
			return nil, shuangbai.ErrorMessage(err)
		}
		blk.NewsID, blk.Title, blk.Paragraphs = n.ID, n.Title, n.Paragraphs()
		if n.Status != shuangbai.NewsAccepted {
			return blk, fmt.Sprintf("动态“%s”%s，尚未采用", n.Title, n.Status.Label())
		}
	case shuangbai.EntryProgress:
		t, err := db.Progress(ctx, scope, e.Region, e.Date)
		if err != nil {
			return nil, "建设进度表：" + shuangbai.ErrorMessage(err)
		}
		blk.Title, blk.Table = t.Title(), t
	case shuangbai.EntryOutcomes:
		o, err := db.Outcomes(ctx, scope, e.Region, e.From, e.Date)
		if err != nil {
			return nil, "服务成效：" + shuangbai.ErrorMessage(err)
		}
		blk.Paragraphs = []string{o.Paragraph()}
	case shuangbai.EntryRecruitment:
		st, err := db.Stats(ctx, scope, e.CampaignID)
		if err != nil {
			return nil, "招聘情况：" + shuangbai.ErrorMessage(err)
		}
		blk.Paragraphs = []string{fmt.Sprintf("%s共设岗位%d个，招聘%d人，报名人数%d人。", st.Campaign.Title, len(st.Campaign.Posts),
			st.Total.Places, st.Total.Stages[shuangbai.StageApplied])}
	default:
		return nil, "未知的内容类型"
	}
	return blk, ""
}

// PublishBriefing publishes a draft: refused, with every problem listed,
// while a section is empty or an item is not accepted; else the issue gets
// the next number of its series and year, its content is computed and
// stored with it, and its news items become published.
func (db *DB) PublishBriefing(ctx context.Context, u *shuangbai.User, id int64) (*shuangbai.Briefing, error) {
	if !u.CanEditBriefing() {
		return nil, forbidden()
	}
	b, err := db.Briefing(ctx, u.Scope(), id)
	if err != nil {
		return nil, err
	}
	if !u.Scope().Contains(b.Region) {
		return nil, notFound("简报")
	}
	c, problems, err := db.BriefingContent(ctx, u.Scope(), b)
	if err != nil {
		return nil, err
	}
	if b.Content == nil && len(problems) > 0 {
		return nil, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "还不能印发：" + strings.Join(problems, "；"),
			Fields: map[string]string{"sections": strings.Join(problems, "；")}}
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := db.editable(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if cur.UpdatedAt != b.UpdatedAt {
			return shuangbai.Errorf(shuangbai.ECONFLICT, "简报在印发前被修改过，请刷新后再印发")
		}
		var ids []int64
		for _, s := range b.Sections {
			for _, e := range s.Entries {
				if e.Kind == shuangbai.EntryNews {
					ids = append(ids, e.NewsID)
				}
			}
		}
		for _, nid := range ids {
			var st string
			if err := tx.QueryRowContext(ctx, db.q("SELECT status FROM news_items WHERE id = ?"), nid).Scan(&st); err != nil || st != string(shuangbai.NewsAccepted) {
				return shuangbai.Errorf(shuangbai.ECONFLICT, "有动态在印发前被退回或修改，请刷新后再印发")
			}
		}
		if err := tx.QueryRowContext(ctx, db.q("SELECT COALESCE(MAX(number), 0) + 1 FROM briefings WHERE series_id = ? AND year = ?"),
			b.SeriesID, b.Year).Scan(&b.Number); err != nil {
			return err
		}
		c.Number = b.NumberLabel()
		data, err := json.Marshal(c)
		if err != nil {
			return err
		}
		b.Status, b.Content, b.PublishedAt = shuangbai.BriefingPublished, c, db.now()
		if _, err := tx.ExecContext(ctx, db.q("UPDATE briefings SET status = ?, number = ?, content = ?, published_at = ?, updated_at = ? WHERE id = ?"),
			string(b.Status), b.Number, string(data), b.PublishedAt, b.PublishedAt, b.ID); err != nil {
			return mapError(err)
		}
		for _, nid := range ids {
			if _, err := tx.ExecContext(ctx, db.q("UPDATE news_items SET published = ? WHERE id = ?"), true, nid); err != nil {
				return err
			}
		}
		// The issue and its items become searchable in the same transaction:
		// what is published is found, and nothing unpublished ever is.
		if err := db.indexPublished(ctx, tx, b, ids); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "publish", "briefing", b.ID, b.Region, nil, map[string]any{"year": b.Year, "number": b.Number, "news": ids})
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// indexPublished adds a published issue, with its frozen text, and its
// news items to the search index, each dated by the or the
// event's day.
func (db *DB) indexPublished(ctx context.Context, tx *sql.Tx, b *shuangbai.Briefing, newsIDs []int64) error {
	var body strings.Builder
	for _, s := range b.Content.Sections {
		for _, blk := range s.Blocks {
			body.WriteString(blk.Title + "\n")
			for _, p := range blk.Paragraphs {
				body.WriteString(p + "\n")
			}
		}
	}
	if err := db.indexItem(ctx, tx, shuangbai.SearchItem{Kind: "briefing", ID: b.ID, Region: b.Region,
		Title: b.Content.Series + " " + b.Content.Number, Body: body.String(), Published: b.Date.Time()}); err != nil {
		return fmt.Errorf("store: index briefing: %w", err)
	}
	for _, id := range newsIDs {
		// An item is dated by its event, as the archive lists it.
		it := shuangbai.SearchItem{Kind: "news", ID: id}
		var on shuangbai.Date
		if err := tx.QueryRowContext(ctx, db.q("SELECT region, title, body, news_date FROM news_items WHERE id = ?"), id).Scan(&it.Region, &it.Title, &it.Body, &on); err != nil {
			return fmt.Errorf("store: index news: %w", err)
		}
		it.Published = on.Time()
		if err := db.indexItem(ctx, tx, it); err != nil {
			return fmt.Errorf("store: index news: %w", err)
		}
	}
	return nil
}
