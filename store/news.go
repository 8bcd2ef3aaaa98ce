package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"shuangbai"
)

// News items (动态) for the briefing. An item is its region's: a county or
// station writes it, submits it to the city's editor, who accepts it,
// returns it with a comment, or edits it. Every save and every step is a
// new version, kept in news_versions. A county reads its own items and
// every published one (carried by a published issue); a published item
// is never edited again, as the issue that printed it never changes.

const newsColumns = "n.id, n.region, n.title, n.news_date, n.place, n.body, n.tags, n.status, n.comment, n.version, n.published, n.created_by, n.created_at, n.updated_at"

func scanNews(sc interface{ Scan(...any) error }) (*shuangbai.NewsItem, error) {
	var n shuangbai.NewsItem
	var tags string
	if err := sc.Scan(&n.ID, &n.Region, &n.Title, &n.Date, &n.Place, &n.Body, &tags, (*string)(&n.Status), &n.Comment, &n.Version,
		&n.Published, &n.CreatedBy, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return nil, err
	}
	n.Tags = splitTags(tags)
	return &n, nil
}

// Tags are stored one a line: a tag is one line of text.
func joinTags(tags []string) string { return strings.Join(tags, "\n") }

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// newsVisible adds the condition that item n is readable in scope: its
// region in scope, or published.
func newsVisible(w *where, scope shuangbai.Scope) {
	c, a := inScope("n.region", scope)
	w.add("("+c+" OR n.published = ?)", append(a, true)...)
}

// NewsFilter selects news items. Zero fields do not filter.
type NewsFilter struct {
	Status shuangbai.NewsStatus
	Region string // in this region's subtree
	Tag    string
	Limit  int
}

// NewsList returns the items readable in scope, newest first.
func (db *DB) NewsList(ctx context.Context, scope shuangbai.Scope, f NewsFilter) ([]*shuangbai.NewsItem, error) {
	var w where
	newsVisible(&w, scope)
	if f.Status != "" {
		w.add("n.status = ?", string(f.Status))
	}
	if f.Region != "" {
		w.scope("n.region", shuangbai.Scope{Code: f.Region})
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+newsColumns+" FROM news_items n WHERE "+w.String()+
		fmt.Sprintf(" ORDER BY n.news_date DESC, n.id DESC LIMIT %d", limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: news: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.NewsItem
	for rows.Next() {
		n, err := scanNews(rows)
		if err != nil {
			return nil, err
		}
		if f.Tag == "" || containsTag(n.Tags, f.Tag) {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}

func containsTag(tags []string, t string) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// News returns one item readable in scope, with its photos.
func (db *DB) News(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.NewsItem, error) {
	return db.news(ctx, db.read, scope, id)
}

func (db *DB) news(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.NewsItem, error) {
	var w where
	w.add("n.id = ?", id)
	newsVisible(&w, scope)
	n, err := scanNews(q.QueryRowContext(ctx, db.q("SELECT "+newsColumns+" FROM news_items n WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("动态")
	}
	if err != nil {
		return nil, fmt.Errorf("store: news %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, db.q("SELECT id, news_id, name, content_type, size, sha256, created_at, created_by FROM news_photos WHERE news_id = ? ORDER BY id"), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p shuangbai.NewsPhoto
		if err := rows.Scan(&p.ID, &p.NewsID, &p.Name, &p.Type, &p.Size, &p.SHA256, &p.CreatedAt, &p.CreatedBy); err != nil {
			return nil, err
		}
		n.Photos = append(n.Photos, p)
	}
	return n, rows.Err()
}

// CreateNews stores a new item as a draft, or submitted when n.Status is
// NewsSubmitted; its first version is kept.
func (db *DB) CreateNews(ctx context.Context, u *shuangbai.User, n *shuangbai.NewsItem) error {
	if !u.CanWriteNews() {
		return forbidden()
	}
	if n.Status != shuangbai.NewsSubmitted {
		n.Status = shuangbai.NewsDraft
	}
	if err := n.Validate(); err != nil {
		return err
	}
	if !u.Scope().Contains(n.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所属地区不在您的管辖范围内", Fields: map[string]string{"region": "所属地区不在您的管辖范围内"}}
	}
	now := db.now()
	n.Version, n.CreatedBy, n.CreatedAt, n.UpdatedAt, n.Comment, n.Published = 1, u.Username, now, now, "", false
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO news_items (region, title, news_date, place, body, tags, status, comment, version, published, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?, ?, ?) RETURNING id`), n.Region, n.Title, n.Date, n.Place, n.Body, joinTags(n.Tags),
			string(n.Status), false, n.CreatedBy, now, now).Scan(&n.ID)
		if err != nil {
			return fmt.Errorf("store: create news: %w", err)
		}
		if err := db.newsVersion(ctx, tx, u, n, "新建"); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "create", "news", n.ID, n.Region, nil, newsAudit(n))
	})
}

func newsAudit(n *shuangbai.NewsItem) map[string]any {
	return map[string]any{"title": n.Title, "date": n.Date, "place": n.Place, "region": n.Region, "tags": n.Tags,
		"status": n.Status, "comment": n.Comment, "version": n.Version, "body_chars": len([]rune(n.Body))}
}

// newsVersion keeps the item's current state as version n.Version.
func (db *DB) newsVersion(ctx context.Context, tx *sql.Tx, u *shuangbai.User, n *shuangbai.NewsItem, note string) error {
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO news_versions (news_id, version, title, news_date, place, body, tags, status, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), n.ID, n.Version, n.Title, n.Date, n.Place, n.Body, joinTags(n.Tags), string(n.Status),
		note, u.Username, n.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: news version: %w", err)
	}
	return nil
}

// NewsVersions returns every version of an item readable in scope, oldest
// first.
func (db *DB) NewsVersions(ctx context.Context, scope shuangbai.Scope, id int64) ([]shuangbai.NewsVersion, error) {
	if _, err := db.News(ctx, scope, id); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT version, title, news_date, place, body, tags, status, note, created_by, created_at
		FROM news_versions WHERE news_id = ? ORDER BY version`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shuangbai.NewsVersion
	for rows.Next() {
		var v shuangbai.NewsVersion
		var tags string
		if err := rows.Scan(&v.Version, &v.Title, &v.Date, &v.Place, &v.Body, &tags, (*string)(&v.Status), &v.Note, &v.CreatedBy, &v.CreatedAt); err != nil {
			return nil, err
		}
		v.Tags = splitTags(tags)
		out = append(out, v)
	}
	return out, rows.Err()
}

// changeable reads an item for a change by u: in u's scope and not yet
// published. The writer changes a draft or a returned item; the editor an
// item submitted or accepted, and the text of a published one.
func (db *DB) changeable(ctx context.Context, tx *sql.Tx, u *shuangbai.User, id int64, text bool) (*shuangbai.NewsItem, error) {
	if !u.CanWriteNews() {
		return nil, forbidden()
	}
	var w where
	w.add("n.id = ?", id)
	w.scope("n.region", u.Scope())
	old, err := scanNews(tx.QueryRowContext(ctx, db.q("SELECT "+newsColumns+" FROM news_items n WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("动态")
	}
	if err != nil {
		return nil, err
	}
	// The editor may still correct the text of a published item for a
	// correction (勘误): the issue that printed it keeps its own copy.
	if old.Published && !(text && u.CanEditBriefing()) {
		return nil, shuangbai.Errorf(shuangbai.ECONFLICT, "这条动态已在印发的简报中刊登，不能再修改")
	}
	return old, nil
}

// UpdateNews saves changes to an item's text as a new version. The writer
// edits a draft or a returned item; the editor (u.CanEditBriefing) edits
// any item not yet published, and the item keeps its state.
func (db *DB) UpdateNews(ctx context.Context, u *shuangbai.User, n *shuangbai.NewsItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.changeable(ctx, tx, u, n.ID, true)
		if err != nil {
			return err
		}
		editor := u.CanEditBriefing()
		if !editor && old.Status != shuangbai.NewsDraft && old.Status != shuangbai.NewsReturned {
			return shuangbai.Errorf(shuangbai.ECONFLICT, "这条动态%s，由市级编辑修改；如需改动请联系编辑退回", old.Status.Label())
		}
		n.Region, n.Status, n.Comment, n.CreatedBy, n.CreatedAt = old.Region, old.Status, old.Comment, old.CreatedBy, old.CreatedAt
		if err := n.Validate(); err != nil {
			return err
		}
		n.Version, n.UpdatedAt = old.Version+1, db.now()
		note := "修改"
		if editor && u.Username != old.CreatedBy {
			note = "编辑修改"
		}
		return db.saveNews(ctx, tx, u, old, n, note)
	})
}

func (db *DB) saveNews(ctx context.Context, tx *sql.Tx, u *shuangbai.User, old, n *shuangbai.NewsItem, note string) error {
	if _, err := tx.ExecContext(ctx, db.q(`UPDATE news_items SET title = ?, news_date = ?, place = ?, body = ?, tags = ?, status = ?, comment = ?,
		version = ?, updated_at = ? WHERE id = ?`), n.Title, n.Date, n.Place, n.Body, joinTags(n.Tags), string(n.Status), n.Comment,
		n.Version, n.UpdatedAt, n.ID); err != nil {
		return fmt.Errorf("store: update news: %w", err)
	}
	if err := db.newsVersion(ctx, tx, u, n, note); err != nil {
		return err
	}
	return db.audit(ctx, tx, u, "update", "news", n.ID, n.Region, newsAudit(old), newsAudit(n))
}

// SubmitNews sends a draft or returned item to the editor.
func (db *DB) SubmitNews(ctx context.Context, u *shuangbai.User, id int64) error {
	return db.newsStep(ctx, u, id, func(n *shuangbai.NewsItem) (string, error) {
		if n.Status != shuangbai.NewsDraft && n.Status != shuangbai.NewsReturned {
			return "", shuangbai.Errorf(shuangbai.ECONFLICT, "这条动态%s，不需要再提交", n.Status.Label())
		}
		n.Status, n.Comment = shuangbai.NewsSubmitted, ""
		return "提交", nil
	})
}

// ReviewNews is the editor's decision on a submitted item: accept it, or
// return it with a comment (required) saying what to change.
func (db *DB) ReviewNews(ctx context.Context, u *shuangbai.User, id int64, accept bool, comment string) error {
	if !u.CanEditBriefing() {
		return forbidden()
	}
	comment, err := shuangbai.CleanText("comment", "退回意见", comment, shuangbai.TextNote, 500)
	if err != nil {
		return err
	}
	if !accept && comment == "" {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "退回时请写明修改意见", Fields: map[string]string{"comment": "退回时请写明修改意见"}}
	}
	return db.newsStep(ctx, u, id, func(n *shuangbai.NewsItem) (string, error) {
		if n.Status != shuangbai.NewsSubmitted && !(accept && n.Status == shuangbai.NewsReturned) {
			return "", shuangbai.Errorf(shuangbai.ECONFLICT, "这条动态%s，只能审核待审核的动态", n.Status.Label())
		}
		if accept {
			n.Status, n.Comment = shuangbai.NewsAccepted, comment
			return "采用", nil
		}
		n.Status, n.Comment = shuangbai.NewsReturned, comment
		return "退回：" + comment, nil
	})
}

// newsStep changes an item's state by step, as a new version.
func (db *DB) newsStep(ctx context.Context, u *shuangbai.User, id int64, step func(n *shuangbai.NewsItem) (string, error)) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.changeable(ctx, tx, u, id, false)
		if err != nil {
			return err
		}
		n := *old
		note, err := step(&n)
		if err != nil {
			return err
		}
		n.Version, n.UpdatedAt = old.Version+1, db.now()
		return db.saveNews(ctx, tx, u, old, &n, note)
	})
}

// AddNewsPhoto stores a photo on an item the user may change: a JPEG or
// PNG image within the size limit, with its thumbnail.
func (db *DB) AddNewsPhoto(ctx context.Context, u *shuangbai.User, p *shuangbai.NewsPhoto, data, thumb []byte) error {
	typ, err := shuangbai.SniffNewsPhoto(data)
	if err != nil {
		return err
	}
	if len(data) > shuangbai.MaxNewsPhoto {
		return shuangbai.Errorf(shuangbai.EINVALID, "照片太大：不超过 %d MB", shuangbai.MaxNewsPhoto>>20)
	}
	sum := sha256.Sum256(data)
	p.Type, p.Size, p.SHA256 = typ, len(data), hex.EncodeToString(sum[:])
	p.Name, p.CreatedAt, p.CreatedBy = shuangbai.AttachmentName(p.Name), db.now(), u.Username
	return db.inTx(ctx, func(tx *sql.Tx) error {
		n, err := db.changeable(ctx, tx, u, p.NewsID, false)
		if err != nil {
			return err
		}
		var count int
		if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM news_photos WHERE news_id = ?"), n.ID).Scan(&count); err != nil {
			return err
		}
		if count >= shuangbai.MaxNewsPhotos {
			return shuangbai.Errorf(shuangbai.EINVALID, "每条动态最多 %d 张照片", shuangbai.MaxNewsPhotos)
		}
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO news_photos (news_id, name, content_type, size, sha256, data, thumb, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), n.ID, p.Name, p.Type, p.Size, p.SHA256, data, thumb, p.CreatedAt, p.CreatedBy).Scan(&p.ID); err != nil {
			return fmt.Errorf("store: add news photo: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "news_photo", p.ID, n.Region, nil, map[string]any{"news_id": n.ID, "name": p.Name, "size": p.Size, "sha256": p.SHA256})
	})
}

// NewsPhotoData returns a photo of an item readable in scope, or its
// thumbnail.
func (db *DB) NewsPhotoData(ctx context.Context, scope shuangbai.Scope, newsID, id int64, thumb bool) (*shuangbai.NewsPhoto, []byte, error) {
	if _, err := db.News(ctx, scope, newsID); err != nil {
		return nil, nil, err
	}
	col := "data"
	if thumb {
		col = "COALESCE(thumb, data)"
	}
	var p shuangbai.NewsPhoto
	var data []byte
	err := db.read.QueryRowContext(ctx, db.q("SELECT id, news_id, name, content_type, size, sha256, "+col+" FROM news_photos WHERE id = ? AND news_id = ?"), id, newsID).
		Scan(&p.ID, &p.NewsID, &p.Name, &p.Type, &p.Size, &p.SHA256, &data)
	if err == sql.ErrNoRows {
		return nil, nil, notFound("照片")
	}
	return &p, data, err
}
