package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"shuangbai"
)

// The ranking API keeps what it ranked, and ranks again only the posts
// whose applications were written since, known by the post's rev
// (migration 0041), or whose own columns or campaign's rules changed, as
// read with the ranking. A city's campaign is 6,000 applications; after
// one score was entered, reading and ranking them all again took three
// times what serving a kept ranking does.

// rankingCacheSize bounds the rankings kept: a province's campaign is
// 30,000 applications, some 9 MB ranked.
const rankingCacheSize = 16

// restaleShare: when more than one post in restaleShare must be ranked
// again (a score sheet imported), every application is read again, in one
// pass, rather than by post.
const restaleShare = 4

// restaleMost bounds the posts read again by id in one statement.
const restaleMost = 500

// rankRules are what of a campaign its ranking depends on.
type rankRules struct{ written, interview, medical int }

func rulesOf(c *shuangbai.Campaign) rankRules {
	return rankRules{c.WrittenWeight, c.InterviewRatio, c.MedicalRatio}
}

// postRev is a post as read with a ranking, and its rev.
type postRev struct {
	post shuangbai.Post
	rev  int64
}

// keptRanking is a ranking kept, with what it was ranked from.
type keptRanking struct {
	rules rankRules
	posts map[int64]postRev
	r     *Ranking
}

// rankingCache holds the kept rankings by campaign, post and scope.
type rankingCache struct {
	mu   sync.Mutex
	kept map[string]*keptRanking
}

func (c *rankingCache) get(key string) *keptRanking {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kept[key]
}

func (c *rankingCache) put(key string, k *keptRanking) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kept == nil {
		c.kept = map[string]*keptRanking{}
	}
	// Full: one entry goes, not all of them (a province's ranking is worth
	// keeping while a visitor clicks through sixteen posts).
	for k := range c.kept {
		if len(c.kept) < rankingCacheSize {
			break
		}
		delete(c.kept, k)
	}
	c.kept[key] = k
}

// CampaignRanking returns the ranking of the campaign id visible in scope
// (one post's, when postID is set), its Campaign with the posts in scope
// and without its checklist. It equals Ranking's: a ranking is still
// computed from the scores as they stand, kept, and ranked again where a
// write changed them. What it returns is shared: callers change nothing
// of it.
func (db *DB) CampaignRanking(ctx context.Context, scope shuangbai.Scope, id, postID int64) (*Ranking, error) {
	q := db.reader(ctx)
	// The revs are read first: the applications read after them are at
	// least as new, and a write in between gives the post another rev, so
	// that a post is never served older than the rev it is kept under.
	c, revs, err := db.campaignPostRevs(ctx, q, scope, id)
	if err != nil {
		return nil, err
	}
	// Only the campaign's and its posts' rankings are kept: any other
	// ?post= would push them out of the cache, and ranks nobody.
	if postID != 0 && !slices.ContainsFunc(c.Posts, func(p shuangbai.Post) bool { return p.ID == postID }) {
		as, err := db.scoringRows(ctx, q, scope, id, postID)
		if err != nil {
			return nil, err
		}
		return rank(c, as, postID), nil
	}
	now := &keptRanking{rules: rulesOf(c), posts: make(map[int64]postRev, len(c.Posts))}
	for i, p := range c.Posts {
		if postID == 0 || p.ID == postID {
			now.posts[p.ID] = postRev{p, revs[i]}
		}
	}
	key := fmt.Sprintf("ranking|%d|%d|%t|%s", id, postID, scope.All, scope.Code)
	was := db.rankings.get(key)
	var stale []int64
	if was != nil && was.rules == now.rules {
		for pid, pr := range now.posts {
			if was.posts[pid] != pr {
				stale = append(stale, pid)
			}
		}
	}
	switch {
	case was == nil || was.rules != now.rules || len(stale) > restaleMost || len(stale)*restaleShare > len(now.posts):
		as, err := db.scoringRows(ctx, q, scope, id, postsOf(postID)...)
		if err != nil {
			return nil, err
		}
		now.r = rank(c, as, postID)
	case len(stale) == 0 && len(was.posts) == len(now.posts):
		// The same posts at the same revs: the kept ranking, with the
		// campaign as read now (its title or dates may have changed).
		r := *was.r
		r.Campaign = c
		now.r = &r
	default:
		slices.Sort(stale) // one plan for the same posts, whatever the map's order
		as, err := db.scoringRows(ctx, q, scope, id, stale...)
		if err != nil {
			return nil, err
		}
		now.r = rerank(was.r, c, as, now.posts, stale)
	}
	db.rankings.put(key, now)
	return now.r, nil
}

// rerank is ranking was again for campaign c over the posts ranked now:
// the stale ones over their applications as, the others as they were.
func rerank(was *Ranking, c *shuangbai.Campaign, as []shuangbai.Applicant, posts map[int64]postRev, stale []int64) *Ranking {
	again := make(map[int64]bool, len(stale))
	for _, id := range stale {
		again[id] = true
	}
	r := &Ranking{Campaign: c, Applicants: maps.Clone(was.Applicants), standings: maps.Clone(was.standings), byPost: maps.Clone(was.byPost)}
	// The applications of the posts ranked again, or no longer ranked,
	// go first: one that moved post is found under its new one.
	for id, list := range was.byPost {
		if _, ranked := posts[id]; ranked && !again[id] {
			continue
		}
		for _, a := range list {
			delete(r.Applicants, a.ID)
			delete(r.standings, a.ID)
		}
		delete(r.byPost, id)
	}
	kept := make(map[int64]*shuangbai.PostRanking, len(was.Posts))
	for i := range was.Posts {
		kept[was.Posts[i].Post.ID] = &was.Posts[i]
	}
	fresh := byPost(as)
	r.Posts = make([]shuangbai.PostRanking, 0, len(posts))
	for _, p := range c.Posts {
		if _, ranked := posts[p.ID]; !ranked {
			continue
		}
		if pr := kept[p.ID]; pr != nil && !again[p.ID] {
			r.Posts = append(r.Posts, *pr)
			continue
		}
		r.Posts = append(r.Posts, r.rankPost(c, p, fresh[p.ID]))
	}
	return r
}
