package store

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"shuangbai"
)

// TestRerank: ranking a kept ranking again over the stale posts' new
// applications equals ranking everything afresh, whatever the write was.
func TestRerank(t *testing.T) {
	c := &shuangbai.Campaign{ID: 1, WrittenWeight: 50, InterviewRatio: 20, MedicalRatio: 10}
	for i := range 6 {
		c.Posts = append(c.Posts, shuangbai.Post{ID: int64(10 + i), CampaignID: 1, Code: fmt.Sprintf("P%d", i), Region: "445302003", Places: 1 + i%2})
	}
	// Five applications a post, by post and id, as scoringRows reads them.
	var all []shuangbai.Applicant
	for i := range 30 {
		all = append(all, shuangbai.Applicant{ID: int64(100 + i), CampaignID: 1, PostID: int64(10 + i/5), Region: "445302003",
			Name: fmt.Sprintf("应聘%02d", i), Review: shuangbai.ReviewEligible,
			Written: shuangbai.ScoreOf(6000 + 397*i%3000), Interview: shuangbai.ScoreOf(7000 + 211*i%2500)})
	}
	ofPosts := func(as []shuangbai.Applicant, posts []int64) []shuangbai.Applicant {
		var out []shuangbai.Applicant
		for _, a := range as {
			if slices.Contains(posts, a.PostID) {
				out = append(out, a)
			}
		}
		return out
	}
	for _, tt := range []struct {
		name  string
		write func(c *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant
		stale []int64
	}{
		{"a written score", func(_ *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			as[7].Written = shuangbai.ScoreOf(9900)
			return as
		}, []int64{11}},
		{"a review", func(_ *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			as[12].Review = shuangbai.ReviewRejected
			return as
		}, []int64{12}},
		{"an application moved to another post", func(_ *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			as[3].PostID = 14
			slices.SortStableFunc(as, func(x, y shuangbai.Applicant) int { return int(x.PostID - y.PostID) })
			return as
		}, []int64{10, 14}},
		{"a post's last application gone", func(_ *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			return slices.DeleteFunc(as, func(a shuangbai.Applicant) bool { return a.PostID == 15 })
		}, []int64{15}},
		{"an application filed", func(_ *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			a := as[0]
			a.ID, a.Written = 200, shuangbai.ScoreOf(9999)
			return slices.Insert(as, 5, a)
		}, []int64{10}},
		{"a post's places", func(c *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			c.Posts[2].Places = 3
			return as
		}, []int64{12}},
		{"a post no longer in scope", func(c *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			c.Posts = slices.Delete(c.Posts, 1, 2)
			return slices.DeleteFunc(as, func(a shuangbai.Applicant) bool { return a.PostID == 11 })
		}, nil},
		{"a post added", func(c *shuangbai.Campaign, as []shuangbai.Applicant) []shuangbai.Applicant {
			c.Posts = append(c.Posts, shuangbai.Post{ID: 16, CampaignID: 1, Code: "P6", Region: "445302003", Places: 1})
			a := as[0]
			a.ID, a.PostID = 201, 16
			return append(as, a)
		}, []int64{16}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			was := rank(c, slices.Clone(all), 0)
			c2 := *c
			c2.Posts = slices.Clone(c.Posts)
			as := tt.write(&c2, slices.Clone(all))
			want := rank(&c2, slices.Clone(as), 0)
			posts := map[int64]postRev{}
			for _, p := range c2.Posts {
				posts[p.ID] = postRev{post: p}
			}
			got := rerank(was, &c2, ofPosts(as, tt.stale), posts, tt.stale)
			if !reflect.DeepEqual(got.Posts, want.Posts) {
				t.Errorf("posts:\n got %+v\nwant %+v", got.Posts, want.Posts)
			}
			if !reflect.DeepEqual(got.Applicants, want.Applicants) || !reflect.DeepEqual(got.standings, want.standings) {
				t.Errorf("applications:\n got %v\nwant %v", got.standings, want.standings)
			}
			// The kept ranking is shared with the requests still serving it.
			if again := rank(c, slices.Clone(all), 0); !reflect.DeepEqual(was.Posts, again.Posts) || !reflect.DeepEqual(was.standings, again.standings) {
				t.Error("ranking again changed the kept ranking")
			}
		})
	}
}
