package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"shuangbai"
)

// AddAttachment stores a photo or PDF on a beneficiary's file, or on one
// of its visits (a.VisitID), with its thumbnail (nil for a PDF). The type
// is read again from the bytes, whatever the caller says. It is audited
// without its content.
func (db *DB) AddAttachment(ctx context.Context, u *shuangbai.User, a *shuangbai.Attachment, data, thumb []byte) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	typ, err := shuangbai.SniffAttachment(data)
	if err != nil {
		return err
	}
	b, err := db.Beneficiary(ctx, u.Scope(), a.BeneficiaryID)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	a.Region, a.Type, a.Size, a.SHA256 = b.Region, typ, len(data), hex.EncodeToString(sum[:])
	a.Name, a.HasThumb, a.CreatedAt, a.CreatedBy = shuangbai.AttachmentName(a.Name), thumb != nil, db.now(), u.Username
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if a.VisitID != 0 {
			var owner int64
			err := tx.QueryRowContext(ctx, db.q("SELECT beneficiary_id FROM visits WHERE id = ?"), a.VisitID).Scan(&owner)
			if err == sql.ErrNoRows || err == nil && owner != b.ID {
				return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "探访记录不属于这位服务对象", Fields: map[string]string{"visit_id": "探访记录不属于这位服务对象"}}
			}
			if err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO attachments (beneficiary_id, visit_id, region, name, content_type, size, sha256, data, thumb, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), a.BeneficiaryID, nullID(a.VisitID), a.Region, a.Name, a.Type, a.Size, a.SHA256,
			data, thumb, a.CreatedAt, a.CreatedBy).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: add attachment: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "attachment", a.ID, a.Region, nil, map[string]any{
			"beneficiary_id": a.BeneficiaryID, "visit_id": a.VisitID, "name": a.Name, "type": a.Type, "size": a.Size, "sha256": a.SHA256})
	})
}

const attachmentColumns = "id, beneficiary_id, COALESCE(visit_id, 0), region, name, content_type, size, sha256, thumb IS NOT NULL, created_at, created_by"

func scanAttachment(sc interface{ Scan(...any) error }, extra ...any) (*shuangbai.Attachment, error) {
	var a shuangbai.Attachment
	err := sc.Scan(append([]any{&a.ID, &a.BeneficiaryID, &a.VisitID, &a.Region, &a.Name, &a.Type, &a.Size, &a.SHA256, &a.HasThumb,
		&a.CreatedAt, &a.CreatedBy}, extra...)...)
	return &a, err
}

// Attachments lists a beneficiary's attachments inside scope, newest
// first, without their content.
func (db *DB) Attachments(ctx context.Context, scope shuangbai.Scope, beneficiaryID int64) ([]shuangbai.Attachment, error) {
	var w where
	w.add("beneficiary_id = ?", beneficiaryID)
	w.scope("region", scope)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+attachmentColumns+" FROM attachments WHERE "+w.String()+" ORDER BY id DESC LIMIT 200"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// AttachmentData returns an attachment inside scope with its content, or
// its thumbnail when thumb is set. The checksum is verified: bytes changed
// in the database are refused rather than served.
func (db *DB) AttachmentData(ctx context.Context, scope shuangbai.Scope, id int64, thumb bool) (*shuangbai.Attachment, []byte, error) {
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	col := "data"
	if thumb {
		col = "COALESCE(thumb, data)"
	}
	var data []byte
	a, err := scanAttachment(db.read.QueryRowContext(ctx, db.q("SELECT "+attachmentColumns+", "+col+" FROM attachments WHERE "+w.String()), w.args...), &data)
	if err == sql.ErrNoRows {
		return nil, nil, notFound("附件")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: attachment: %w", err)
	}
	if !thumb || !a.HasThumb {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != a.SHA256 {
			return nil, nil, fmt.Errorf("store: attachment %d: content does not match its checksum", id)
		}
	}
	return a, data, nil
}
