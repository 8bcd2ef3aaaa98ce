package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/thumbnail"
)

// The seed's community activity: on 2021-07-29 the city bureau took the
// 双百 social workers and a volunteer team to 双东街道 (罗定市), the
// street it is paired with against drugs, for an anti-drug campaign aimed
// at families with school children: over 300 leaflets handed out, over 300
// people reached. The seed gives no count of volunteers: none is made up.
// Two activities of the 河口街道 station sit beside it in the list.

// AntiDrugDay is the day of the seed's campaign.
var AntiDrugDay = shuangbai.NewDate(2021, 7, 29)

func loadActivities(ctx context.Context, db *store.DB) error {
	sys := shuangbai.SystemUser
	station := func(town string) (*shuangbai.Station, error) {
		ss, _, err := db.Stations(ctx, shuangbai.Scope{Code: town}, shuangbai.SiteFilter{Limit: 1})
		if err != nil || len(ss) == 0 {
			return nil, fmt.Errorf("no station in %s: %v", town, err)
		}
		return &ss[0], nil
	}
	sd, err := station("445381004")
	if err != nil {
		return err
	}
	hk, err := station("445302003")
	if err != nil {
		return err
	}
	campaign := &shuangbai.Activity{StationID: sd.ID, Region: sd.Region, HeldOn: AntiDrugDay, Kind: shuangbai.ActivityAntiDrug,
		Title: "禁毒宣传活动", Place: "双东街道", Targets: "中小学生家庭", Reached: 300, Materials: "禁毒宣传资料", HandedOut: 300,
		Partners: "云浮市民政局、志愿服务队",
		Summary: "云浮市民政局组织双百社工及志愿服务队到禁毒挂点帮扶的罗定市双东街道开展禁毒宣传活动，通过张贴禁毒知识宣传海报、发放禁毒知识宣传画册、" +
			"悬挂禁毒横幅、禁毒小知识有奖问答等形式，宣传“什么是毒品”“毒品的基本特征”“吸食毒品的危害”等知识。活动重点面向中小学生家庭，" +
			"共计发放禁毒宣传资料300余份，吸引了300多名群众参与。"}
	others := []*shuangbai.Activity{
		{StationID: hk.ID, Region: HekouVillage, HeldOn: shuangbai.NewDate(2021, 8, 6), Kind: shuangbai.ActivityPolicy, Title: "高龄津贴政策宣讲",
			Place: "双上村村委会", Targets: "80岁以上老人及家属", Reached: 46, Volunteers: 3, Materials: "政策宣传单", HandedOut: 60},
		{StationID: hk.ID, Region: HekouVillage, HeldOn: shuangbai.NewDate(2021, 7, 20), Kind: shuangbai.ActivityGroup, Title: "留守儿童暑期成长小组",
			Place: "双上村农家书屋", Targets: "留守儿童", Reached: 12, Volunteers: 2},
	}
	for _, a := range append([]*shuangbai.Activity{campaign}, others...) {
		if err := db.CreateActivity(ctx, sys, a); err != nil {
			return fmt.Errorf("%s: %w", a.Title, err)
		}
	}
	// A drawn placeholder, named as one: the demo has no photo of the day.
	data, err := poster()
	if err != nil {
		return err
	}
	thumb, err := thumbnail.Make(data)
	if err != nil {
		return err
	}
	return db.AddActivityPhoto(ctx, sys, &shuangbai.ActivityPhoto{ActivityID: campaign.ID, Name: "活动现场（演示示意图）.png"}, data, thumb)
}

// poster draws a red banner over a crowd of dots: something for the
// photo list and its thumbnail to show.
func poster() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 800, 500))
	for y := range 500 {
		for x := range 800 {
			c := color.RGBA{235, 240, 245, 255}
			switch {
			case y > 60 && y < 140 && x > 80 && x < 720:
				c = color.RGBA{200, 30, 30, 255}
			case y > 260 && (x/25+y/25)%3 == 0:
				c = color.RGBA{60, 90, 140, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	err := png.Encode(&buf, img)
	return buf.Bytes(), err
}
