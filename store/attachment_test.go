package store_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

func TestAttachments(t *testing.T) {
	db, chen, li := caseFixture(t)
	ctx := t.Context()
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	photo := buf.Bytes()
	sw := storetest.User(t, db, "sw.hekou", shuangbai.RoleWorker, "445302003", "x")
	a := &shuangbai.Attachment{BeneficiaryID: chen.ID, Name: `C:\照片\残疾证.png`}
	if err := db.AddAttachment(ctx, sw, a, photo, []byte("thumb")); err != nil {
		t.Fatal(err)
	}
	if a.Name != "残疾证.png" || a.Type != "image/png" || a.Size != len(photo) || len(a.SHA256) != 64 {
		t.Errorf("stored as %+v", a)
	}
	yc := shuangbai.Scope{Code: "445302"}
	list, err := db.Attachments(ctx, yc, chen.ID)
	if err != nil || len(list) != 1 || !list[0].HasThumb {
		t.Fatalf("list = %+v, %v", list, err)
	}
	got, data, err := db.AttachmentData(ctx, yc, a.ID, false)
	if err != nil || !bytes.Equal(data, photo) || got.Name != a.Name {
		t.Fatalf("data = %d bytes, %v", len(data), err)
	}
	if _, th, _ := db.AttachmentData(ctx, yc, a.ID, true); string(th) != "thumb" {
		t.Errorf("thumb = %q", th)
	}
	for _, tt := range []struct {
		name string
		a    *shuangbai.Attachment
		data []byte
		code string
	}{
		{"html", &shuangbai.Attachment{BeneficiaryID: chen.ID, Name: "x.jpg"}, []byte("<html>"), shuangbai.EINVALID},
		{"another county's file", &shuangbai.Attachment{BeneficiaryID: li.ID, Name: "x.png"}, photo, shuangbai.ENOTFOUND},
		{"a visit of someone else", &shuangbai.Attachment{BeneficiaryID: chen.ID, VisitID: 999999, Name: "x.png"}, photo, shuangbai.EINVALID},
	} {
		if err := db.AddAttachment(ctx, sw, tt.a, tt.data, nil); shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	if list, _ := db.Attachments(ctx, yc, chen.ID); len(list) != 1 {
		t.Errorf("refused uploads were kept: %d", len(list))
	}
	if _, _, err := db.AttachmentData(ctx, shuangbai.Scope{Code: "445381"}, a.ID, false); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county read it: %v", err)
	}
	// Bytes changed in the database are refused, not served.
	if err := db.ExecForTest(ctx, "UPDATE attachments SET data = thumb"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.AttachmentData(ctx, yc, a.ID, false); err == nil {
		t.Error("tampered content served")
	}
}

func TestReopenCase(t *testing.T) {
	db, chen, _ := caseFixture(t)
	ctx := t.Context()
	sw := storetest.User(t, db, "sw.hekou", shuangbai.RoleWorker, "445302003", "x")
	if err := db.ReopenCase(ctx, sw, chen.ID, "回来了"); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("reopening an open case: %v", err)
	}
	if err := db.CloseCase(ctx, sw, chen.ID, "迁出"); err != nil {
		t.Fatal(err)
	}
	if err := db.ReopenCase(ctx, sw, chen.ID, " "); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("no reason: %v", err)
	}
	if err := db.ReopenCase(ctx, sw, chen.ID, "已迁回本村"); err != nil {
		t.Fatal(err)
	}
	b, _ := db.Beneficiary(ctx, shuangbai.Scope{All: true}, chen.ID)
	if !b.Open || !b.ClosedOn.IsZero() || b.ClosedWhy != "" || b.NextDue.IsZero() {
		t.Errorf("after reopening: open %v closed %v %q due %v", b.Open, b.ClosedOn, b.ClosedWhy, b.NextDue)
	}
	viewer := storetest.User(t, db, "viewer1", shuangbai.RoleViewer, "445302", "x")
	if err := db.ReopenCase(ctx, viewer, chen.ID, "x"); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a viewer reopened: %v", err)
	}
}
