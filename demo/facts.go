package demo

import (
	"context"
	"fmt"

	"shuangbai"
	"shuangbai/store"
)

// seedFacts are the plan, mechanism and funding columns of the seed's table,
// with the funding text as the bureau wrote it, and its training counts.
var seedFacts = []struct {
	region    string
	status    shuangbai.FundingStatus
	approved  int64
	note      string
	trainings []shuangbai.Date
	mgmt      bool
}{
	{"445302", shuangbai.FundingEstimating, 0, "正在测算费用，拟报区政府。", dates("2021-06-18"), false},
	{"445303", shuangbai.FundingSecured, 1657000, "已落实，165.7万元。", dates("2021-06-25"), false},
	{"445381", shuangbai.FundingEstimating, 0, "正在测算费用，拟报市政府。", dates("2021-05-20", "2021-06-22", "2021-07-20"), false},
	{"445321", shuangbai.FundingSubmitted, 0, "测算县本级经费约232.92万元,已报请县政府审定。目前进入签批环节。", dates("2021-06-29"), false},
	{"445322", shuangbai.FundingSecured, 0, "已落实。", dates("2021-05-28", "2021-07-09"), false},
	{"4453", shuangbai.FundingSecured, 1610000, "已落实。2021年已下拨市级经费161万元，其他相关费用按财政意见据实申报。", dates("2021-05-12", "2021-07-15"), true},
}

func dates(ss ...string) []shuangbai.Date {
	var out []shuangbai.Date
	for _, s := range ss {
		d, err := shuangbai.ParseDate(s)
		if err != nil {
			panic(err)
		}
		out = append(out, d)
	}
	return out
}

// loadFacts records the seed's county facts and trainings, with an earlier
// version of each county's facts (plan not yet issued) and trainings that the
// table must not count: a later one, and one that is neither pre-service nor
// professional.
func loadFacts(ctx context.Context, db *store.DB) error {
	sys := shuangbai.SystemUser
	planned := shuangbai.NewDate(2021, 4, 30)
	for i, f := range seedFacts {
		early := &shuangbai.CountyFacts{Region: f.region, Effective: shuangbai.NewDate(2021, 3, 1), FundingStatus: shuangbai.FundingNone, Coordination: true}
		if err := db.RecordFacts(ctx, sys, early); err != nil {
			return err
		}
		cf := &shuangbai.CountyFacts{
			Region: f.region, Effective: planned.AddDays(i),
			PlanIssued: true, PlanDate: planned.AddDays(i), PlanDoc: fmt.Sprintf("民发〔2021〕%d号", 11+i),
			Coordination: true, CoordinationDate: shuangbai.NewDate(2021, 3, 1),
			Management: f.mgmt, FundingStatus: f.status, FundingApproved: f.approved, FundingNote: f.note,
		}
		if f.mgmt {
			cf.ManagementDate = planned
		}
		if err := db.RecordFacts(ctx, sys, cf); err != nil {
			return err
		}
		for j, d := range f.trainings {
			kind := shuangbai.TrainingProfessional
			title := "“双百工程”社工业务培训班"
			if j == 0 {
				kind, title = shuangbai.TrainingPreService, "“双百工程”新入职社工岗前培训"
			}
			if err := db.CreateTraining(ctx, sys, &shuangbai.Training{Region: f.region, HeldOn: d, Kind: kind, Title: title, Hours: 16}); err != nil {
				return err
			}
		}
		for _, t := range []shuangbai.Training{
			{Region: f.region, HeldOn: shuangbai.NewDate(2021, 7, 1), Kind: shuangbai.TrainingOther, Title: "建党100周年主题学习", Hours: 2},
			{Region: f.region, HeldOn: shuangbai.NewDate(2021, 9, 15), Kind: shuangbai.TrainingProfessional, Title: "个案管理专题培训", Hours: 8},
		} {
			if err := db.CreateTraining(ctx, sys, &t); err != nil {
				return err
			}
		}
	}
	return nil
}
