package eligibility

import (
	"slices"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// The list's API answer is written by hand: a county's answer is up to 200
// people for each benefit in force, and encoding/json's reflection over
// them was a millisecond and more of a 40 ms request (bench/RESULTS.md).
// The bytes are what json.Marshal writes of the apiList: the fields in
// order, the counts' keys sorted, worker_id and worker left out when empty;
// list_json_test.go holds the two equal.

func (l *apiList) appendJSON(b []byte) []byte {
	b = append(b, `{"date":`...)
	b = ui.AppendJSONString(b, l.Date.String())
	b = append(b, `,"region":`...)
	b = ui.AppendJSONString(b, l.Region)
	b = append(b, `,"counts":`...)
	if l.Counts == nil {
		b = append(b, "null"...)
	} else {
		keys := make([]shuangbai.AppKind, 0, len(l.Counts))
		for k := range l.Counts {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = ui.AppendJSONString(b, string(k))
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(l.Counts[k]), 10)
		}
		b = append(b, '}')
	}
	b = append(b, `,"items":`...)
	if l.Items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range l.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.Items[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(l.Total), 10)
	return append(b, '}')
}

func (c *apiCase) appendJSON(b []byte) []byte {
	b = append(b, `{"beneficiary_id":`...)
	b = strconv.AppendInt(b, c.BeneficiaryID, 10)
	b = append(b, `,"name":`...)
	b = ui.AppendJSONString(b, c.Name)
	b = append(b, `,"region":`...)
	b = ui.AppendJSONString(b, c.Region)
	b = append(b, `,"village":`...)
	b = ui.AppendJSONString(b, c.Village)
	if c.WorkerID != 0 {
		b = append(b, `,"worker_id":`...)
		b = strconv.AppendInt(b, c.WorkerID, 10)
	}
	if c.Worker != "" {
		b = append(b, `,"worker":`...)
		b = ui.AppendJSONString(b, c.Worker)
	}
	b = append(b, `,"benefit":`...)
	b = ui.AppendJSONString(b, string(c.Benefit))
	b = append(b, `,"rule":`...)
	b = ui.AppendJSONString(b, c.Rule)
	b = append(b, `,"reason":`...)
	b = ui.AppendJSONString(b, c.Reason)
	b = append(b, `,"source":`...)
	b = ui.AppendJSONString(b, c.Source)
	return append(b, '}')
}
