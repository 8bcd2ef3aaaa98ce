package recruit

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// rankedPost is one post's ranking as the page prints it.
type rankedPost struct {
	Post       shuangbai.Post
	RegionPath string
	Tied       bool
	Rows       []rankedRow
}

// rankedRow is one applicant in a post's ranking.
type rankedRow struct {
	A *shuangbai.Applicant
	S shuangbai.Standing
}

// rankingPage is the data of campaign/ranking.html.
type rankingPage struct {
	C      *shuangbai.Campaign
	Posts  []rankedPost
	All    []shuangbai.Post
	PostID int64
	Cut    int // posts shown on one page; the rest by choosing a post
	More   int
}

// shownPosts is how many posts the ranking page prints at once.
const shownPosts = 40

// RankingShow shows the ranking of a campaign's posts in scope (?post=ID
// for one): the composite and the written score, who is interviewed, who
// goes to the medical check and who is on the notice list.
func (h *Handlers) RankingShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rank, postID, err := h.ranking(r, url.Values{"post": r.URL.Query()["post"]})
	if err != nil {
		return err
	}
	c := rank.Campaign
	_, paths, err := h.postLabels(ctx, c.Posts)
	if err != nil {
		return err
	}
	p := rankingPage{C: c, All: c.Posts, PostID: postID, Cut: shownPosts}
	for i, pr := range rank.Posts {
		if i == shownPosts {
			p.More = len(rank.Posts) - shownPosts
			break
		}
		rp := rankedPost{Post: pr.Post, RegionPath: paths[pr.Post.Region], Tied: pr.Tied}
		for _, s := range pr.Standings {
			rp.Rows = append(rp.Rows, rankedRow{A: rank.Applicants[s.ApplicantID], S: s})
		}
		p.Posts = append(p.Posts, rp)
	}
	return h.ui.Render(w, r, http.StatusOK, "campaign/ranking.html", p)
}

// notice builds the notice of a campaign in scope and logs it as an
// export of each person on it: a notice is published, and who published
// whose name is kept.
func (h *Handlers) notice(r *http.Request) (*report.Notice, error) {
	c, err := h.campaignOf(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	c, list, err := h.db.NoticeList(ctx, ui.Scope(r), c.ID)
	if err != nil {
		return nil, err
	}
	unit, err := h.unit(ctx, c.Region)
	if err != nil {
		return nil, err
	}
	var counties []string
	for _, e := range list {
		counties = append(counties, e.Post.Region[:6])
	}
	names, err := h.db.RegionNames(ctx, counties)
	if err != nil {
		return nil, err
	}
	date := c.NoticeFrom
	if date.IsZero() {
		date = h.ui.Today()
	}
	n := &report.Notice{Campaign: c, Unit: unit, Date: date}
	as := make([]*shuangbai.Applicant, len(list))
	for i, e := range list {
		as[i] = e.Applicant
		n.Rows = append(n.Rows, report.NoticeRow{County: names[e.Post.Region[:6]], Post: e.Post, Applicant: e.Applicant,
			Composite: e.Standing.Composite, Rank: e.Standing.Rank})
	}
	return n, h.logExport(r, as, "拟聘用人员公示", "公示名单")
}

// NoticeDOCX downloads the notice as a Word document.
func (h *Handlers) NoticeDOCX(w http.ResponseWriter, r *http.Request) error {
	return h.download(w, r, "公示名单.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", report.NoticeDOCX)
}

// NoticeXLSX downloads the notice as a workbook.
func (h *Handlers) NoticeXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.download(w, r, "公示名单.xlsx", xlsxType, report.NoticeXLSX)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (h *Handlers) download(w http.ResponseWriter, r *http.Request, name, ctype string, write func(io.Writer, *report.Notice) error) error {
	n, err := h.notice(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, n); err != nil {
		return err
	}
	send(w, name, ctype, buf.Bytes())
	return nil
}

// send answers a file to download, named in Chinese for every browser.
func send(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// statsPage is the data of campaign/stats.html.
type statsPage struct {
	C     *shuangbai.Campaign
	S     *store.CampaignStats
	Rates []shuangbai.StageRate
	Rows  []statsRow // counties, then the total
	Posts []statsRow
}

// statsRow is a line of the statistics with its rates.
type statsRow struct {
	shuangbai.StageRow
	Rates []shuangbai.StageRate
}

// StatsShow shows a campaign's statistics in scope: applicants per place
// and the pass rate of each stage, by county and by post.
func (h *Handlers) StatsShow(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	st, err := h.db.Stats(r.Context(), ui.Scope(r), c.ID)
	if err != nil {
		return err
	}
	p := statsPage{C: c, S: st, Rates: st.Total.Stages.Rates(c)}
	for _, row := range append(append([]shuangbai.StageRow{}, st.Counties...), st.Total) {
		p.Rows = append(p.Rows, statsRow{row, row.Stages.Rates(c)})
	}
	for _, row := range st.Posts {
		p.Posts = append(p.Posts, statsRow{row, row.Stages.Rates(c)})
	}
	return h.ui.Render(w, r, http.StatusOK, "campaign/stats.html", p)
}

// StatsXLSX downloads the statistics as a workbook.
func (h *Handlers) StatsXLSX(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st, err := h.db.Stats(ctx, ui.Scope(r), c.ID)
	if err != nil {
		return err
	}
	unit, err := h.unit(ctx, ui.User(r).Region)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.RecruitStatsXLSX(&buf, &report.RecruitStats{Campaign: c, Unit: unit, Date: h.ui.Today(),
		Total: st.Total, Counties: st.Counties, Posts: st.Posts}); err != nil {
		return err
	}
	send(w, "招聘统计.xlsx", xlsxType, buf.Bytes())
	return nil
}
