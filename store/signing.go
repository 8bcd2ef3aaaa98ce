package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"shuangbai"
)

// Signing is one contract to sign (签约) with a candidate on the notice list.
type Signing struct {
	ApplicantID int64
	// StationID is where a social worker will work: the post's station, or
	// one of its region's when the post is a county's. For a supervisor it
	// is the first station they cover (optional).
	StationID int64
	SignedOn  shuangbai.Date // zero: today
	From, To  shuangbai.Date // the contract's term; To zero for an open-ended one
}

// Signed is what signing made for one candidate.
type Signed struct {
	ApplicantID  int64
	PersonID     int64
	AssignmentID int64 // 0 for a supervisor
	ContractID   int64
}

// Sign signs contracts with candidates of a campaign, all or none: a
// *shuangbai.RowsError names each item (1-based) that cannot be signed —
// before the notice period has ended, a candidate not on the notice list
// or already signed, more people than a post has places, a station outside
// the post's region. Each signing makes the candidate a member of staff
// (the roster's person, with their qualification), stores the contract
// and, for a social worker, assigns them to the station from the
// contract's first day, so that the progress table counts them from then.
func (db *DB) Sign(ctx context.Context, u *shuangbai.User, campaignID int64, ss []Signing) ([]Signed, error) {
	if !u.CanRunRecruitment() || !u.CanEditNetwork() {
		return nil, forbidden()
	}
	if len(ss) == 0 {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "请选择要签约的人员")
	}
	if db.box == nil {
		return nil, errNoKey
	}
	scope := u.Scope()
	ss = slices.Clone(ss) // dates are filled in; the caller's list stays as given
	var out []Signed
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := db.ranking(ctx, tx, scope, campaignID, 0)
		if err != nil {
			return err
		}
		c := r.Campaign
		posts := map[int64]shuangbai.Post{}
		for _, p := range c.Posts {
			posts[p.ID] = p
		}
		signed := map[int64]int{} // post → people signed, with this batch
		for _, a := range r.Applicants {
			if a.PersonID != 0 {
				signed[a.PostID]++
			}
		}
		re := shuangbai.RowsError{Unit: "条", Undone: "全部未签约"}
		today := db.today()
		seen := map[int64]int{}
		stations := make([]shuangbai.Station, len(ss))
		for i := range ss {
			s := &ss[i]
			row := i + 1
			if s.SignedOn.IsZero() {
				s.SignedOn = today
			}
			a := r.Applicants[s.ApplicantID]
			if a == nil {
				re.Add(row, "报名记录", "报名记录 %d 不在本次招聘中或不在您的管辖范围内", s.ApplicantID)
				continue
			}
			p := posts[a.PostID]
			switch {
			case seen[a.ID] != 0:
				re.Add(row, "", "%s与第%d条重复", a.Name, seen[a.ID])
				continue
			case a.PersonID != 0:
				re.Add(row, "", "%s已于 %s 签约", a.Name, a.SignedOn)
				continue
			case !c.SignableOn(s.SignedOn):
				re.Add(row, "签约日期", "公示期（至 %s）结束后才能签约", c.NoticeTo)
				continue
			}
			seen[a.ID] = row
			signed[p.ID]++
			switch {
			case signed[p.ID] > p.Places:
				re.Add(row, "", "岗位“%s”招聘 %d 人，签约%s将超过名额", p.Title, p.Places, a.Name)
				continue
			case !r.Standing(a.ID).Notice:
				re.Add(row, "", "%s不在公示名单中，不能签约", a.Name)
				continue
			}
			ct := shuangbai.Contract{SignedOn: s.SignedOn, From: s.From, To: s.To}
			if err := ct.Validate(); err != nil {
				for f, msg := range fieldsOf(err) {
					re.Add(row, contractFields[f], "%s", msg)
				}
			}
			if s.StationID == 0 {
				s.StationID = p.StationID
			}
			switch {
			case s.StationID == 0 && c.Kind == shuangbai.CampaignWorker:
				re.Add(row, "社工站", "请为%s选择工作的社工站", a.Name)
			case s.StationID != 0:
				st, err := db.station(ctx, tx, scope, s.StationID)
				if err != nil || !(shuangbai.Scope{Code: p.Region}).Contains(st.Region) {
					re.Add(row, "社工站", "所选社工站不在岗位“%s”所在地区", p.Title)
				}
				stations[i] = st
			}
		}
		if err := re.Err(); err != nil {
			return err
		}
		for i, s := range ss {
			// The whole application: its phone (the roster holds a member
			// of staff's work phone), gender and qualification.
			a, err := db.applicant(ctx, tx, scope, campaignID, s.ApplicantID)
			if err != nil {
				return err
			}
			res, err := db.sign(ctx, tx, u, c, posts[a.PostID], a, stations[i], s)
			if err != nil {
				return err
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var contractFields = map[string]string{"from": "合同开始日期", "to": "合同结束日期", "signed_on": "签约日期"}

// sign makes one checked candidate a member of staff under contract.
func (db *DB) sign(ctx context.Context, tx *sql.Tx, u *shuangbai.User, c *shuangbai.Campaign, p shuangbai.Post, a *shuangbai.Applicant,
	st shuangbai.Station, s Signing) (Signed, error) {
	region := p.Region
	if st.ID != 0 && c.Kind == shuangbai.CampaignWorker {
		region = st.Region // a social worker belongs to their station's town
	}
	person := &shuangbai.Person{Region: region, Name: a.Name, Gender: a.Gender, Phone: a.Phone, Role: c.Kind.StaffRole()}
	if err := person.Validate(); err != nil {
		return Signed{}, fmt.Errorf("store: sign %s: %w", a.Number, err)
	}
	if err := db.createPerson(ctx, tx, u, person); err != nil {
		return Signed{}, err
	}
	out := Signed{ApplicantID: a.ID, PersonID: person.ID}
	switch {
	case c.Kind == shuangbai.CampaignWorker:
		as := &shuangbai.Assignment{PersonID: person.ID, StationID: st.ID, From: s.From}
		if err := db.assign(ctx, tx, u, as); err != nil {
			return Signed{}, err
		}
		out.AssignmentID = as.ID
	case st.ID != 0:
		cv := &shuangbai.Coverage{PersonID: person.ID, StationID: st.ID, From: s.From}
		if err := db.cover(ctx, tx, u, cv); err != nil {
			return Signed{}, err
		}
	}
	ct := &shuangbai.Contract{PersonID: person.ID, Region: region, CampaignID: c.ID, ApplicantID: a.ID, PostTitle: p.Title,
		SignedOn: s.SignedOn, From: s.From, To: s.To}
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO contracts (person_id, region, campaign_id, applicant_id, post_title, signed_on,
		date_from, date_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		ct.PersonID, ct.Region, ct.CampaignID, ct.ApplicantID, ct.PostTitle, ct.SignedOn, ct.From, ct.To, db.now()).Scan(&ct.ID); err != nil {
		return Signed{}, fmt.Errorf("store: contract: %w", err)
	}
	out.ContractID = ct.ID
	if err := db.audit(ctx, tx, u, "create", "contract", ct.ID, region, nil, ct); err != nil {
		return Signed{}, err
	}
	if a.Qualification != shuangbai.QualNone {
		q := &shuangbai.QualificationRecord{PersonID: person.ID, Level: a.Qualification, Note: "招聘报名时填报（" + c.Title + "）"}
		if err := db.insertQualification(ctx, tx, u, region, q); err != nil {
			return Signed{}, err
		}
	}
	before := applicantAudit(a)
	a.PersonID, a.SignedOn = person.ID, s.SignedOn
	if _, err := tx.ExecContext(ctx, db.q("UPDATE applicants SET person_id = ?, signed_on = ?, updated_at = ? WHERE id = ?"),
		person.ID, s.SignedOn, db.now(), a.ID); err != nil {
		return Signed{}, fmt.Errorf("store: sign: %w", err)
	}
	return out, db.audit(ctx, tx, u, "sign", "applicant", a.ID, a.Region, before, applicantAudit(a))
}
