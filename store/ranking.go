package store

import (
	"context"
	"fmt"

	"shuangbai"
)

// Rankings, statistics and the notice list are computed from the scores
// each time they are read, not stored: a corrected score or a failed
// medical check changes them at once, and reading a province's campaign
// (2,000 posts, 30,000 applications) takes a fraction of a second. They
// read no sealed numbers.

// scoringColumns are what ranking needs, and the name and number it shows:
// reading fewer columns of 30,000 rows is most of its time.
const scoringColumns = `a.id, a.post_id, a.region, a.number, a.name, a.review, a.written, a.interview, a.medical, COALESCE(a.person_id, 0)`

// scoringRows returns a campaign's applications inside scope (those of
// posts, when given) without their ID and phone numbers, by post.
func (db *DB) scoringRows(ctx context.Context, q querier, scope shuangbai.Scope, campaignID int64, posts ...int64) ([]shuangbai.Applicant, error) {
	var w where
	w.add("a.campaign_id = ?", campaignID)
	w.scope("a.region", scope)
	switch len(posts) {
	case 0:
	case 1:
		w.add("a.post_id = ?", posts[0])
	default:
		args := make([]any, len(posts))
		for i, id := range posts {
			args[i] = id
		}
		w.add("a.post_id IN ("+placeholders(len(posts))+")", args...)
	}
	rows, err := q.QueryContext(ctx, db.q("SELECT "+scoringColumns+" FROM applicants a WHERE "+w.String()+" ORDER BY a.post_id, a.id"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: scores: %w", err)
	}
	defer rows.Close()
	// An Applicant is some 300 bytes: appending 30,000 of them one by one
	// grew the slice a quarter at a time, five times its size allocated in
	// all. Rows go into blocks of a fixed size, copied once into a slice
	// of the size they came to.
	const block = 512
	var blocks [][]shuangbai.Applicant
	n := 0
	for rows.Next() {
		if n%block == 0 {
			blocks = append(blocks, make([]shuangbai.Applicant, 0, block))
		}
		b := &blocks[len(blocks)-1]
		*b = append(*b, shuangbai.Applicant{CampaignID: campaignID})
		a := &(*b)[len(*b)-1] // scanned in place: a local escaped, one more copy each
		if err := rows.Scan(&a.ID, &a.PostID, &a.Region, &a.Number, &a.Name, (*string)(&a.Review), &a.Written, &a.Interview,
			(*string)(&a.Medical), &a.PersonID); err != nil {
			return nil, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]shuangbai.Applicant, 0, n)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out, nil
}

// Ranking is a campaign's ranking, post by post.
type Ranking struct {
	Campaign *shuangbai.Campaign
	Posts    []shuangbai.PostRanking
	// Applicants holds every application ranked, by id, with only its
	// number, name, post, review, scores, medical result and signing.
	Applicants map[int64]*shuangbai.Applicant
	standings  map[int64]shuangbai.Standing
	byPost     map[int64][]shuangbai.Applicant // what Applicants points into
}

// Standing returns the standing of an application, or a zero one.
func (r *Ranking) Standing(id int64) shuangbai.Standing { return r.standings[id] }

// Ranking ranks the posts of a campaign inside scope (one post, when
// postID is set).
func (db *DB) Ranking(ctx context.Context, scope shuangbai.Scope, campaignID, postID int64) (*Ranking, error) {
	return db.ranking(ctx, db.read, scope, campaignID, postID)
}

func (db *DB) ranking(ctx context.Context, q querier, scope shuangbai.Scope, campaignID, postID int64) (*Ranking, error) {
	c, err := db.campaign(ctx, q, scope, campaignID)
	if err != nil {
		return nil, err
	}
	as, err := db.scoringRows(ctx, q, scope, campaignID, postsOf(postID)...)
	if err != nil {
		return nil, err
	}
	return rank(c, as, postID), nil
}

// postsOf is the posts argument of scoringRows for a postID that may be
// unset.
func postsOf(postID int64) []int64 {
	if postID == 0 {
		return nil
	}
	return []int64{postID}
}

// rank ranks the posts of c (or only postID) over their applications as.
func rank(c *shuangbai.Campaign, as []shuangbai.Applicant, postID int64) *Ranking {
	r := &Ranking{Campaign: c, Applicants: make(map[int64]*shuangbai.Applicant, len(as)),
		standings: make(map[int64]shuangbai.Standing, len(as)), byPost: byPost(as)}
	for _, p := range c.Posts {
		if postID != 0 && p.ID != postID {
			continue
		}
		r.Posts = append(r.Posts, r.rankPost(c, p, r.byPost[p.ID]))
	}
	return r
}

// rankPost ranks post p over its applications list, which r holds from
// then on.
func (r *Ranking) rankPost(c *shuangbai.Campaign, p shuangbai.Post, list []shuangbai.Applicant) shuangbai.PostRanking {
	if list != nil {
		r.byPost[p.ID] = list
	}
	for i := range list {
		r.Applicants[list[i].ID] = &list[i]
	}
	pr := c.RankPost(p, list)
	for _, st := range pr.Standings {
		r.standings[st.ApplicantID] = st
	}
	return pr
}

// byPost groups applications by post. A post's applications are a run of
// as (scoringRows reads them by post), kept where they lie rather than
// copied out; a post whose applications come apart (as in any order) has
// its runs joined in a copy of its own, made once, in the order they came.
func byPost(as []shuangbai.Applicant) map[int64][]shuangbai.Applicant {
	out := map[int64][]shuangbai.Applicant{}
	copied := map[int64]bool{}
	for i := 0; i < len(as); {
		id, j := as[i].PostID, i+1
		for j < len(as) && as[j].PostID == id {
			j++
		}
		switch prev, ok := out[id]; {
		case !ok:
			out[id] = as[i:j:j]
		case !copied[id]:
			copied[id] = true
			out[id] = append(append(make([]shuangbai.Applicant, 0, 2*(len(prev)+j-i)), prev...), as[i:j]...)
		default:
			out[id] = append(prev, as[i:j]...)
		}
		i = j
	}
	return out
}

// CampaignStats are a campaign's numbers inside scope: applicants per
// post and how many reached each stage, in all, by county and by post.
type CampaignStats struct {
	Campaign *shuangbai.Campaign
	Total    shuangbai.StageRow
	Counties []shuangbai.StageRow
	Posts    []shuangbai.StageRow
}

// Stats returns a campaign's statistics inside scope.
func (db *DB) Stats(ctx context.Context, scope shuangbai.Scope, campaignID int64) (*CampaignStats, error) {
	r, err := db.Ranking(ctx, scope, campaignID, 0)
	if err != nil {
		return nil, err
	}
	return db.statsOf(ctx, r)
}

func (db *DB) statsOf(ctx context.Context, r *Ranking) (*CampaignStats, error) {
	st := &CampaignStats{Campaign: r.Campaign, Total: shuangbai.StageRow{Name: "合计"}}
	byCounty := map[string]*shuangbai.StageRow{}
	var codes []string
	for _, pr := range r.Posts {
		p := pr.Post
		row := shuangbai.StageRow{Code: p.Code, Name: p.Title, Region: p.Region, Posts: 1, Places: p.Places}
		for _, s := range pr.Standings {
			row.Stages.Add(r.Applicants[s.ApplicantID], s)
		}
		st.Posts = append(st.Posts, row)
		county := p.Region[:6]
		c := byCounty[county]
		if c == nil {
			c = &shuangbai.StageRow{Code: county}
			byCounty[county] = c
			codes = append(codes, county)
		}
		for _, x := range []*shuangbai.StageRow{c, &st.Total} {
			x.Posts++
			x.Places += p.Places
			x.Stages = x.Stages.Plus(row.Stages)
		}
	}
	names, err := db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	for _, code := range codes { // posts come by region, so counties do too
		c := byCounty[code]
		c.Name = names[code]
		st.Counties = append(st.Counties, *c)
	}
	return st, nil
}

// NoticeEntry is one line of the notice list (公示名单): a candidate
// proposed for hiring, with their scores and rank.
type NoticeEntry struct {
	Post      shuangbai.Post
	Applicant *shuangbai.Applicant // without ID and phone numbers
	Standing  shuangbai.Standing
}

// The notice entries of Ranking.Notice carry only the ranking's columns;
// NoticeList reads the rest.

// NoticeList returns the notice list of a campaign inside scope, post by
// post in rank order.
func (db *DB) NoticeList(ctx context.Context, scope shuangbai.Scope, campaignID int64) (*shuangbai.Campaign, []NoticeEntry, error) {
	r, err := db.Ranking(ctx, scope, campaignID, 0)
	if err != nil {
		return nil, nil, err
	}
	list := r.Notice()
	return r.Campaign, list, db.noticeDetails(ctx, campaignID, list)
}

// noticeDetails reads what the notice prints of each person beyond the
// ranking's columns: gender, birth, education, major, qualification.
func (db *DB) noticeDetails(ctx context.Context, campaignID int64, list []NoticeEntry) error {
	byID := make(map[int64]*shuangbai.Applicant, len(list))
	for _, e := range list {
		byID[e.Applicant.ID] = e.Applicant
	}
	const chunk = 500
	for start := 0; start < len(list); start += chunk {
		part := list[start:min(start+chunk, len(list))]
		args := []any{campaignID}
		for _, e := range part {
			args = append(args, e.Applicant.ID)
		}
		rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, gender, birth, education, major, qualification, hukou FROM applicants
			WHERE campaign_id = ? AND id IN (`+placeholders(len(part))+`)`), args...)
		if err != nil {
			return fmt.Errorf("store: notice: %w", err)
		}
		for rows.Next() {
			var id int64
			var d shuangbai.Applicant
			if err := rows.Scan(&id, &d.Gender, &d.Birth, (*string)(&d.Education), &d.Major, (*string)(&d.Qualification), &d.Hukou); err != nil {
				rows.Close()
				return err
			}
			a := byID[id]
			a.Gender, a.Birth, a.Education, a.Major, a.Qualification, a.Hukou = d.Gender, d.Birth, d.Education, d.Major, d.Qualification, d.Hukou
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Notice returns the candidates of r on the notice list.
func (r *Ranking) Notice() []NoticeEntry {
	var out []NoticeEntry
	for _, pr := range r.Posts {
		for _, s := range pr.Standings {
			if s.Notice {
				out = append(out, NoticeEntry{Post: pr.Post, Applicant: r.Applicants[s.ApplicantID], Standing: s})
			}
		}
	}
	return out
}
