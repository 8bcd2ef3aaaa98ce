package shuangbai

import (
	"slices"
	"testing"
)

// cand makes an eligible applicant with scores in points (-1: none).
func cand(id int64, written, interview float64, medical Medical) Applicant {
	a := Applicant{ID: id, Review: ReviewEligible, Medical: medical}
	if written >= 0 {
		a.Written = ScoreOf(int(written*100 + 0.5))
	}
	if interview >= 0 {
		a.Interview = ScoreOf(int(interview*100 + 0.5))
	}
	return a
}

func TestCompositeOf(t *testing.T) {
	c := &Campaign{WrittenWeight: 40}
	x, ok := c.CompositeOf(ScoreOf(8000), ScoreOf(9050))
	if !ok || x.String() != "86.30" || x.Points() != 86.3 {
		t.Errorf("40/60 of 80 and 90.5 = %s (%v), want 86.30", x, ok)
	}
	if _, ok := c.CompositeOf(Score{}, ScoreOf(9000)); ok {
		t.Error("composite without the written score")
	}
	c.WrittenWeight = 0
	if x, ok := c.CompositeOf(Score{}, ScoreOf(9000)); !ok || x.String() != "90.00" {
		t.Errorf("interview only = %s %v", x, ok)
	}
	if s := Composite(837550).String(); s != "83.76" { // 83.755 rounds half up
		t.Errorf("rounding: %s", s)
	}
}

func TestRankPost(t *testing.T) {
	type want struct {
		ranks   map[int64]int // applicant → rank (0: unranked)
		medical []int64
		notice  []int64
		tied    bool
	}
	for _, tt := range []struct {
		name     string
		campaign Campaign
		places   int
		as       []Applicant
		want     want
	}{
		{
			name:     "weights 50/50, a tie on the composite broken by the written score",
			campaign: Campaign{WrittenWeight: 50, MedicalRatio: 10},
			places:   1,
			as:       []Applicant{cand(1, 80, 90, ""), cand(2, 90, 80, ""), cand(3, 70, 70, "")},
			want:     want{ranks: map[int64]int{2: 1, 1: 2, 3: 3}, medical: []int64{2}},
		},
		{
			name:     "weights 30/70 reverse the order",
			campaign: Campaign{WrittenWeight: 30, MedicalRatio: 10},
			places:   1,
			as:       []Applicant{cand(1, 80, 90, ""), cand(2, 90, 80, "")},
			want:     want{ranks: map[int64]int{1: 1, 2: 2}, medical: []int64{1}},
		},
		{
			name:     "equal on both scores share the rank and both go to the check",
			campaign: Campaign{WrittenWeight: 50, MedicalRatio: 10},
			places:   1,
			as:       []Applicant{cand(1, 85, 85, MedicalPass), cand(2, 85, 85, MedicalPass), cand(3, 60, 60, "")},
			want:     want{ranks: map[int64]int{1: 1, 2: 1, 3: 3}, medical: []int64{1, 2}, notice: []int64{1}, tied: true},
		},
		{
			name:     "ratio 1:1.5 of two places sends three",
			campaign: Campaign{WrittenWeight: 50, MedicalRatio: 15},
			places:   2,
			as:       []Applicant{cand(1, 90, 90, ""), cand(2, 80, 80, ""), cand(3, 70, 70, ""), cand(4, 60, 60, "")},
			want:     want{ranks: map[int64]int{1: 1, 2: 2, 3: 3, 4: 4}, medical: []int64{1, 2, 3}},
		},
		{
			name:     "a failed check moves the next up (递补)",
			campaign: Campaign{WrittenWeight: 50, MedicalRatio: 10},
			places:   1,
			as:       []Applicant{cand(1, 90, 90, MedicalFail), cand(2, 80, 80, MedicalPass), cand(3, 70, 70, "")},
			want:     want{ranks: map[int64]int{1: 1, 2: 2, 3: 3}, medical: []int64{1, 2}, notice: []int64{2}},
		},
		{
			name:     "interview shortlist 1:2 by the written score; the rest are not ranked",
			campaign: Campaign{WrittenWeight: 50, InterviewRatio: 20, MedicalRatio: 10},
			places:   1,
			as:       []Applicant{cand(1, 90, 70, ""), cand(2, 80, 95, ""), cand(3, 75, 99, ""), cand(4, -1, -1, "")},
			want:     want{ranks: map[int64]int{2: 1, 1: 2, 3: 0, 4: 0}, medical: []int64{2}},
		},
		{
			name:     "ineligible and rejected applicants are not ranked",
			campaign: Campaign{WrittenWeight: 50, MedicalRatio: 10},
			places:   1,
			as: []Applicant{cand(1, 60, 60, ""), {ID: 2, Review: ReviewRejected, Written: ScoreOf(9900), Interview: ScoreOf(9900)},
				{ID: 3, Review: ReviewPending}},
			want: want{ranks: map[int64]int{1: 1, 2: 0, 3: 0}, medical: []int64{1}},
		},
		{
			name:     "interview only (supervisors)",
			campaign: Campaign{WrittenWeight: 0, MedicalRatio: 10},
			places:   2,
			as:       []Applicant{cand(1, -1, 70, MedicalPass), cand(2, -1, 88, MedicalPass), cand(3, -1, 80, MedicalPass)},
			want:     want{ranks: map[int64]int{2: 1, 3: 2, 1: 3}, medical: []int64{2, 3}, notice: []int64{2, 3}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pr := tt.campaign.RankPost(Post{ID: 9, Places: tt.places}, tt.as)
			var medical, notice []int64
			for _, s := range pr.Standings {
				if want := tt.want.ranks[s.ApplicantID]; s.Rank != want {
					t.Errorf("applicant %d: rank %d, want %d", s.ApplicantID, s.Rank, want)
				}
				if s.Medical {
					medical = append(medical, s.ApplicantID)
				}
				if s.Notice {
					notice = append(notice, s.ApplicantID)
				}
			}
			slices.Sort(medical)
			if !slices.Equal(medical, tt.want.medical) || !slices.Equal(notice, tt.want.notice) || pr.Tied != tt.want.tied {
				t.Errorf("medical %v notice %v tied %v; want %v %v %v", medical, notice, pr.Tied, tt.want.medical, tt.want.notice, tt.want.tied)
			}
			if len(pr.Standings) != len(tt.as) {
				t.Errorf("%d standings for %d applicants", len(pr.Standings), len(tt.as))
			}
		})
	}
}

func TestStages(t *testing.T) {
	c := &Campaign{WrittenWeight: 50, MedicalRatio: 10}
	as := []Applicant{cand(1, 90, 90, MedicalPass), cand(2, 80, 80, ""), cand(3, -1, -1, ""), {ID: 4, Review: ReviewRejected}}
	as[0].PersonID = 7
	pr := c.RankPost(Post{Places: 1}, as)
	var st Stages
	byID := map[int64]Standing{}
	for _, s := range pr.Standings {
		byID[s.ApplicantID] = s
	}
	for i := range as {
		st.Add(&as[i], byID[as[i].ID])
	}
	want := Stages{4, 3, 2, 2, 2, 1, 1, 1, 1}
	if st != want {
		t.Fatalf("stages %v, want %v", st, want)
	}
	rates := st.Rates(c)
	if rates[1].Percent != 75 || rates[2].Percent != 66.7 || rates[0].Percent != 0 || len(rates) != 9 {
		t.Errorf("rates %+v", rates)
	}
	if n := len(st.Rates(&Campaign{WrittenWeight: 0})); n != 8 {
		t.Errorf("interview-only campaign has %d stages, want 8", n)
	}
}
