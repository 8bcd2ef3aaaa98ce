package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// Applicants' ID and phone numbers are sealed as beneficiaries' are, each
// bound to its own column, and the ID number's keyed hash makes one
// application per person per campaign.
const (
	aadApplicantID    = "applicant.id_number"
	aadApplicantPhone = "applicant.phone"
)

const applicantColumns = `a.id, a.campaign_id, a.post_id, a.region, a.number, a.name, a.gender, a.birth, a.id_number_enc, a.phone_enc,
	a.education, a.major, a.qualification, a.hukou, a.applied_on, a.review, a.reject_reason, a.written, a.interview, a.medical,
	COALESCE(a.person_id, 0), a.signed_on, a.created_at, a.updated_at`

func (db *DB) scanApplicant(sc interface{ Scan(...any) error }, extra ...any) (*shuangbai.Applicant, error) {
	var a shuangbai.Applicant
	var idEnc, phoneEnc string
	dest := []any{&a.ID, &a.CampaignID, &a.PostID, &a.Region, &a.Number, &a.Name, &a.Gender, &a.Birth, &idEnc, &phoneEnc,
		(*string)(&a.Education), &a.Major, (*string)(&a.Qualification), &a.Hukou, &a.AppliedOn, (*string)(&a.Review), &a.RejectReason,
		&a.Written, &a.Interview, (*string)(&a.Medical), &a.PersonID, &a.SignedOn, &a.CreatedAt, &a.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if db.box == nil {
		return nil, errNoKey
	}
	var err error
	if a.IDNumber, err = db.box.Open(idEnc, aadApplicantID); err != nil {
		return nil, fmt.Errorf("store: open id number of applicant %d: %w", a.ID, err)
	}
	if a.Phone, err = db.box.Open(phoneEnc, aadApplicantPhone); err != nil {
		return nil, fmt.Errorf("store: open phone of applicant %d: %w", a.ID, err)
	}
	return &a, nil
}

// applicantAudit is what the audit log keeps of an application: never the
// ID or phone number in clear.
func applicantAudit(a *shuangbai.Applicant) map[string]any {
	return map[string]any{"campaign_id": a.CampaignID, "post_id": a.PostID, "number": a.Number, "name": a.Name,
		"id_number": shuangbai.MaskIDNumber(a.IDNumber), "phone": shuangbai.MaskPhone(a.Phone), "review": a.Review,
		"reject_reason": a.RejectReason, "written": a.Written, "interview": a.Interview, "medical": a.Medical, "person_id": a.PersonID}
}

// CreateApplicant files one application.
func (db *DB) CreateApplicant(ctx context.Context, u *shuangbai.User, a *shuangbai.Applicant) error {
	return db.CreateApplicants(ctx, u, a.CampaignID, []*shuangbai.Applicant{a})
}

// CreateApplicants files applications to a campaign, all or none: a
// *shuangbai.RowsError names each item (1-based) that fails — a wrong ID
// number, a post outside the user's scope, a person applying twice. Each
// application is checked as CreateApplicant checks one; the batch is
// audited as one import. Applications are numbered (报名号) year and
// sequence when they come without a number.
func (db *DB) CreateApplicants(ctx context.Context, u *shuangbai.User, campaignID int64, as []*shuangbai.Applicant) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	if db.box == nil {
		return errNoKey
	}
	scope := u.Scope()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := db.campaign(ctx, tx, scope, campaignID)
		if err != nil {
			return err
		}
		posts := map[int64]shuangbai.Post{}
		for _, p := range c.Posts {
			posts[p.ID] = p
		}
		var seq int
		if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM applicants WHERE campaign_id = ?"), campaignID).Scan(&seq); err != nil {
			return err
		}
		rows := shuangbai.RowsError{Unit: "条"}
		one := len(as) == 1
		seenID, seenNumber, err := db.filedApplicants(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		today := db.today()
		for i, a := range as {
			a.CampaignID = campaignID
			if a.Review == "" {
				a.Review = shuangbai.ReviewPending
			}
			if a.AppliedOn.IsZero() {
				a.AppliedOn = today
			}
			a.Name, a.Phone, a.Major, a.Hukou = strings.TrimSpace(a.Name), strings.TrimSpace(a.Phone), strings.TrimSpace(a.Major), strings.TrimSpace(a.Hukou)
			err := a.Validate()
			if err == nil {
				err = shuangbai.CheckReview(a.Review, a.RejectReason)
			}
			if err == nil && (a.Written.Valid() || a.Interview.Valid() || a.Medical != "" || a.PersonID != 0) {
				err = shuangbai.Errorf(shuangbai.EINVALID, "报名时不能填写成绩、体检或签约情况，请在报名后录入")
			}
			p, ok := posts[a.PostID]
			if err == nil && !ok {
				err = &shuangbai.Error{Code: shuangbai.EINVALID, Message: "报考岗位不存在", Fields: map[string]string{"post_id": "报考岗位不存在或不在您的管辖范围内"}}
			}
			if err == nil {
				hash := db.box.Hash(a.IDNumber)
				switch j, dup := seenID[hash]; {
				case dup && j == 0:
					err = duplicateApplicant("该身份证号已报名本次招聘，每人只能报名一次")
				case dup:
					err = duplicateApplicant(fmt.Sprintf("与第%d条是同一身份证号，每人只能报名一次", j))
				default:
					seenID[hash] = i + 1
				}
			}
			if err == nil && a.Number != "" {
				switch j, dup := seenNumber[a.Number]; {
				case dup && j == 0:
					err = numberTaken("本次招聘已有这个报名号")
				case dup:
					err = numberTaken(fmt.Sprintf("与第%d条的报名号相同", j))
				default:
					seenNumber[a.Number] = i + 1
				}
			}
			if err != nil {
				if one {
					return err
				}
				for f, msg := range fieldsOf(err) {
					rows.Add(i+1, applicantFields[f], "%s", msg)
				}
				continue
			}
			a.Region = p.Region
		}
		// Numbers are given after every row is checked, so that none takes
		// a number a later row of the batch brings with it.
		for _, a := range as {
			for a.Number == "" {
				seq++
				n := fmt.Sprintf("%d%06d", c.Year, seq)
				if _, taken := seenNumber[n]; !taken {
					a.Number, seenNumber[n] = n, -1
				}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, db.q(`INSERT INTO applicants (campaign_id, post_id, region, number, name, gender, birth,
			id_number_enc, id_number_hash, phone_enc, education, major, qualification, hukou, applied_on, review, reject_reason,
			written, interview, medical, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := db.now()
		for _, a := range as {
			idEnc, err := db.box.Seal(a.IDNumber, aadApplicantID)
			if err != nil {
				return err
			}
			phoneEnc, err := db.box.Seal(a.Phone, aadApplicantPhone)
			if err != nil {
				return err
			}
			a.CreatedAt, a.UpdatedAt = now, now
			err = stmt.QueryRowContext(ctx, a.CampaignID, a.PostID, a.Region, a.Number, a.Name, a.Gender, a.Birth, idEnc, db.box.Hash(a.IDNumber),
				phoneEnc, string(a.Education), a.Major, string(a.Qualification), a.Hukou, a.AppliedOn, string(a.Review), a.RejectReason,
				a.Written, a.Interview, string(a.Medical), now, now).Scan(&a.ID)
			if err != nil {
				return applicantConflict(err) // a race with another filing: the checks above passed
			}
		}
		if one {
			return db.audit(ctx, tx, u, "create", "applicant", as[0].ID, as[0].Region, nil, applicantAudit(as[0]))
		}
		return db.audit(ctx, tx, u, "import", "campaign", c.ID, c.Region, nil, map[string]int{"applicants": len(as)})
	})
}

func duplicateApplicant(msg string) error {
	return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该身份证号已报名本次招聘", Fields: map[string]string{"id_number": msg}}
}

// applicantConflict explains a unique index refusing an application.
func applicantConflict(err error) error {
	err = mapError(err)
	if shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		return fmt.Errorf("store: create applicant: %w", err)
	}
	return shuangbai.Errorf(shuangbai.ECONFLICT, "该身份证号或报名号刚刚已有人报名，请刷新后重试")
}

func numberTaken(msg string) error {
	return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "报名号重复", Fields: map[string]string{"number": msg}}
}

// filedApplicants returns the ID-number hashes and numbers of a campaign's
// applications on file, each mapped to 0, so that a batch names every row
// that repeats one rather than failing at the first.
func (db *DB) filedApplicants(ctx context.Context, tx *sql.Tx, campaignID int64) (hashes, numbers map[string]int, err error) {
	hashes, numbers = map[string]int{}, map[string]int{}
	rows, err := tx.QueryContext(ctx, db.q("SELECT id_number_hash, number FROM applicants WHERE campaign_id = ?"), campaignID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: filed applicants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h, n string
		if err := rows.Scan(&h, &n); err != nil {
			return nil, nil, err
		}
		hashes[h], numbers[n] = 0, 0
	}
	return hashes, numbers, rows.Err()
}

// applicantFields name an application's fields in a batch's problems.
var applicantFields = map[string]string{"name": "姓名", "id_number": "身份证号", "phone": "联系电话", "education": "学历",
	"qualification": "职业资格", "major": "专业", "hukou": "户籍所在地", "post_id": "报考岗位", "number": "报名号",
	"review": "审核结果", "reject_reason": "审核不通过原因"}

// fieldsOf returns the per-field messages of err, or its message under "".
func fieldsOf(err error) map[string]string {
	if e, ok := err.(*shuangbai.Error); ok && len(e.Fields) > 0 {
		return e.Fields
	}
	return map[string]string{"": shuangbai.ErrorMessage(err)}
}

// ApplicantFilter selects applications. Zero fields do not filter.
type ApplicantFilter struct {
	PostID int64
	Review shuangbai.Review
	Query  string // part of the name, or the whole 报名号
	Signed bool   // only those who signed
	Offset int
	Limit  int
}

// Applicants returns one page of a campaign's applications inside scope
// that match f, in post and number order, and how many match in all.
func (db *DB) Applicants(ctx context.Context, scope shuangbai.Scope, campaignID int64, f ApplicantFilter) ([]*shuangbai.Applicant, int, error) {
	var w where
	w.add("a.campaign_id = ?", campaignID)
	w.scope("a.region", scope)
	if f.PostID != 0 {
		w.add("a.post_id = ?", f.PostID)
	}
	if f.Review != "" {
		w.add("a.review = ?", string(f.Review))
	}
	if f.Signed {
		w.add("a.person_id IS NOT NULL")
	}
	if f.Query != "" {
		w.add("(a.name LIKE ? ESCAPE '\\' OR a.number = ?)", "%"+likeEscape(f.Query)+"%", f.Query)
	}
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+applicantColumns+", COUNT(*) OVER () FROM applicants a WHERE "+w.String()+
		" ORDER BY a.region, a.post_id, a.number"+page(f.Limit, f.Offset)), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: applicants: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.Applicant
	var total int
	for rows.Next() {
		a, err := db.scanApplicant(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// Applicant returns one application of a campaign inside scope.
func (db *DB) Applicant(ctx context.Context, scope shuangbai.Scope, campaignID, id int64) (*shuangbai.Applicant, error) {
	return db.applicant(ctx, db.read, scope, campaignID, id)
}

func (db *DB) applicant(ctx context.Context, q querier, scope shuangbai.Scope, campaignID, id int64) (*shuangbai.Applicant, error) {
	var w where
	w.add("a.id = ? AND a.campaign_id = ?", id, campaignID)
	w.scope("a.region", scope)
	a, err := db.scanApplicant(q.QueryRowContext(ctx, db.q("SELECT "+applicantColumns+" FROM applicants a WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("报名记录")
	}
	if err != nil {
		return nil, fmt.Errorf("store: applicant %d: %w", id, err)
	}
	return a, nil
}

// ReviewApplicant records the eligibility review of an application: a
// rejection with its reason. A signed application's review stays.
func (db *DB) ReviewApplicant(ctx context.Context, u *shuangbai.User, campaignID, id int64, r shuangbai.Review, reason string) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	reason = strings.TrimSpace(reason)
	if err := shuangbai.CheckReview(r, reason); err != nil {
		return err
	}
	if r != shuangbai.ReviewRejected {
		reason = ""
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		a, err := db.applicant(ctx, tx, u.Scope(), campaignID, id)
		if err != nil {
			return err
		}
		if a.PersonID != 0 {
			return shuangbai.Errorf(shuangbai.ECONFLICT, "%s已签约，资格审核结果不能再改", a.Name)
		}
		before := applicantAudit(a)
		a.Review, a.RejectReason, a.UpdatedAt = r, reason, db.now()
		if _, err := tx.ExecContext(ctx, db.q("UPDATE applicants SET review = ?, reject_reason = ?, updated_at = ? WHERE id = ?"),
			string(r), reason, a.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: review: %w", err)
		}
		return db.audit(ctx, tx, u, "review", "applicant", id, a.Region, before, applicantAudit(a))
	})
}
