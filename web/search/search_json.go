package search

import (
	"strconv"

	"shuangbai/web/ui"
)

// The search API writes its answer by hand. After the walk of the index
// (store/search.go) made the read itself a fraction of a millisecond,
// encoding/json's reflection over twenty hits and their fragments was a
// sixth of the request. The bytes are what json.Marshal writes of a
// ui.List of hitJSON; search_json_test.go holds the two equal.

// appendHits appends the answer: a ui.List of hits.
func appendHits(b []byte, hs []hitJSON) []byte {
	b = append(b, `{"items":[`...)
	for i := range hs {
		if i > 0 {
			b = append(b, ',')
		}
		b = hs[i].appendJSON(b)
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(len(hs)), 10)
	return append(b, '}')
}

// appendJSON appends h as json.Marshal writes it: the fields in their
// order, url left out when empty, a fragment's hit when false.
func (h *hitJSON) appendJSON(b []byte) []byte {
	b = append(b, `{"kind":`...)
	b = ui.AppendJSONString(b, h.Kind)
	b = append(b, `,"kind_label":`...)
	b = ui.AppendJSONString(b, h.KindLabel)
	b = append(b, `,"id":`...)
	b = strconv.AppendInt(b, h.ID, 10)
	b = append(b, `,"region":`...)
	b = ui.AppendJSONString(b, h.Region)
	b = append(b, `,"published":`...)
	b = ui.AppendJSONString(b, h.Published)
	if h.URL != "" {
		b = append(b, `,"url":`...)
		b = ui.AppendJSONString(b, h.URL)
	}
	b = append(b, `,"title":`...)
	b = appendFragments(b, h.Title)
	b = append(b, `,"snippet":`...)
	b = appendFragments(b, h.Snippet)
	return append(b, '}')
}

// appendFragments writes nil as null, as json.Marshal does.
func appendFragments(b []byte, fs []fragmentJSON) []byte {
	if fs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"text":`...)
		b = ui.AppendJSONString(b, f.Text)
		if f.Hit {
			b = append(b, `,"hit":true`...)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
