package store_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

var d20210729 = shuangbai.NewDate(2021, 7, 29)

// activityFixture adds the stations of 河口街道 and 双东街道 to the case
// fixture, with a worker of each.
func activityFixture(t *testing.T) (db *store.DB, hk, sd *shuangbai.Station, hkWorker, sdWorker *shuangbai.User, chen, li *shuangbai.Beneficiary) {
	t.Helper()
	db, chen, li = caseFixture(t)
	hk = storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	sd = storetest.Station(t, db, "445381004", "双东街道社工站", d20210101)
	hkWorker = storetest.User(t, db, "sw.hekou", shuangbai.RoleWorker, "445302003", "x")
	sdWorker = storetest.User(t, db, "sw.shuangdong", shuangbai.RoleWorker, "445381004", "x")
	return
}

func antiDrug(st *shuangbai.Station) *shuangbai.Activity {
	return &shuangbai.Activity{StationID: st.ID, Region: st.Region, HeldOn: d20210729, Kind: shuangbai.ActivityAntiDrug,
		Title: "禁毒宣传活动", Targets: "中小学生家庭", Reached: 300, Materials: "禁毒宣传资料", HandedOut: 300, Partners: "云浮市民政局"}
}

func TestActivityCreateAndRefuse(t *testing.T) {
	db, hk, sd, hkWorker, sdWorker, _, _ := activityFixture(t)
	ctx := t.Context()
	a := antiDrug(sd)
	if err := db.CreateActivity(ctx, sdWorker, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.Activity(ctx, shuangbai.Scope{Code: "445381"}, a.ID)
	if err != nil || got.Reached != 300 || got.HeldOn != d20210729 || got.Kind != shuangbai.ActivityAntiDrug || got.CreatedBy != "sw.shuangdong" {
		t.Fatalf("Activity = %+v, %v", got, err)
	}
	viewer := storetest.User(t, db, "viewer", shuangbai.RoleViewer, "4453", "x")
	sys := storetest.User(t, db, "sys", shuangbai.RoleSysAdmin, "4453", "x")
	future := antiDrug(sd)
	future.HeldOn = shuangbai.NewDate(2021, 8, 10) // the day after seedDay
	for _, tt := range []struct {
		name  string
		u     *shuangbai.User
		a     *shuangbai.Activity
		code  string
		field string
	}{
		{"dated in the future", sdWorker, future, shuangbai.EINVALID, "held_on"},
		{"another county's station", hkWorker, antiDrug(sd), shuangbai.EINVALID, "station_id"},
		{"held outside the station's town", hkWorker, func() *shuangbai.Activity { x := antiDrug(hk); x.Region = "445302004"; return x }(), shuangbai.EINVALID, "region"},
		{"a county is not a place", sdWorker, func() *shuangbai.Activity { x := antiDrug(sd); x.Region = "445381"; return x }(), shuangbai.EINVALID, "region"},
		{"no kind", sdWorker, func() *shuangbai.Activity { x := antiDrug(sd); x.Kind = "party"; return x }(), shuangbai.EINVALID, "kind"},
		{"negative reach", sdWorker, func() *shuangbai.Activity { x := antiDrug(sd); x.Reached = -1; return x }(), shuangbai.EINVALID, "reached"},
		{"handed out nothing named", sdWorker, func() *shuangbai.Activity { x := antiDrug(sd); x.Materials = ""; return x }(), shuangbai.EINVALID, "materials"},
		{"viewer", viewer, antiDrug(sd), shuangbai.EFORBIDDEN, ""},
		{"system administrator", sys, antiDrug(sd), shuangbai.EFORBIDDEN, ""},
	} {
		err := db.CreateActivity(ctx, tt.u, tt.a)
		if shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			continue
		}
		var fe *shuangbai.Error
		if tt.field != "" && (!errors.As(err, &fe) || fe.Fields[tt.field] == "") {
			t.Errorf("%s: no message on %s: %v", tt.name, tt.field, err)
		}
	}
	if list, _ := db.Activities(ctx, shuangbai.Scope{Code: "4453"}, store.ActivityFilter{}); len(list) != 1 {
		t.Errorf("refused activities were kept: %d", len(list))
	}
	// Another county's worker does not see it, nor change it.
	if _, err := db.Activity(ctx, hkWorker.Scope(), a.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("河口 read 双东's activity: %v", err)
	}
	other := antiDrug(hk)
	other.ID = a.ID
	if err := db.UpdateActivity(ctx, hkWorker, other); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("河口 changed 双东's activity: %v", err)
	}
	// An edit moves the activity to a village of the town: its photos and
	// participants move with it.
	a.Region, a.Reached = "445381004001", 320
	if err := db.AddParticipant(ctx, sdWorker, &shuangbai.Participant{ActivityID: a.ID, Name: "王小明"}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateActivity(ctx, sdWorker, a); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.Participants(ctx, shuangbai.Scope{Code: "445381004001"}, a.ID); len(ps) != 1 {
		t.Errorf("participants did not move with the activity: %+v", ps)
	}
}

func TestActivityListPagedAndCounted(t *testing.T) {
	db, hk, sd, hkWorker, sdWorker, _, _ := activityFixture(t)
	ctx := t.Context()
	kinds := []shuangbai.ActivityKind{shuangbai.ActivityAntiDrug, shuangbai.ActivityPolicy, shuangbai.ActivityAntiDrug, shuangbai.ActivityFestival, shuangbai.ActivityAntiDrug}
	var want []int64
	for i, k := range kinds {
		a := &shuangbai.Activity{StationID: hk.ID, Region: "445302003208", HeldOn: shuangbai.NewDate(2021, 7, 1+i%3), Kind: k, Title: "活动", Reached: 10 * (i + 1), Volunteers: i}
		if err := db.CreateActivity(ctx, hkWorker, a); err != nil {
			t.Fatal(err)
		}
		want = append(want, a.ID)
	}
	if err := db.CreateActivity(ctx, sdWorker, antiDrug(sd)); err != nil {
		t.Fatal(err)
	}
	yc := shuangbai.Scope{Code: "445302"}
	// Newest first, by day then id, in pages of two that meet exactly.
	var got []int64
	f := store.ActivityFilter{Limit: 2}
	for range 5 {
		page, err := db.Activities(ctx, yc, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, a := range page {
			got = append(got, a.ID)
		}
		last := page[len(page)-1]
		f.BeforeOn, f.BeforeID = last.HeldOn, last.ID
	}
	// Days: i=0→1st, 1→2nd, 2→3rd, 3→1st, 4→2nd. Newest first: 2 (3rd), 4, 1 (2nd), 3, 0 (1st).
	order := []int64{want[2], want[4], want[1], want[3], want[0]}
	if len(got) != len(order) {
		t.Fatalf("pages gave %v, want %v", got, order)
	}
	for i := range order {
		if got[i] != order[i] {
			t.Fatalf("pages gave %v, want %v", got, order)
		}
	}
	if list, _ := db.Activities(ctx, yc, store.ActivityFilter{Kind: shuangbai.ActivityAntiDrug, From: shuangbai.NewDate(2021, 7, 2)}); len(list) != 2 || list[0].ID != want[2] || list[1].ID != want[4] {
		t.Errorf("kind and period filter: %v", list)
	}

	for _, tt := range []struct {
		name     string
		scope    shuangbai.Scope
		station  int64
		from, to shuangbai.Date
		want     []store.ActivityCount
	}{
		{"county", yc, 0, shuangbai.Date{}, shuangbai.Date{}, []store.ActivityCount{
			{Kind: shuangbai.ActivityAntiDrug, Activities: 3, Reached: 10 + 30 + 50, Volunteers: 0 + 2 + 4},
			{Kind: shuangbai.ActivityPolicy, Activities: 1, Reached: 20, Volunteers: 1},
			{Kind: shuangbai.ActivityFestival, Activities: 1, Reached: 40, Volunteers: 3}}},
		{"station, one day", shuangbai.Scope{Code: "4453"}, hk.ID, shuangbai.NewDate(2021, 7, 1), shuangbai.NewDate(2021, 7, 1), []store.ActivityCount{
			{Kind: shuangbai.ActivityAntiDrug, Activities: 1, Reached: 10}, {Kind: shuangbai.ActivityFestival, Activities: 1, Reached: 40, Volunteers: 3}}},
		{"the city, 双东's day", shuangbai.Scope{Code: "4453"}, 0, d20210729, shuangbai.Date{}, []store.ActivityCount{
			{Kind: shuangbai.ActivityAntiDrug, Activities: 1, Reached: 300}}},
		{"another county's station", shuangbai.Scope{Code: "445381"}, hk.ID, shuangbai.Date{}, shuangbai.Date{}, nil},
	} {
		got, err := db.ActivityCounts(ctx, tt.scope, tt.station, tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
				break
			}
		}
	}
}

func TestActivityPhotos(t *testing.T) {
	db, hk, sd, hkWorker, sdWorker, _, _ := activityFixture(t)
	ctx := t.Context()
	a := antiDrug(sd)
	if err := db.CreateActivity(ctx, sdWorker, a); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	photo := buf.Bytes()
	p := &shuangbai.ActivityPhoto{ActivityID: a.ID, Name: "现场.png"}
	if err := db.AddActivityPhoto(ctx, sdWorker, p, photo, []byte("thumb")); err != nil {
		t.Fatal(err)
	}
	ld := shuangbai.Scope{Code: "445381"}
	if list, err := db.ActivityPhotos(ctx, ld, a.ID); err != nil || len(list) != 1 || list[0].Type != "image/png" {
		t.Fatalf("photos = %+v, %v", list, err)
	}
	if _, data, err := db.ActivityPhotoData(ctx, ld, p.ID, false); err != nil || !bytes.Equal(data, photo) {
		t.Fatalf("data: %d bytes, %v", len(data), err)
	}
	if _, th, _ := db.ActivityPhotoData(ctx, ld, p.ID, true); string(th) != "thumb" {
		t.Errorf("thumb = %q", th)
	}
	other := antiDrug(hk)
	if err := db.CreateActivity(ctx, hkWorker, other); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		u    *shuangbai.User
		id   int64
		data []byte
		code string
	}{
		{"a PDF", sdWorker, a.ID, []byte("%PDF-1.4 ..."), shuangbai.EINVALID},
		{"a web page", sdWorker, a.ID, []byte("<html>"), shuangbai.EINVALID},
		{"empty", sdWorker, a.ID, nil, shuangbai.EINVALID},
		{"too large", sdWorker, a.ID, append(append([]byte{}, photo...), make([]byte, shuangbai.MaxAttachment)...), shuangbai.EINVALID},
		{"another county's activity", sdWorker, other.ID, photo, shuangbai.ENOTFOUND},
	} {
		if err := db.AddActivityPhoto(ctx, tt.u, &shuangbai.ActivityPhoto{ActivityID: tt.id, Name: "x"}, tt.data, []byte("t")); shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	if list, _ := db.ActivityPhotos(ctx, shuangbai.Scope{Code: "4453"}, a.ID); len(list) != 1 {
		t.Errorf("refused photos were kept: %d", len(list))
	}
	if _, _, err := db.ActivityPhotoData(ctx, shuangbai.Scope{Code: "445302"}, p.ID, false); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county read the photo: %v", err)
	}
	for range shuangbai.MaxActivityPhotos - 1 {
		if err := db.AddActivityPhoto(ctx, sdWorker, &shuangbai.ActivityPhoto{ActivityID: a.ID}, photo, []byte("t")); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddActivityPhoto(ctx, sdWorker, &shuangbai.ActivityPhoto{ActivityID: a.ID}, photo, []byte("t")); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("photo over the limit: %v", err)
	}
	if err := db.ExecForTest(ctx, "UPDATE activity_photos SET data = thumb"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ActivityPhotoData(ctx, ld, p.ID, false); err == nil {
		t.Error("changed bytes were served")
	}
}

func TestActivityParticipants(t *testing.T) {
	db, _, sd, hkWorker, sdWorker, chen, li := activityFixture(t)
	ctx := t.Context()
	a := antiDrug(sd)
	if err := db.CreateActivity(ctx, sdWorker, a); err != nil {
		t.Fatal(err)
	}
	// A beneficiary of the county, by file: the name is the file's.
	p := &shuangbai.Participant{ActivityID: a.ID, BeneficiaryID: li.ID}
	if err := db.AddParticipant(ctx, sdWorker, p); err != nil || p.Name != "李阿婆" {
		t.Fatalf("link: %+v, %v", p, err)
	}
	for _, tt := range []struct {
		name string
		u    *shuangbai.User
		p    *shuangbai.Participant
		code string
	}{
		{"the same file twice", sdWorker, &shuangbai.Participant{ActivityID: a.ID, BeneficiaryID: li.ID}, shuangbai.ECONFLICT},
		{"another county's file", sdWorker, &shuangbai.Participant{ActivityID: a.ID, BeneficiaryID: chen.ID}, shuangbai.EINVALID},
		{"another county's activity", hkWorker, &shuangbai.Participant{ActivityID: a.ID, Name: "张三"}, shuangbai.ENOTFOUND},
		{"no name", sdWorker, &shuangbai.Participant{ActivityID: a.ID}, shuangbai.EINVALID},
	} {
		if err := db.AddParticipant(ctx, tt.u, tt.p); shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	// A person not on file, filed from the activity: identified there.
	q := &shuangbai.Participant{ActivityID: a.ID, Name: "黄阿姨", Note: "独居"}
	if err := db.AddParticipant(ctx, sdWorker, q); err != nil {
		t.Fatal(err)
	}
	bad := &shuangbai.Beneficiary{Region: "445381004001", Gender: "女", Level: 2} // no birth date
	if err := db.FileParticipant(ctx, sdWorker, q.ID, bad, nil); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Fatalf("filing without a birth date: %v", err)
	}
	if ps, _ := db.Participants(ctx, sdWorker.Scope(), a.ID); ps[1].BeneficiaryID != 0 {
		t.Fatal("a refused filing linked the participant")
	}
	b := &shuangbai.Beneficiary{Region: "445381004001", Gender: "女", Birth: shuangbai.NewDate(1950, 5, 1), Level: 2}
	if err := db.FileParticipant(ctx, hkWorker, q.ID, b, nil); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Fatalf("another county filed the participant: %v", err)
	}
	if err := db.FileParticipant(ctx, sdWorker, q.ID, b, nil); err != nil {
		t.Fatal(err)
	}
	filed, err := db.Beneficiary(ctx, sdWorker.Scope(), b.ID)
	if err != nil || filed.Name != "黄阿姨" || filed.FoundBy != shuangbai.FoundActivity || filed.FoundOn != d20210729 {
		t.Fatalf("filed = %+v, %v", filed, err)
	}
	ps, err := db.Participants(ctx, sdWorker.Scope(), a.ID)
	if err != nil || len(ps) != 2 || ps[1].BeneficiaryID != b.ID {
		t.Fatalf("participants = %+v, %v", ps, err)
	}
	again := &shuangbai.Beneficiary{Region: "445381004001", Gender: "女", Birth: shuangbai.NewDate(1950, 5, 1), Level: 2}
	if err := db.FileParticipant(ctx, sdWorker, q.ID, again, nil); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("filed twice: %v", err)
	}
	if err := db.RemoveParticipant(ctx, hkWorker, a.ID, p.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county removed a participant: %v", err)
	}
	if err := db.RemoveParticipant(ctx, sdWorker, a.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.Participants(ctx, sdWorker.Scope(), a.ID); len(ps) != 1 {
		t.Errorf("after removal: %+v", ps)
	}
}
