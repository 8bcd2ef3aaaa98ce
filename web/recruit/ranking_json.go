package recruit

import (
	"encoding/json"
	"strconv"

	"shuangbai/store"
	"shuangbai/web/ui"
)

// The ranking API writes its answer by hand. A city's campaign is 1,200
// applications of fifteen fields each, and encoding/json's reflection over
// them was a fifth of the request (1.4 of 7.1 ms on the city's generated
// data), the largest part of what the answer cost beyond its SQL. The
// bytes are what json.Marshal wrote of the structs rankingPost and
// rankedJSON describe; ranking_json_test.go holds the two equal.

// rankingPost is a post of the ranking API's answer, as json.Marshal
// would write it.
type rankingPost struct {
	postJSON
	Tied       bool         `json:"tied"`
	Applicants []rankedJSON `json:"applications"`
}

// appendRanking appends the ranking API's answer for rank: a ui.List of
// rankingPost.
func appendRanking(b []byte, rank *store.Ranking) ([]byte, error) {
	b = append(b, `{"items":[`...)
	for i, pr := range rank.Posts {
		if i > 0 {
			b = append(b, ',')
		}
		// A post is one of some eighty: its own fields go through
		// encoding/json (its stages map and omitempty rules with them),
		// and the object is left open for the two fields that follow.
		pj, err := json.Marshal(postJSON{ID: pr.Post.ID, Code: pr.Post.Code, Region: pr.Post.Region, StationID: pr.Post.StationID,
			Title: pr.Post.Title, Places: pr.Post.Places, Applicants: len(pr.Standings)})
		if err != nil {
			return nil, err
		}
		b = append(b, pj[:len(pj)-1]...)
		b = append(b, `,"tied":`...)
		b = strconv.AppendBool(b, pr.Tied)
		b = append(b, `,"applications":[`...)
		for j, s := range pr.Standings {
			if j > 0 {
				b = append(b, ',')
			}
			a := rankedOut(rank.Applicants[s.ApplicantID], s)
			b = a.appendJSON(b)
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(len(rank.Posts)), 10)
	return append(b, '}'), nil
}

// appendJSON appends a as json.Marshal writes it, field by field in the
// struct's order, with its omitempty rules.
func (a *rankedJSON) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, a.ID, 10)
	b = append(b, `,"number":`...)
	b = ui.AppendJSONString(b, a.Number)
	b = append(b, `,"post_id":`...)
	b = strconv.AppendInt(b, a.PostID, 10)
	b = append(b, `,"region":`...)
	b = ui.AppendJSONString(b, a.Region)
	b = append(b, `,"name":`...)
	b = ui.AppendJSONString(b, a.Name)
	b = append(b, `,"review":`...)
	b = ui.AppendJSONString(b, a.Review)
	b = append(b, `,"written":`...)
	b = a.Written.AppendJSON(b)
	b = append(b, `,"interview":`...)
	b = a.Interview.AppendJSON(b)
	b = append(b, `,"composite":`...)
	if a.Composite == nil {
		b = append(b, "null"...)
	} else {
		// A composite has two decimals and lies between 0 and 100, where
		// encoding/json writes a float as 'f' with the fewest digits.
		b = strconv.AppendFloat(b, *a.Composite, 'f', -1, 64)
	}
	if a.Rank != 0 {
		b = append(b, `,"rank":`...)
		b = strconv.AppendInt(b, int64(a.Rank), 10)
	}
	b = append(b, `,"interview_shortlist":`...)
	b = strconv.AppendBool(b, a.Interviewed)
	b = append(b, `,"medical_shortlist":`...)
	b = strconv.AppendBool(b, a.MedicalList)
	b = append(b, `,"medical":`...)
	b = ui.AppendJSONString(b, a.Medical)
	b = append(b, `,"notice":`...)
	b = strconv.AppendBool(b, a.Notice)
	if a.PersonID != 0 {
		b = append(b, `,"person_id":`...)
		b = strconv.AppendInt(b, a.PersonID, 10)
	}
	return append(b, '}')
}
