package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"shuangbai"
)

// BoundaryImport is one file of boundaries, read and checked, to replace
// all the boundaries of its level inside the uploader's scope.
type BoundaryImport struct {
	Level     shuangbai.Level
	CRS       shuangbai.CRS // what the file declared; features are already WGS-84
	Source    string        // the file's name
	Schematic bool          // generated (the demo's 示意图), not the bureau's own
	Features  []shuangbai.BoundaryFeature
}

// ReplaceBoundaries replaces every boundary of the import's level inside
// the user's scope with the import's, in one transaction: all of them or,
// at the first feature that matches no region of that level in scope (by
// code, else by a name unique at that level), none, with that feature
// named. Only the bureau's admins may, and a county admin only below or at
// her county. It returns how many boundaries were replaced and stored.
func (db *DB) ReplaceBoundaries(ctx context.Context, u *shuangbai.User, imp BoundaryImport) (replaced, stored int, err error) {
	if !u.IsBureauAdmin() {
		return 0, 0, forbidden()
	}
	scope := u.Scope()
	if imp.Level < shuangbai.LevelCounty || imp.Level > shuangbai.LevelVillage || !scope.All && imp.Level < shuangbai.LevelOf(scope.Code) {
		return 0, 0, shuangbai.BoundaryError("只能导入您管辖范围内县、乡镇或村级的边界")
	}
	if len(imp.Features) == 0 {
		return 0, 0, shuangbai.BoundaryError("文件中没有任何要素")
	}
	regions, err := db.RegionsAt(ctx, scope, imp.Level, db.today())
	if err != nil {
		return 0, 0, err
	}
	byCode := make(map[string]string, len(regions))
	byName := map[string][]string{}
	for _, r := range regions {
		byCode[r.Code] = r.Name
		byName[r.Name] = append(byName[r.Name], r.Code)
	}
	codes := make([]string, len(imp.Features))
	seen := map[string]int{}
	for i, f := range imp.Features {
		code := f.Code
		switch {
		case code != "" && byCode[code] == "":
			return 0, 0, shuangbai.BoundaryError("%s的区划代码 %s 不是您管辖范围内的%s", f.Label(), code, imp.Level)
		case code == "" && len(byName[f.Name]) == 0:
			return 0, 0, shuangbai.BoundaryError("%s的名称在您管辖范围内的%s中找不到；请在属性中加上区划代码（code）", f.Label(), imp.Level)
		case code == "" && len(byName[f.Name]) > 1:
			return 0, 0, shuangbai.BoundaryError("%s的名称对应多个%s（%v）；请在属性中加上区划代码（code）", f.Label(), imp.Level, byName[f.Name])
		case code == "":
			code = byName[f.Name][0]
		}
		if j, dup := seen[code]; dup {
			return 0, 0, shuangbai.BoundaryError("%s与第 %d 个要素是同一区划（%s %s）", f.Label(), j, code, byCode[code])
		}
		seen[code] = f.Index
		codes[i] = code
	}
	now := db.now()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var w where
		w.add("level = ?", int(imp.Level))
		w.scope("region", scope)
		res, err := tx.ExecContext(ctx, db.q("DELETE FROM boundaries WHERE "+w.String()), w.args...)
		if err != nil {
			return fmt.Errorf("store: delete boundaries: %w", err)
		}
		n, _ := res.RowsAffected()
		replaced = int(n)
		for i, f := range imp.Features {
			shape, err := json.Marshal(f.Shape)
			if err != nil {
				return err
			}
			minLng, minLat, maxLng, maxLat := f.Shape.Bounds()
			lp := f.Shape.LabelPoint()
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO boundaries (region, level, shape, min_lng, min_lat, max_lng, max_lat,
				label_lng, label_lat, source, source_crs, schematic, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				codes[i], int(imp.Level), string(shape), minLng, minLat, maxLng, maxLat, shuangbai.Round6(lp[0]), shuangbai.Round6(lp[1]), imp.Source, string(imp.CRS),
				imp.Schematic, u.Username, now); err != nil {
				return fmt.Errorf("store: insert boundary: %w", mapError(err))
			}
		}
		stored = len(imp.Features)
		return db.audit(ctx, tx, u, "replace", "boundaries", int(imp.Level), scope.Code,
			map[string]any{"level": imp.Level.String(), "count": replaced},
			map[string]any{"level": imp.Level.String(), "count": stored, "source": imp.Source, "crs": imp.CRS, "schematic": imp.Schematic})
	})
	if err != nil {
		return 0, 0, err
	}
	return replaced, stored, nil
}

// Boundaries returns the boundaries of one level inside scope, in code
// order, with their shapes.
func (db *DB) Boundaries(ctx context.Context, scope shuangbai.Scope, level shuangbai.Level) ([]shuangbai.Boundary, error) {
	var w where
	w.add("level = ?", int(level))
	w.scope("region", scope)
	var out []shuangbai.Boundary
	err := db.eachRow(ctx, db.reader(ctx), `SELECT region, shape, label_lng, label_lat, source, source_crs, schematic, uploaded_by, created_at
		FROM boundaries WHERE `+w.String()+` ORDER BY region`, w.args, func(scan func(...any) error) error {
		b := shuangbai.Boundary{Level: level}
		var shape, crs string
		if err := scan(&b.Region, &shape, &b.Label[0], &b.Label[1], &b.Source, &crs, &b.Schematic, &b.UploadedBy, &b.CreatedAt); err != nil {
			return err
		}
		b.SourceCRS = shuangbai.CRS(crs)
		if err := json.Unmarshal([]byte(shape), &b.Shape); err != nil {
			return fmt.Errorf("store: boundary %s: %w", b.Region, err)
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: boundaries: %w", err)
	}
	return out, nil
}

// BoundaryLevel sums up the boundaries of one level inside a scope, for the
// upload page: how many, from which file, uploaded when and by whom.
type BoundaryLevel struct {
	Level      shuangbai.Level
	Count      int
	Schematic  bool
	Source     string
	UploadedBy string
	UploadedAt shuangbai.Date
}

// BoundaryLevels sums up the boundaries inside scope, for each level that
// has any: the count, and the latest upload's file, uploader and day.
func (db *DB) BoundaryLevels(ctx context.Context, scope shuangbai.Scope) ([]BoundaryLevel, error) {
	var out []BoundaryLevel
	for _, lv := range []shuangbai.Level{shuangbai.LevelCounty, shuangbai.LevelTown, shuangbai.LevelVillage} {
		var w where
		w.add("level = ?", int(lv))
		w.scope("region", scope)
		l := BoundaryLevel{Level: lv}
		if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM boundaries WHERE "+w.String()), w.args...).Scan(&l.Count); err != nil {
			return nil, fmt.Errorf("store: boundary levels: %w", err)
		}
		if l.Count == 0 {
			continue
		}
		var at time.Time
		if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT schematic, source, uploaded_by, created_at FROM boundaries WHERE "+w.String()+
			" ORDER BY created_at DESC LIMIT 1"), w.args...).Scan(&l.Schematic, &l.Source, &l.UploadedBy, &at); err != nil {
			return nil, fmt.Errorf("store: boundary levels: %w", err)
		}
		l.UploadedAt = shuangbai.Today(at)
		out = append(out, l)
	}
	return out, nil
}
