package shuangbai

import (
	"math"
	"slices"
)

// Composite is a composite score exactly, in ten-thousandths of a point:
// the hundredths of each score times its weight in percent, so that two
// candidates compare equal only when their weighted sums are equal.
type Composite int64

// CompositeOf weighs the two scores of an applicant by the campaign's
// weights. ok is false when a score the weights need is missing.
func (c *Campaign) CompositeOf(written, interview Score) (Composite, bool) {
	if !interview.Valid() || c.HasWritten() && !written.Valid() {
		return 0, false
	}
	return Composite(written.Hundredths()*c.WrittenWeight + interview.Hundredths()*c.InterviewWeight()), true
}

// Points returns the composite in points rounded half up to two decimals,
// as notices print it.
func (x Composite) Points() float64 { return math.Floor(float64(x)/100+0.5) / 100 }

// String writes the composite with two decimals: 83.75.
func (x Composite) String() string {
	h := (int64(x) + 50) / 100
	s := ScoreOf(int(h)).String()
	switch {
	case h%100 == 0:
		return s + ".00"
	case h%10 == 0:
		return s + "0"
	}
	return s
}

// Standing is where one applicant stands in their post's ranking.
type Standing struct {
	ApplicantID int64
	WrittenRank int // by the written score among those who sat it; 0 if not ranked
	// Interview: goes to the interview, by WrittenRank within the
	// campaign's interview ratio (everyone eligible when there is no
	// written exam).
	Interview bool
	Composite Composite
	Rank      int  // by the composite, then the written score; 0 if not ranked
	Medical   bool // goes forward to the medical check
	Notice    bool // on the notice list (公示名单)
}

// PostRanking is the ranking of one post.
type PostRanking struct {
	Post      Post
	Standings []Standing // ranked first, in rank order, then the rest in id order
	// Tied: the last place of the notice list is shared by candidates
	// equal on both scores; the campaign must decide between them (加试).
	Tied bool
}

// RankPost ranks the applicants of post p of campaign c. Only eligible
// applicants are ranked. The written ranking decides who is interviewed;
// the composite ranking (ties broken by the written score, then shared)
// decides who goes to the medical check: the first ones within the medical
// ratio, skipping those who failed it so that the next moves up (递补), and
// everyone sharing the last rank taken. The notice list is those already
// signed, then the first of those who passed the check, up to the post's
// places.
func (c *Campaign) RankPost(p Post, as []Applicant) PostRanking {
	out := PostRanking{Post: p}
	type entry struct {
		a *Applicant
		s Standing
	}
	es := make([]entry, 0, len(as))
	for i := range as {
		es = append(es, entry{a: &as[i], s: Standing{ApplicantID: as[i].ID}})
	}
	eligible := func(e *entry) bool { return e.a.Review == ReviewEligible }

	// The written exam's ranking, and the interview shortlist.
	var sat []*entry
	for i := range es {
		if eligible(&es[i]) && es[i].a.Written.Valid() {
			sat = append(sat, &es[i])
		}
	}
	slices.SortStableFunc(sat, func(x, y *entry) int {
		if d := y.a.Written.Hundredths() - x.a.Written.Hundredths(); d != 0 {
			return d
		}
		return int(x.a.ID - y.a.ID)
	})
	for i, e := range sat {
		e.s.WrittenRank = i + 1
		if i > 0 && e.a.Written == sat[i-1].a.Written {
			e.s.WrittenRank = sat[i-1].s.WrittenRank
		}
	}
	interviewCut := Cutoff(p.Places, c.InterviewRatio)
	for i := range es {
		e := &es[i]
		switch {
		case !eligible(e):
		case !c.HasWritten() || c.InterviewRatio == 0:
			e.s.Interview = !c.HasWritten() || e.a.Written.Valid()
		default:
			e.s.Interview = e.s.WrittenRank > 0 && e.s.WrittenRank <= interviewCut
		}
	}

	// The composite ranking.
	var ranked []*entry
	for i := range es {
		e := &es[i]
		if x, ok := c.CompositeOf(e.a.Written, e.a.Interview); ok && e.s.Interview {
			e.s.Composite = x
			ranked = append(ranked, e)
		}
	}
	slices.SortStableFunc(ranked, func(x, y *entry) int {
		if x.s.Composite != y.s.Composite {
			if x.s.Composite > y.s.Composite {
				return -1
			}
			return 1
		}
		if d := y.a.Written.Hundredths() - x.a.Written.Hundredths(); d != 0 {
			return d
		}
		return int(x.a.ID - y.a.ID)
	})
	for i, e := range ranked {
		e.s.Rank = i + 1
		if i > 0 && e.s.Composite == ranked[i-1].s.Composite && e.a.Written == ranked[i-1].a.Written {
			e.s.Rank = ranked[i-1].s.Rank
		}
	}
	medicalCut, taken, lastRank := Cutoff(p.Places, c.MedicalRatio), 0, 0
	for _, e := range ranked {
		if e.a.Medical == MedicalFail {
			e.s.Medical = true // was sent, and does not count: the next moves up
			continue
		}
		if taken < medicalCut || e.s.Rank == lastRank {
			e.s.Medical = true
			taken++
			lastRank = e.s.Rank
		}
	}
	// Those signed stay on the list whatever happens to the ranking later;
	// the places left go by rank.
	var last *entry
	noticed := 0
	for _, e := range ranked {
		if e.a.PersonID != 0 {
			e.s.Notice = true
			noticed++
		}
	}
	for _, e := range ranked {
		if !e.s.Medical || e.a.Medical != MedicalPass || e.a.PersonID != 0 {
			continue
		}
		if noticed < p.Places {
			e.s.Notice = true
			noticed++
			last = e
		} else if last != nil && e.s.Rank == last.s.Rank {
			out.Tied = true
		}
	}

	out.Standings = make([]Standing, 0, len(es))
	for _, e := range ranked {
		out.Standings = append(out.Standings, e.s)
	}
	for i := range es {
		if es[i].s.Rank == 0 {
			out.Standings = append(out.Standings, es[i].s)
		}
	}
	return out
}

// Stage is a step of a campaign, as the statistics count it.
type Stage int

// The stages, in order: each counts the applicants who reached it.
const (
	StageApplied    Stage = iota // 报名
	StageEligible                // 资格审核通过
	StageWritten                 // 参加笔试
	StageInterview               // 入围面试
	StageInterview2              // 参加面试
	StageMedical                 // 入围体检
	StageMedicalOK               // 体检合格
	StageNotice                  // 公示
	StageSigned                  // 签约
	stageCount
)

// StageLabels name the stages in Chinese, by Stage.
var StageLabels = [stageCount]string{"报名", "资格审核通过", "参加笔试", "入围面试", "参加面试", "入围体检", "体检合格", "公示", "签约"}

// StageKeys name the stages in the API, by Stage.
var StageKeys = [stageCount]string{"applied", "eligible", "written", "interview_shortlist", "interviewed", "medical_shortlist",
	"medical_passed", "notice", "signed"}

// Stages counts applicants by the stages they reached.
type Stages [stageCount]int

// Add counts one applicant with their standing.
func (st *Stages) Add(a *Applicant, s Standing) {
	st[StageApplied]++
	if a.Review != ReviewEligible {
		return
	}
	st[StageEligible]++
	if a.Written.Valid() {
		st[StageWritten]++
	}
	if s.Interview {
		st[StageInterview]++
	}
	if s.Interview && a.Interview.Valid() {
		st[StageInterview2]++
	}
	if s.Medical {
		st[StageMedical]++
		if a.Medical == MedicalPass {
			st[StageMedicalOK]++
		}
	}
	if s.Notice {
		st[StageNotice]++
	}
	if a.PersonID != 0 {
		st[StageSigned]++
	}
}

// Plus returns the sum of two counts.
func (st Stages) Plus(o Stages) Stages {
	for i := range st {
		st[i] += o[i]
	}
	return st
}

// StageRate is one stage's count and its share of the stage before.
type StageRate struct {
	Stage   Stage
	Label   string
	Count   int
	Percent float64 // of the previous stage's count, to one decimal; 0 for the first
}

// Rates returns the stages with their pass rates. Stages a campaign does
// not hold (the written exam of an interview-only campaign) are skipped.
func (st Stages) Rates(c *Campaign) []StageRate {
	var out []StageRate
	prev := -1
	for s := StageApplied; s < stageCount; s++ {
		if !c.HasWritten() && s == StageWritten {
			continue
		}
		r := StageRate{Stage: s, Label: StageLabels[s], Count: st[s]}
		if prev > 0 {
			r.Percent = math.Round(float64(st[s])*1000/float64(prev)) / 10
		}
		prev = st[s]
		out = append(out, r)
	}
	return out
}

// StageRow is one line of a campaign's statistics: a county's, a post's
// or the total.
type StageRow struct {
	Code, Name string // the county's code and name, or the post's code and title
	Region     string // the post's region (posts only)
	Posts      int
	Places     int
	Stages     Stages
}

// PerPlace is the number of applicants for each place, to one decimal: the
// seed's 1,817 ÷ 123 = 14.8.
func (r StageRow) PerPlace() float64 {
	if r.Places == 0 {
		return 0
	}
	return math.Round(float64(r.Stages[StageApplied])*10/float64(r.Places)) / 10
}
