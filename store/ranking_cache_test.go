package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// TestCampaignRankingFollowsWrites: after each kind of write to a
// campaign, its posts and its applications, and after statements no store
// method makes, the kept ranking served equals one computed afresh, for a
// city's and a county's scope, the whole campaign and one post. Each check
// serves the ranking first, so a write that did not give its post a new
// rev would leave the old one served. Each county has posts enough that a
// write to one post's applications ranks that post alone again
// (restaleShare).
func TestCampaignRankingFollowsWrites(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	var more []shuangbai.Post
	for i := range 8 {
		p := shuangbai.Post{CampaignID: w.c.ID, Code: fmt.Sprintf("YC-%02d", 10+i), Region: "445302", Title: "云城区社工", Places: 1}
		if i%2 == 1 {
			p.Code, p.Region, p.Title = fmt.Sprintf("LD-%02d", 10+i), "445381", "罗定市社工"
		}
		if err := w.db.SavePost(ctx, w.city, &p); err != nil {
			t.Fatal(err)
		}
		more = append(more, p)
	}
	for i, p := range more {
		w.apply(t, w.city, p, 100+10*i, 3)
	}
	check := func(after string) {
		t.Helper()
		for _, scope := range []shuangbai.Scope{{Code: "4453"}, {Code: "445302"}} {
			for _, post := range []int64{0, w.ycPost.ID} {
				got, err := w.db.CampaignRanking(ctx, scope, w.c.ID, post)
				if err != nil {
					t.Fatal(err)
				}
				want, err := w.db.Ranking(ctx, scope, w.c.ID, post)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Posts, want.Posts) || !reflect.DeepEqual(got.Applicants, want.Applicants) {
					t.Fatalf("after %s, %s post %d served:\n got %+v\nwant %+v", after, scope.Code, post, got.Posts, want.Posts)
				}
				if len(got.Campaign.Posts) != len(want.Campaign.Posts) || got.Campaign.MedicalRatio != want.Campaign.MedicalRatio {
					t.Fatalf("after %s, %s: campaign %+v, want %+v", after, scope.Code, got.Campaign, want.Campaign)
				}
			}
		}
	}
	check("the fixture")
	// A post that is not the campaign's ranks nobody (and is not kept).
	if r, err := w.db.CampaignRanking(ctx, shuangbai.Scope{Code: "4453"}, w.c.ID, 999999); err != nil || len(r.Posts) != 0 {
		t.Fatalf("an unknown post: %+v, %v", r, err)
	}
	as := w.apply(t, w.city, w.ycPost, 1, 5)
	check("filing applications")
	if err := w.db.ReviewApplicant(ctx, w.city, w.c.ID, as[4].ID, shuangbai.ReviewRejected, "学历不符"); err != nil {
		t.Fatal(err)
	}
	check("a review")
	var rows []store.ScoreRow
	for i, p := range []float64{90, 85, 80, 70} {
		rows = append(rows, store.ScoreRow{Row: i + 2, Number: as[i].Number, Name: as[i].Name, Written: score(p), HasWritten: true})
	}
	if _, err := w.db.ImportScores(ctx, w.city, w.c.ID, rows, false); err != nil {
		t.Fatal(err)
	}
	check("written scores")
	rows = nil
	for i, p := range []float64{70, 90, 85} {
		rows = append(rows, store.ScoreRow{Row: i + 2, Number: as[i].Number, Interview: score(p), HasInterview: true})
	}
	if _, err := w.db.ImportScores(ctx, w.city, w.c.ID, rows, false); err != nil {
		t.Fatal(err)
	}
	check("interview scores")
	if err := w.db.SetMedical(ctx, w.city, w.c.ID, as[1].ID, shuangbai.MedicalFail); err != nil {
		t.Fatal(err)
	}
	check("a medical result")
	w.c.MedicalRatio = 20
	if err := w.db.UpdateCampaign(ctx, w.city, w.c); err != nil {
		t.Fatal(err)
	}
	check("the campaign's ratios")
	p := w.ycPost
	p.Places = 2
	if err := w.db.SavePost(ctx, w.city, &p); err != nil {
		t.Fatal(err)
	}
	check("a post's places")
	if err := w.db.SetMedical(ctx, w.city, w.c.ID, as[2].ID, shuangbai.MedicalPass); err != nil {
		t.Fatal(err)
	}
	check("a medical pass")
	w.db.Now = func() time.Time { return time.Date(2021, 9, 10, 10, 0, 0, 0, time.UTC) }
	if _, err := w.db.Sign(ctx, w.city, w.c.ID, []store.Signing{{ApplicantID: as[2].ID, From: shuangbai.NewDate(2021, 9, 15), To: shuangbai.NewDate(2024, 9, 14)}}); err != nil {
		t.Fatal(err)
	}
	check("a signing")
	if err := w.db.ExecForTest(ctx, fmt.Sprintf("UPDATE applicants SET written = 9950 WHERE id = %d", as[3].ID)); err != nil {
		t.Fatal(err)
	}
	check("a statement no store method makes")
	if err := w.db.ExecForTest(ctx, fmt.Sprintf("UPDATE applicants SET post_id = %d WHERE id = %d", more[0].ID, as[0].ID)); err != nil {
		t.Fatal(err)
	}
	check("an application moved to another post")
	if err := w.db.ExecForTest(ctx, fmt.Sprintf("DELETE FROM applicants WHERE post_id = %d", more[2].ID)); err != nil {
		t.Fatal(err)
	}
	check("a post's applications deleted")
}
