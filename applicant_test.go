package shuangbai

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParseScore(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int // hundredths; -1: unset
		ok   bool
	}{
		{"85.5", 8550, true}, {"90", 9000, true}, {"77.25", 7725, true}, {" 100 ", 10000, true}, {"0", 0, true},
		{"100.00", 10000, true}, {"85.09999999999999", 8510, true}, {"", -1, true}, {"缺考", -1, true},
		{"100.5", 0, false}, {"-1", 0, false}, {"85.123", 0, false}, {"abc", 0, false}, {"1e2", 0, false},
		{"８５", 0, false}, {".5", 0, false}, {"1000", 0, false},
	} {
		s, err := ParseScore(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseScore(%q) error %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if tt.want < 0 && s.Valid() || tt.want >= 0 && (!s.Valid() || s.Hundredths() != tt.want) {
			t.Errorf("ParseScore(%q) = %v (%d), want %d", tt.in, s, s.Hundredths(), tt.want)
		}
	}
}

func TestScoreString(t *testing.T) {
	for _, tt := range []struct {
		h    int
		want string
	}{{8550, "85.5"}, {9000, "90"}, {7725, "77.25"}, {5, "0.05"}, {10000, "100"}} {
		if got := ScoreOf(tt.h).String(); got != tt.want {
			t.Errorf("ScoreOf(%d) = %q, want %q", tt.h, got, tt.want)
		}
	}
	b, _ := json.Marshal(struct{ A, B Score }{ScoreOf(8550), Score{}})
	if string(b) != `{"A":85.5,"B":null}` {
		t.Errorf("json = %s", b)
	}
	var back struct{ A, B Score }
	if err := json.Unmarshal(b, &back); err != nil || back.A != ScoreOf(8550) || back.B.Valid() {
		t.Errorf("json back = %+v %v", back, err)
	}
}

func TestApplicantValidate(t *testing.T) {
	good := IDCheckDigit("44530219950101102")
	valid := func() Applicant {
		return Applicant{PostID: 1, Name: "林小燕", IDNumber: "44530219950101102" + string(good), Phone: "13800138000",
			Education: EduBachelor, Major: "社会工作", Qualification: QualAssistant}
	}
	wrongCheck := byte('0')
	if good == '0' {
		wrongCheck = '1'
	}
	for _, tt := range []struct {
		name  string
		edit  func(*Applicant)
		field string
	}{
		{"valid", func(*Applicant) {}, ""},
		{"wrong check digit", func(a *Applicant) { a.IDNumber = a.IDNumber[:17] + string(wrongCheck) }, "id_number"},
		{"no phone", func(a *Applicant) { a.Phone = "" }, "phone"},
		{"no education", func(a *Applicant) { a.Education = "" }, "education"},
		{"unknown qualification", func(a *Applicant) { a.Qualification = "x" }, "qualification"},
		{"no post", func(a *Applicant) { a.PostID = 0 }, "post_id"},
		{"no name", func(a *Applicant) { a.Name = "" }, "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.edit(&a)
			err := a.Validate()
			if tt.field == "" {
				if err != nil || a.Gender != GenderFemale || a.Birth != NewDate(1995, 1, 1) {
					t.Fatalf("Validate() = %v; gender %s birth %v", err, a.Gender, a.Birth)
				}
				return
			}
			if err == nil || err.(*Error).Fields[tt.field] == "" {
				t.Fatalf("Validate() = %v, want a message on %s", err, tt.field)
			}
		})
	}
}

func TestCheckReview(t *testing.T) {
	for _, tt := range []struct {
		r      Review
		reason string
		ok     bool
	}{{ReviewEligible, "", true}, {ReviewRejected, "专业不符", true}, {ReviewRejected, " ", false}, {"x", "", false}} {
		if err := CheckReview(tt.r, tt.reason); (err == nil) != tt.ok {
			t.Errorf("CheckReview(%s, %q) = %v", tt.r, tt.reason, err)
		}
	}
}

func TestRowsError(t *testing.T) {
	var re RowsError
	if re.Err() != nil {
		t.Fatal("no problems, yet an error")
	}
	re.Add(3, "面试成绩", "成绩超出范围")
	re.Add(7, "", "准考证号不存在")
	err := re.Err()
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "第3行：成绩超出范围（共 2 处问题），全部未导入，请改正后重新提交" {
		t.Fatalf("code %s message %q", ErrorCode(err), ErrorMessage(err))
	}
	var e *Error
	if !errorsAs(err, &e) || e.Fields["第3行 面试成绩"] == "" || e.Fields["第7行"] != "准考证号不存在" {
		t.Errorf("fields %v", e.Fields)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
