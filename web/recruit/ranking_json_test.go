package recruit

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// marshalRanking is the ranking API's answer as it was written before it
// was written by hand: json.Marshal of the structs.
func marshalRanking(rank *store.Ranking) ([]byte, error) {
	out := ui.List[rankingPost]{Items: make([]rankingPost, 0, len(rank.Posts)), Total: len(rank.Posts)}
	for _, pr := range rank.Posts {
		p := rankingPost{postJSON: postJSON{ID: pr.Post.ID, Code: pr.Post.Code, Region: pr.Post.Region, StationID: pr.Post.StationID,
			Title: pr.Post.Title, Places: pr.Post.Places, Applicants: len(pr.Standings)}, Tied: pr.Tied, Applicants: make([]rankedJSON, 0, len(pr.Standings))}
		for _, s := range pr.Standings {
			p.Applicants = append(p.Applicants, rankedOut(rank.Applicants[s.ApplicantID], s))
		}
		out.Items = append(out.Items, p)
	}
	return json.Marshal(out)
}

// TestAppendRanking holds the hand-written answer byte for byte equal to
// json.Marshal's over random rankings: unset and set scores, unranked and
// tied applications, names with what JSON escapes, posts without a
// station or applications, signed and unsigned applications.
func TestAppendRanking(t *testing.T) {
	names := []string{"陈明", `王"小"二`, "李<四>&", "tab\tnew\nline", "\u2028", "bad\xffutf8", ""}
	reviews := []shuangbai.Review{shuangbai.ReviewEligible, shuangbai.ReviewPending, shuangbai.ReviewRejected}
	medicals := []shuangbai.Medical{shuangbai.MedicalPending, shuangbai.MedicalPass, shuangbai.MedicalFail}
	score := func(r *rand.Rand) shuangbai.Score {
		if r.IntN(5) == 0 {
			return shuangbai.Score{}
		}
		return shuangbai.ScoreOf(r.IntN(10001))
	}
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 7))
		c := &shuangbai.Campaign{ID: 1, WrittenWeight: r.IntN(101), InterviewRatio: r.IntN(4), MedicalRatio: 1 + r.IntN(2)}
		rank := &store.Ranking{Campaign: c, Applicants: map[int64]*shuangbai.Applicant{}}
		id := int64(0)
		for p := range 1 + r.IntN(4) {
			post := shuangbai.Post{ID: int64(p + 1), Code: "G0" + string(rune('1'+p)), Region: "445302", Title: names[r.IntN(len(names))], Places: 1 + r.IntN(3)}
			if r.IntN(2) == 0 {
				post.StationID = int64(10 + p)
			}
			var as []shuangbai.Applicant
			for range r.IntN(12) {
				id++
				a := shuangbai.Applicant{ID: id, PostID: post.ID, Region: "445302001", Number: "BM" + string(rune('0'+id%10)),
					Name: names[r.IntN(len(names))], Review: reviews[r.IntN(len(reviews))], Written: score(r), Interview: score(r),
					Medical: medicals[r.IntN(len(medicals))]}
				if r.IntN(3) == 0 {
					a.PersonID = id * 3
				}
				as = append(as, a)
			}
			pr := c.RankPost(post, as)
			for i := range as {
				rank.Applicants[as[i].ID] = &as[i]
			}
			rank.Posts = append(rank.Posts, pr)
		}
		want, err := marshalRanking(rank)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendRanking(nil, rank)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("seed %d:\n got %s\nwant %s", seed, got, want)
		}
	}
}
