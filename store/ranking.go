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

const scoringColumns = `a.id, a.campaign_id, a.post_id, a.region, a.number, a.name, a.gender, a.birth, a.education, a.major,
	a.qualification, a.hukou, a.review, a.written, a.interview, a.medical, COALESCE(a.person_id, 0), a.signed_on`

// scoringRows returns a campaign's applications inside scope (one post's,
// when postID is set) without their ID and phone numbers, by post.
func (db *DB) scoringRows(ctx context.Context, q querier, scope shuangbai.Scope, campaignID, postID int64) ([]shuangbai.Applicant, error) {
	var w where
	w.add("a.campaign_id = ?", campaignID)
	w.scope("a.region", scope)
	if postID != 0 {
		w.add("a.post_id = ?", postID)
	}
	rows, err := q.QueryContext(ctx, db.q("SELECT "+scoringColumns+" FROM applicants a WHERE "+w.String()+" ORDER BY a.post_id, a.id"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: scores: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Applicant
	for rows.Next() {
		var a shuangbai.Applicant
		if err := rows.Scan(&a.ID, &a.CampaignID, &a.PostID, &a.Region, &a.Number, &a.Name, &a.Gender, &a.Birth, (*string)(&a.Education),
			&a.Major, (*string)(&a.Qualification), &a.Hukou, (*string)(&a.Review), &a.Written, &a.Interview, (*string)(&a.Medical),
			&a.PersonID, &a.SignedOn); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Ranking is a campaign's ranking, post by post.
type Ranking struct {
	Campaign *shuangbai.Campaign
	Posts    []shuangbai.PostRanking
	// Applicants holds every application ranked, by id, without its ID
	// and phone numbers.
	Applicants map[int64]*shuangbai.Applicant
	standings  map[int64]shuangbai.Standing
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
	as, err := db.scoringRows(ctx, q, scope, campaignID, postID)
	if err != nil {
		return nil, err
	}
	return rank(c, as, postID), nil
}

// rank ranks the posts of c (or only postID) over their applications as.
func rank(c *shuangbai.Campaign, as []shuangbai.Applicant, postID int64) *Ranking {
	r := &Ranking{Campaign: c, Applicants: make(map[int64]*shuangbai.Applicant, len(as)), standings: make(map[int64]shuangbai.Standing, len(as))}
	byPost := map[int64][]shuangbai.Applicant{}
	for i := range as {
		byPost[as[i].PostID] = append(byPost[as[i].PostID], as[i])
	}
	for _, p := range c.Posts {
		if postID != 0 && p.ID != postID {
			continue
		}
		list := byPost[p.ID]
		for i := range list {
			r.Applicants[list[i].ID] = &list[i]
		}
		pr := c.RankPost(p, list)
		for _, st := range pr.Standings {
			r.standings[st.ApplicantID] = st
		}
		r.Posts = append(r.Posts, pr)
	}
	return r
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

// NoticeList returns the notice list of a campaign inside scope, post by
// post in rank order.
func (db *DB) NoticeList(ctx context.Context, scope shuangbai.Scope, campaignID int64) (*shuangbai.Campaign, []NoticeEntry, error) {
	r, err := db.Ranking(ctx, scope, campaignID, 0)
	if err != nil {
		return nil, nil, err
	}
	return r.Campaign, r.Notice(), nil
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
