package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"shuangbai"
)

// The photos and named participants of a community activity.

// AddActivityPhoto stores a photo of an activity in scope with its
// thumbnail. The type is read again from the bytes (JPEG or PNG only);
// an activity keeps at most shuangbai.MaxActivityPhotos. It is audited
// without its content.
func (db *DB) AddActivityPhoto(ctx context.Context, u *shuangbai.User, p *shuangbai.ActivityPhoto, data, thumb []byte) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	typ, err := shuangbai.SniffPhoto(data)
	if err != nil {
		return err
	}
	if len(thumb) == 0 {
		return fmt.Errorf("store: activity photo without a thumbnail")
	}
	sum := sha256.Sum256(data)
	p.Type, p.Size, p.SHA256 = typ, len(data), hex.EncodeToString(sum[:])
	p.Name, p.CreatedAt, p.CreatedBy = shuangbai.AttachmentName(p.Name), db.now(), u.Username
	return db.inTx(ctx, func(tx *sql.Tx) error {
		a, err := db.activity(ctx, tx, u.Scope(), p.ActivityID)
		if err != nil {
			return err
		}
		p.Region = a.Region
		var n int
		if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM activity_photos WHERE activity_id = ?"), a.ID).Scan(&n); err != nil {
			return err
		}
		if n >= shuangbai.MaxActivityPhotos {
			msg := fmt.Sprintf("每项活动最多上传 %d 张照片", shuangbai.MaxActivityPhotos)
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
		}
		err = tx.QueryRowContext(ctx, db.q(`INSERT INTO activity_photos (activity_id, region, name, content_type, size, sha256, data, thumb, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), p.ActivityID, p.Region, p.Name, p.Type, p.Size, p.SHA256,
			data, thumb, p.CreatedAt, p.CreatedBy).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("store: add activity photo: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "activity_photo", p.ID, p.Region, nil, map[string]any{
			"activity_id": p.ActivityID, "name": p.Name, "type": p.Type, "size": p.Size, "sha256": p.SHA256})
	})
}

const activityPhotoColumns = "id, activity_id, region, name, content_type, size, sha256, created_at, created_by"

func scanActivityPhoto(sc interface{ Scan(...any) error }, extra ...any) (*shuangbai.ActivityPhoto, error) {
	var p shuangbai.ActivityPhoto
	err := sc.Scan(append([]any{&p.ID, &p.ActivityID, &p.Region, &p.Name, &p.Type, &p.Size, &p.SHA256, &p.CreatedAt, &p.CreatedBy}, extra...)...)
	return &p, err
}

// ActivityPhotos lists an activity's photos inside scope, in upload order,
// without their content.
func (db *DB) ActivityPhotos(ctx context.Context, scope shuangbai.Scope, activityID int64) ([]shuangbai.ActivityPhoto, error) {
	var w where
	w.add("activity_id = ?", activityID)
	w.scope("region", scope)
	var out []shuangbai.ActivityPhoto
	err := db.eachRow(ctx, db.read, "SELECT "+activityPhotoColumns+" FROM activity_photos WHERE "+w.String()+" ORDER BY id", w.args,
		func(scan func(...any) error) error {
			p, err := scanActivityPhoto(rowScanner(scan))
			if err == nil {
				out = append(out, *p)
			}
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: activity photos: %w", err)
	}
	return out, nil
}

// rowScanner lets a scan function stand for a row.
type rowScanner func(...any) error

func (f rowScanner) Scan(dest ...any) error { return f(dest...) }

// ActivityPhotoData returns a photo inside scope with its content, or its
// thumbnail when thumb is set. The photo's checksum is verified: bytes
// changed in the database are refused rather than served.
func (db *DB) ActivityPhotoData(ctx context.Context, scope shuangbai.Scope, id int64, thumb bool) (*shuangbai.ActivityPhoto, []byte, error) {
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	col := "data"
	if thumb {
		col = "thumb"
	}
	var data []byte
	p, err := scanActivityPhoto(db.read.QueryRowContext(ctx, db.q("SELECT "+activityPhotoColumns+", "+col+" FROM activity_photos WHERE "+w.String()), w.args...), &data)
	if err == sql.ErrNoRows {
		return nil, nil, notFound("照片")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: activity photo: %w", err)
	}
	if !thumb {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != p.SHA256 {
			return nil, nil, fmt.Errorf("store: activity photo %d: content does not match its checksum", id)
		}
	}
	return p, data, nil
}

// Participants lists an activity's named participants inside scope.
func (db *DB) Participants(ctx context.Context, scope shuangbai.Scope, activityID int64) ([]shuangbai.Participant, error) {
	var w where
	w.add("activity_id = ?", activityID)
	w.scope("region", scope)
	var out []shuangbai.Participant
	err := db.eachRow(ctx, db.read, "SELECT id, activity_id, region, name, COALESCE(beneficiary_id, 0), note, created_at FROM activity_participants WHERE "+
		w.String()+" ORDER BY id LIMIT 1000", w.args, func(scan func(...any) error) error {
		var p shuangbai.Participant
		if err := scan(&p.ID, &p.ActivityID, &p.Region, &p.Name, &p.BeneficiaryID, &p.Note, &p.CreatedAt); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: participants: %w", err)
	}
	return out, nil
}

// AddParticipant names a person as taking part in an activity in scope.
// Linked to a beneficiary (p.BeneficiaryID), the file must be in the
// user's scope too, and a name left empty is the file's; one file is
// named once per activity.
func (db *DB) AddParticipant(ctx context.Context, u *shuangbai.User, p *shuangbai.Participant) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		a, err := db.activity(ctx, tx, u.Scope(), p.ActivityID)
		if err != nil {
			return err
		}
		if p.BeneficiaryID != 0 {
			b, err := db.beneficiary(ctx, tx, u.Scope(), p.BeneficiaryID)
			if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
				return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "服务对象不存在或不在您的管辖范围内",
					Fields: map[string]string{"beneficiary_id": "服务对象不存在或不在您的管辖范围内"}}
			}
			if err != nil {
				return err
			}
			if p.Name == "" {
				p.Name = b.Name
			}
			var n int
			if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM activity_participants WHERE activity_id = ? AND beneficiary_id = ?"),
				a.ID, b.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: b.Name + "已在参与人员名单中",
					Fields: map[string]string{"beneficiary_id": b.Name + "已在参与人员名单中"}}
			}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		return db.insertParticipant(ctx, tx, u, a, p)
	})
}

func (db *DB) insertParticipant(ctx context.Context, tx *sql.Tx, u *shuangbai.User, a *shuangbai.Activity, p *shuangbai.Participant) error {
	p.Region, p.CreatedAt = a.Region, db.now()
	err := tx.QueryRowContext(ctx, db.q(`INSERT INTO activity_participants (activity_id, region, name, beneficiary_id, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), p.ActivityID, p.Region, p.Name, nullID(p.BeneficiaryID), p.Note, p.CreatedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("store: add participant: %w", err)
	}
	return db.audit(ctx, tx, u, "create", "activity_participant", p.ID, p.Region, nil,
		map[string]any{"activity_id": p.ActivityID, "name": p.Name, "beneficiary_id": p.BeneficiaryID, "note": p.Note})
}

// FileParticipant files a participant not yet on file as a beneficiary
// (建档立卡), identified at the activity: found_by is "activity" and the
// day found is the activity's. The file and the link are one transaction,
// with FileBeneficiary's checks (an ID number filed elsewhere is refused
// in the same neutral words); hh, if not nil, is filed as a new household.
func (db *DB) FileParticipant(ctx context.Context, u *shuangbai.User, participantID int64, b *shuangbai.Beneficiary, hh *shuangbai.Household) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	var p shuangbai.Participant
	var w where
	w.add("id = ?", participantID)
	w.scope("region", u.Scope())
	err := db.read.QueryRowContext(ctx, db.q("SELECT activity_id, name, COALESCE(beneficiary_id, 0) FROM activity_participants WHERE "+w.String()), w.args...).
		Scan(&p.ActivityID, &p.Name, &p.BeneficiaryID)
	if err == sql.ErrNoRows {
		return notFound("参与人员")
	}
	if err != nil {
		return err
	}
	if p.BeneficiaryID != 0 {
		return shuangbai.Errorf(shuangbai.ECONFLICT, "%s已建档", p.Name)
	}
	a, err := db.Activity(ctx, u.Scope(), p.ActivityID)
	if err != nil {
		return err
	}
	today := db.today()
	b.Open, b.FoundBy, b.FoundOn = true, shuangbai.FoundActivity, a.HeldOn
	if b.Name == "" {
		b.Name = p.Name
	}
	fe := shuangbai.FieldErrors{}
	if hh != nil {
		mergeFields(fe, hh.Validate())
	}
	mergeFields(fe, b.Validate(today))
	if err := fe.Err(); err != nil {
		return err
	}
	var elsewhere *AccessTarget
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), b.Region, false); err != nil {
			return err
		}
		var err error
		if elsewhere, err = db.idFiledElsewhere(ctx, tx, u.Scope(), b); err != nil || elsewhere != nil {
			return err
		}
		if hh != nil {
			if err := db.newHouseholdOf(ctx, tx, u, b, hh); err != nil {
				return err
			}
		} else if err := db.checkHousehold(ctx, tx, u.Scope(), b.HouseholdID, b.Region); err != nil {
			return err
		}
		if err := db.insertBeneficiary(ctx, tx, u, b); err != nil {
			return err
		}
		// Linked only if still unlinked: two workers filing the same person
		// at once make one file, not two.
		res, err := tx.ExecContext(ctx, db.q("UPDATE activity_participants SET beneficiary_id = ? WHERE id = ? AND beneficiary_id IS NULL"), b.ID, participantID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shuangbai.Errorf(shuangbai.ECONFLICT, "%s已建档", p.Name)
		}
		return db.audit(ctx, tx, u, "update", "activity_participant", participantID, a.Region,
			map[string]any{"beneficiary_id": 0}, map[string]any{"beneficiary_id": b.ID, "found_by": "activity"})
	})
	return db.refuseElsewhere(ctx, u, elsewhere, "建档", err)
}

// RemoveParticipant takes a person off an activity's list: a name typed in
// error. A file made from the entry stays.
func (db *DB) RemoveParticipant(ctx context.Context, u *shuangbai.User, activityID, participantID int64) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var w where
		w.add("id = ? AND activity_id = ?", participantID, activityID)
		w.scope("region", u.Scope())
		var p shuangbai.Participant
		err := tx.QueryRowContext(ctx, db.q("SELECT region, name, COALESCE(beneficiary_id, 0) FROM activity_participants WHERE "+w.String()), w.args...).
			Scan(&p.Region, &p.Name, &p.BeneficiaryID)
		if err == sql.ErrNoRows {
			return notFound("参与人员")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM activity_participants WHERE id = ?"), participantID); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "delete", "activity_participant", participantID, p.Region,
			map[string]any{"activity_id": activityID, "name": p.Name, "beneficiary_id": p.BeneficiaryID}, nil)
	})
}
