package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// queuedVisit is a visit as the phone queued it.
type queuedVisit struct {
	BeneficiaryID int64    `json:"beneficiary_id"`
	On            string   `json:"on"`
	Kind          string   `json:"kind"`
	Services      []string `json:"services"`
	Findings      string   `json:"findings"`
	NextDue       string   `json:"next_due"`
}

// visitAnswer is the answer to a queued visit, the same on a replay.
type visitAnswer struct {
	ID            int64     `json:"id"`
	BeneficiaryID int64     `json:"beneficiary_id"`
	On            string    `json:"on"`
	Kind          string    `json:"kind"`
	NextDue       *string   `json:"next_due"`
	RecordedBy    string    `json:"recorded_by"`
	CreatedAt     time.Time `json:"created_at"`
}

// VisitCreate answers POST /offline/api/visits: one queued visit with its
// client-made id in the Idempotency-Key header. 201 the first time; the
// same answer with 200 and "Idempotent-Replayed: true" when it is sent
// again; 409 with the reason when the case was closed or moved to another
// worker meanwhile; 422 when the visit itself is wrong (dated in the
// future); 403 for another account's key; 409 for a key sent again with
// other content.
func (h *Handlers) VisitCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := offlineUser(r)
	if err != nil {
		return err
	}
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if !store.ValidIdempotencyKey(key) {
		return ui.BadRequest("请求头 Idempotency-Key 应为手机生成的 UUID")
	}
	var in queuedVisit
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	ans, replayed, err := h.recordOne(r, u, key, in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if replayed {
		status = http.StatusOK
		w.Header().Set("Idempotent-Replayed", "true")
	}
	h.ui.WriteJSON(w, r, status, ans)
	return nil
}

// recordOne checks and records one queued visit under its key.
func (h *Handlers) recordOne(r *http.Request, u *shuangbai.User, key string, in queuedVisit) (*visitAnswer, bool, error) {
	fe := shuangbai.FieldErrors{}
	v := &shuangbai.Visit{BeneficiaryID: in.BeneficiaryID, On: ui.ParseDate(fe, "on", in.On), Kind: shuangbai.VisitKind(strings.TrimSpace(in.Kind)),
		Services: in.Services, Findings: strings.TrimSpace(in.Findings), NextDue: ui.ParseDate(fe, "next_due", in.NextDue), Workers: []int64{u.PersonID}}
	if len(v.Services) == 0 && v.Findings == "" {
		fe.Add("services", "请至少勾选一项服务或填写情况记录")
	}
	if err := fe.Err(); err != nil {
		return nil, false, err
	}
	replayed, err := h.db.RecordVisitOnce(r.Context(), u, key, digest(in), v)
	if err != nil {
		return nil, false, err
	}
	return &visitAnswer{ID: v.ID, BeneficiaryID: v.BeneficiaryID, On: v.On.String(), Kind: string(v.Kind),
		NextDue: ui.DateJSON(v.NextDue), RecordedBy: v.By, CreatedAt: v.CreatedAt}, replayed, nil
}

// batchItem is one queued visit of a batch, with its own key.
type batchItem struct {
	Key   string      `json:"key"`
	Visit queuedVisit `json:"visit"`
}

// batchResult is one visit's answer in a batch: what VisitCreate would
// have answered it alone.
type batchResult struct {
	Key      string       `json:"key"`
	Status   int          `json:"status"`
	Visit    *visitAnswer `json:"visit,omitempty"`
	Replayed bool         `json:"replayed"`
	Error    *errorJSON   `json:"error,omitempty"`
}

type errorJSON struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// maxBatch caps a batch: a phone's day of visits fits many times over.
const maxBatch = 100

// VisitBatch answers POST /offline/api/visits/batch: up to 100 queued
// visits in one request — on a link with 400 ms round trips, one request
// instead of fifty. Each is recorded under its own key exactly as
// VisitCreate would, one transaction each, so one refusal does not hold
// back the others; the answer lists each one's status.
func (h *Handlers) VisitBatch(w http.ResponseWriter, r *http.Request) error {
	u, err := offlineUser(r)
	if err != nil {
		return err
	}
	var in struct {
		Items []batchItem `json:"items"`
	}
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	if len(in.Items) == 0 || len(in.Items) > maxBatch {
		return ui.BadRequest("一次应上传 1 到 %d 条探访", maxBatch)
	}
	out := make([]batchResult, 0, len(in.Items))
	for _, it := range in.Items {
		res := batchResult{Key: it.Key}
		var err error
		if !store.ValidIdempotencyKey(strings.TrimSpace(it.Key)) {
			err = ui.BadRequest("请求编号应为手机生成的 UUID")
		} else {
			res.Visit, res.Replayed, err = h.recordOne(r, u, strings.TrimSpace(it.Key), it.Visit)
		}
		switch {
		case err == nil && res.Replayed:
			res.Status = http.StatusOK
		case err == nil:
			res.Status = http.StatusCreated
		case ui.Status(err) == http.StatusInternalServerError:
			return err
		default:
			res.Status = ui.Status(err)
			var e *shuangbai.Error
			if errors.As(err, &e) {
				res.Error = &errorJSON{Code: e.Code, Message: e.Message, Fields: e.Fields}
			}
		}
		out = append(out, res)
	}
	h.ui.WriteJSON(w, r, http.StatusOK, struct {
		Results []batchResult `json:"results"`
	}{out})
	return nil
}

// digest is the hash of a queued visit's content as decoded, so the same
// visit sent again with other spacing is the same request, and one with
// another date or note under the same key is not.
func digest(in queuedVisit) string {
	b, _ := json.Marshal(in) // a struct of strings and ints: cannot fail
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// fieldsIn is an offline edit of a file: for each field, the value it was
// based on and the new one.
type fieldsIn struct {
	Base map[string]string `json:"base"`
	Set  map[string]string `json:"set"`
}

type fieldsAnswer struct {
	Applied   []string              `json:"applied"`
	Conflicts []store.FieldConflict `json:"conflicts"`
}

// FieldsUpdate answers POST /offline/api/cases/{id}/fields: fields not
// changed on the server meanwhile are applied, the others come back with
// both values (200 either way: a conflict is an answer to show, not a
// failure).
func (h *Handlers) FieldsUpdate(w http.ResponseWriter, r *http.Request) error {
	u, err := offlineUser(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "服务对象不存在")
	}
	var in fieldsIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	applied, conflicts, err := h.db.EditCaseFields(r.Context(), u, id, in.Base, in.Set)
	if err != nil {
		return err
	}
	out := fieldsAnswer{Applied: applied, Conflicts: conflicts}
	if out.Applied == nil {
		out.Applied = []string{}
	}
	if out.Conflicts == nil {
		out.Conflicts = []store.FieldConflict{}
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
