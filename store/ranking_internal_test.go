package store

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"shuangbai"
)

// rank takes each post's applications where they lie when they come by
// post (scoringRows) and joins them when they come in any order (the
// score import's check): the standings are the same either way.
func TestRankAnyOrder(t *testing.T) {
	c := &shuangbai.Campaign{WrittenWeight: 50, InterviewRatio: 20, MedicalRatio: 10}
	for p := int64(1); p <= 3; p++ {
		c.Posts = append(c.Posts, shuangbai.Post{ID: p, Places: 2})
	}
	var byPost []shuangbai.Applicant
	for p := int64(1); p <= 3; p++ {
		for i := range 7 {
			id := p*100 + int64(i)
			byPost = append(byPost, shuangbai.Applicant{ID: id, PostID: p, Review: shuangbai.ReviewEligible,
				Written: shuangbai.ScoreOf(int(id*37%5000 + 3000)), Interview: shuangbai.ScoreOf(int(id*53%4000 + 5000))})
		}
	}
	want := rank(c, append([]shuangbai.Applicant(nil), byPost...), 0)
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := append([]shuangbai.Applicant(nil), byPost...)
		rnd.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := rank(c, shuffled, 0)
		if len(got.Applicants) != len(byPost) || !reflect.DeepEqual(got.standings, want.standings) {
			t.Fatalf("shuffled: %d applicants, standings %v; want %d, %v", len(got.Applicants), got.standings, len(byPost), want.standings)
		}
		for id, a := range got.Applicants {
			if a.ID != id || *a != *want.Applicants[id] {
				t.Errorf("applicant %d is %+v, want %+v", id, a, want.Applicants[id])
			}
		}
	}
	if got := rank(c, byPost, 2); len(got.Posts) != 1 || len(got.Applicants) != 7 {
		t.Errorf("post 2 alone: %d posts, %d applicants", len(got.Posts), len(got.Applicants))
	}
}
