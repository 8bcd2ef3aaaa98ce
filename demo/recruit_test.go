package demo_test

import (
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/store"
)

// TestRecruitment checks the demo's campaigns against the seed: 123 posts
// and 1,817 applicants for the social workers, written exam on 1 August
// after the meeting of 26 July and its six tasks; 9 supervisors
// interviewed on 23 July; everyone on the notice lists signed after the
// seed's table, which counts them from their first day.
func TestRecruitment(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	city := shuangbai.Scope{Code: "4453"}
	cs, err := db.Campaigns(ctx, city, store.CampaignFilter{Year: 2021})
	if err != nil || len(cs) != 2 {
		t.Fatalf("campaigns %v %v", cs, err)
	}
	byKind := map[shuangbai.CampaignKind]*shuangbai.Campaign{}
	for _, c := range cs {
		byKind[c.Kind] = c
	}
	w, s := byKind[shuangbai.CampaignWorker], byKind[shuangbai.CampaignSupervisor]
	if w.ExamOn != shuangbai.NewDate(2021, 8, 1) || w.PrepOn != shuangbai.NewDate(2021, 7, 26) || s.InterviewOn != shuangbai.NewDate(2021, 7, 23) {
		t.Errorf("timelines %+v / %+v", w.Timeline, s.Timeline)
	}
	full, err := db.Campaign(ctx, city, w.ID)
	if err != nil || len(full.Tasks) != 6 || full.Tasks[1].Title != "做好试卷保密工作" || !full.Tasks[5].Done {
		t.Errorf("tasks %+v %v", full.Tasks, err)
	}
	for _, tt := range []struct {
		c                         *shuangbai.Campaign
		posts, applicants, signed int
	}{{w, demo.WorkerPosts, demo.WorkerApplicants, demo.WorkerPosts}, {s, demo.SupervisorPosts, 4 * demo.SupervisorPosts, demo.SupervisorPosts}} {
		st, err := db.Stats(ctx, city, tt.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := st.Total
		if got.Posts != tt.posts || got.Places != tt.posts || got.Stages[shuangbai.StageApplied] != tt.applicants || got.Stages[shuangbai.StageSigned] != tt.signed {
			t.Errorf("%s: %d posts, %d places, %d applicants, %d signed; want %d, %d, %d", tt.c.Title, got.Posts, got.Places,
				got.Stages[shuangbai.StageApplied], got.Stages[shuangbai.StageSigned], tt.posts, tt.applicants, tt.signed)
		}
		if len(st.Counties) != 5 {
			t.Errorf("%s: %d counties", tt.c.Title, len(st.Counties))
		}
	}
	st, _ := db.Stats(ctx, city, w.ID)
	// Every stage, as the seeded generator makes it the same on each load
	// and engine: 1,715 eligible, 1,628 sat the exam, 388 sent to the
	// interview (ties at the cut go too), 130 to the medical check (a few
	// failed and the next moved up), 123 on the notice and signed.
	if want := (shuangbai.Stages{1817, 1715, 1628, 388, 372, 130, 123, 123, 123}); st.Total.Stages != want {
		t.Errorf("stages %v, want %v", st.Total.Stages, want)
	}
	if st.Total.PerPlace() != 14.8 {
		t.Errorf("applicants per place %v, want the seed's 1,817 / 123 = 14.8", st.Total.PerPlace())
	}
	// The new social workers count from their first day, not before.
	before, err := db.Progress(ctx, city, "4453", demo.WorkersFrom.AddDays(-1))
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.Progress(ctx, city, "4453", demo.WorkersFrom)
	if err != nil {
		t.Fatal(err)
	}
	if d := after.Total.Stations.Staff - before.Total.Stations.Staff; d != demo.WorkerPosts {
		t.Errorf("station staff grew by %d on %v, want %d", d, demo.WorkersFrom, demo.WorkerPosts)
	}
	// Supervisors cover every station; the chief supervisor leads over them.
	sups, chiefs, err := db.Supervisors(ctx, city, demo.SupervisorsFrom)
	if err != nil {
		t.Fatal(err)
	}
	covered := 0
	for _, s := range sups {
		covered += len(s.Stations)
	}
	if len(sups) != demo.SupervisorPosts || covered != 63 || len(chiefs) != 1 || chiefs[0].Name != "张和清" {
		t.Errorf("%d supervisors covering %d stations, chiefs %+v", len(sups), covered, chiefs)
	}
}
