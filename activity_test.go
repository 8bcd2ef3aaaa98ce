package shuangbai

import "testing"

func TestActivityValidate(t *testing.T) {
	today := NewDate(2021, 8, 9)
	ok := func() *Activity {
		return &Activity{StationID: 1, Region: "445381004", HeldOn: NewDate(2021, 7, 29), Kind: ActivityAntiDrug, Title: "禁毒宣传活动",
			Reached: 300, Materials: "禁毒宣传资料", HandedOut: 300}
	}
	for _, tt := range []struct {
		name  string
		edit  func(*Activity)
		field string
	}{
		{"the seed's campaign", func(*Activity) {}, ""},
		{"in a village", func(a *Activity) { a.Region = "445381004001" }, ""},
		{"today", func(a *Activity) { a.HeldOn = today }, ""},
		{"tomorrow", func(a *Activity) { a.HeldOn = today.AddDays(1) }, "held_on"},
		{"no date", func(a *Activity) { a.HeldOn = Date{} }, "held_on"},
		{"a county", func(a *Activity) { a.Region = "445381" }, "region"},
		{"no station", func(a *Activity) { a.StationID = 0 }, "station_id"},
		{"unknown kind", func(a *Activity) { a.Kind = "party" }, "kind"},
		{"negative volunteers", func(a *Activity) { a.Volunteers = -1 }, "volunteers"},
		{"a million and one", func(a *Activity) { a.Reached = MaxActivityPeople + 1 }, "reached"},
		{"handed out nothing named", func(a *Activity) { a.Materials = "" }, "materials"},
		{"a bidi override in the title", func(a *Activity) { a.Title = "禁毒\u202e活动" }, "title"},
	} {
		a := ok()
		tt.edit(a)
		err := a.Validate(today)
		fe, _ := err.(*Error)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (fe == nil || fe.Fields[tt.field] == ""):
			t.Errorf("%s: %v, want a message on %s", tt.name, err, tt.field)
		}
	}
}

func TestParseActivityKindAndSniffPhoto(t *testing.T) {
	for s, want := range map[string]ActivityKind{"anti_drug": ActivityAntiDrug, " 节日慰问 ": ActivityFestival, "社区议事": ActivityCouncil, "party": "", "": ""} {
		if got, ok := ParseActivityKind(s); got != want || ok != (want != "") {
			t.Errorf("ParseActivityKind(%q) = %q, %v", s, got, ok)
		}
	}
	for _, tt := range []struct {
		name string
		data []byte
		typ  string
	}{
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "image/png"},
		{"pdf", []byte("%PDF-1.4"), ""},
		{"empty", nil, ""},
		{"too large", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, MaxAttachment)...), ""},
	} {
		typ, err := SniffPhoto(tt.data)
		if typ != tt.typ || (err == nil) != (tt.typ != "") {
			t.Errorf("%s: %q, %v", tt.name, typ, err)
		}
	}
}
