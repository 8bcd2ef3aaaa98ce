package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

func fullAssessment(id int64, on shuangbai.Date, score int) *shuangbai.Assessment {
	a := &shuangbai.Assessment{BeneficiaryID: id, On: on, Areas: map[string]shuangbai.AreaRating{}, Goals: "每周两次入户，链接医疗救助"}
	for _, ar := range shuangbai.AssessmentAreas {
		a.Areas[ar.Key] = shuangbai.AreaRating{Score: score, Note: " " + ar.Name + "说明 "}
	}
	return a
}

func TestAssessmentsKeepHistory(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	sw := storetest.User(t, db, "hekou-sw", shuangbai.RoleWorker, "445302003", "x")

	first := fullAssessment(a.ID, shuangbai.NewDate(2021, 3, 2), 4)
	if err := db.SaveAssessment(ctx, sw, first); err != nil {
		t.Fatal(err)
	}
	second := fullAssessment(a.ID, shuangbai.NewDate(2021, 8, 1), 2)
	second.Areas["mental"] = shuangbai.AreaRating{Score: 5, Note: "情绪低落"}
	if err := db.SaveAssessment(ctx, sw, second); err != nil {
		t.Fatal(err)
	}
	list, err := db.Assessments(ctx, sw.Scope(), a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Fatalf("Assessments = %+v, want newest first, both kept", list)
	}
	if got := list[0].Rating("mental"); got.Score != 5 || got.Note != "情绪低落" {
		t.Errorf("mental = %+v", got)
	}
	if got := list[1].Rating("economy"); got.Score != 4 || got.Note != "经济状况说明" {
		t.Errorf("first economy = %+v (note trimmed, unchanged by the second)", got)
	}
	if list[1].Total() != 24 || list[0].By != "hekou-sw" {
		t.Errorf("total %d by %q", list[1].Total(), list[0].By)
	}

	// The rules are the root's (shuangbai.Assessment.Validate); the store
	// applies them before it writes.
	x := fullAssessment(a.ID, shuangbai.NewDate(2021, 8, 1), 3)
	delete(x.Areas, "care")
	err = db.SaveAssessment(ctx, sw, x)
	if e, ok := err.(*shuangbai.Error); !ok || e.Fields["score_care"] == "" {
		t.Errorf("unrated area: %v, want a message on score_care", err)
	}

	// Scope: another county's beneficiary is not found, for reads and writes.
	if err := db.SaveAssessment(ctx, sw, fullAssessment(b.ID, shuangbai.NewDate(2021, 8, 1), 3)); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("assess another county's beneficiary: %v", err)
	}
	if err := db.SaveAssessment(ctx, shuangbai.SystemUser, fullAssessment(b.ID, shuangbai.NewDate(2021, 8, 1), 3)); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.Assessments(ctx, sw.Scope(), b.ID, 0); len(l) != 0 {
		t.Errorf("another county's assessments: %v", l)
	}
	viewer := storetest.User(t, db, "viewer", shuangbai.RoleViewer, "445302", "x")
	if err := db.SaveAssessment(ctx, viewer, fullAssessment(a.ID, shuangbai.NewDate(2021, 8, 1), 3)); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("viewer assesses: %v", err)
	}
	if l, _ := db.Assessments(ctx, sw.Scope(), a.ID, 0); len(l) != 2 {
		t.Errorf("refused assessments were saved: %d", len(l))
	}
}
