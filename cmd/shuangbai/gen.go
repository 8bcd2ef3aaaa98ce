package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
)

func cmdGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("gen", "", stderr)
	db := dbFlag(fs)
	names := make([]string, 0, len(gen.Sizes))
	for n := range gen.Sizes {
		names = append(names, n)
	}
	sort.Strings(names)
	preset := fs.String("preset", "county", "规模："+strings.Join(names, " | ")+"；下列选项可覆盖其中各项")
	kf := addKeyFlags(fs)
	// A sizing flag given on the command line overrides the preset, even
	// with 0 (no visits) or a negative number, which Validate refuses.
	type sizeFlag struct {
		name, usage string
		v           *int
	}
	var sizes []sizeFlag
	for _, f := range []struct{ name, usage string }{
		{"cities", "地市数"}, {"counties", "县区数"}, {"stations", "社工站数（每个乡镇一个）"}, {"villages", "村（社区）数，默认与社工点数相同"},
		{"points", "社工点数（每村至多一个）"}, {"staff", "工作人员数"}, {"years", "历史年数"},
		{"beneficiaries", "服务对象数"}, {"visits", "探访记录总数（服务对象数的整数倍）"},
		{"applications", "协助申请总数（至多每份档案一条）"}, {"activities", "每站每年的社区活动数"},
		{"campaigns", "每个地市的招聘次数（每年一次，至多 --years）"}, {"posts", "每次招聘的岗位数（轮流设在该市各社工站）"},
		{"applicants", "每个岗位的报名人数"}, {"briefings", "每个地市的月度工作简报期数（至多 --years × 12）"},
		{"news", "每期简报的动态条数（至少 3）"}, {"search-items", "检索条目数"},
	} {
		sizes = append(sizes, sizeFlag{f.name, f.usage, fs.Int(f.name, 0, f.usage+"（默认按 --preset）")})
	}
	noSupervision := fs.Bool("no-supervision", false, "不生成督导和评估")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("多余的参数 %q", fs.Args())
	}
	s, ok := gen.Sizes[*preset]
	if !ok {
		return fmt.Errorf("--preset 应为 %s 之一，不是 %q", strings.Join(names, "、"), *preset)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, f := range sizes {
		if !given[f.name] {
			continue
		}
		p := map[string]*int{"cities": &s.Network.Cities, "counties": &s.Network.Counties, "stations": &s.Network.Stations,
			"villages": &s.Network.Villages, "points": &s.Network.Points, "staff": &s.Network.Staff, "years": &s.Network.Years,
			"beneficiaries": &s.Beneficiaries, "visits": &s.Visits, "applications": &s.Applications, "activities": &s.Activities,
			"campaigns": &s.Campaigns, "posts": &s.Posts, "applicants": &s.Applicants, "briefings": &s.Briefings, "news": &s.News,
			"search-items": &s.SearchItems}[f.name]
		*p = *f.v
	}
	s.Supervision = s.Supervision && !*noSupervision
	if err := s.Validate(); err != nil {
		return fmt.Errorf("无法生成: %w", err)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Region(ctx, shuangbai.Scope{All: true}, gen.ProvinceCode, shuangbai.Date{}); err == nil {
		return fmt.Errorf("数据库 %s 已有区划 %s：请生成到一个空数据库", *db, gen.ProvinceCode)
	} else if shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		return err
	}
	if err := useKey(ctx, st, *db, kf, stdout); err != nil {
		return err
	}
	n := s.Network
	fmt.Fprintf(stdout, "生成到 %s（%s）：%d 个地市，%d 个县区，%d 个社工站，%d 个社工点，%d 名工作人员，%d 名服务对象，%d 条探访记录，%d 条协助申请，"+
		"每市 %d 次招聘（每次 %d 个岗位，每岗 %d 人报名）、%d 期简报（每期 %d 条动态）\n",
		*db, st.Engine(), n.Cities, n.Counties, n.Stations, n.Points, n.Staff, s.Beneficiaries, s.Visits, s.Applications,
		s.Campaigns, s.Posts, s.Applicants, s.Briefings, s.News)
	start := time.Now()
	bar := newBar(stderr, "服务对象", s.Beneficiaries)
	err = gen.Generate(ctx, st, s, bar.set, func(p gen.Step) {
		bar.finish()
		fmt.Fprintf(stdout, "  %-14s %10d 行  %8s  %s\n", p.Name, p.Rows, p.Took.Round(time.Millisecond), rate(p.Rows, p.Took))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "完成，用时 %s\n", time.Since(start).Round(time.Second))
	return nil
}

func rate(rows int, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return fmt.Sprintf("%.0f 行/秒", float64(rows)/d.Seconds())
}

// bar is a one-line progress bar with the rate and the time left, redrawn
// in place at most ten times a second.
type bar struct {
	w       io.Writer
	label   string
	total   int
	start   time.Time
	drawn   time.Time
	done    int
	printed bool
}

func newBar(w io.Writer, label string, total int) *bar {
	return &bar{w: w, label: label, total: total, start: time.Now()}
}

func (b *bar) set(done int) {
	b.done = done
	if time.Since(b.drawn) < 100*time.Millisecond && done < b.total {
		return
	}
	b.drawn = time.Now()
	b.printed = true
	fmt.Fprint(b.w, "\r"+b.line(time.Since(b.start)))
}

// line draws the bar as it stands after elapsed.
func (b *bar) line(elapsed time.Duration) string {
	const width = 30
	frac := 1.0
	if b.total > 0 {
		frac = float64(b.done) / float64(b.total)
	}
	full := int(frac * width)
	eta := "--"
	if b.done > 0 && b.done < b.total {
		eta = (time.Duration(float64(elapsed) * (1 - frac) / frac)).Round(time.Second).String()
	} else if b.done >= b.total {
		eta = "0s"
	}
	return fmt.Sprintf("%s [%s%s] %3.0f%% %d/%d  %s  剩余 %s ", b.label, strings.Repeat("=", full), strings.Repeat(" ", width-full),
		frac*100, b.done, b.total, strings.TrimSuffix(rate(b.done, elapsed), " 行/秒")+" 个/秒", eta)
}

// finish ends the bar's line, if it drew one.
func (b *bar) finish() {
	if b.printed {
		fmt.Fprintln(b.w)
		b.printed = false
	}
}
