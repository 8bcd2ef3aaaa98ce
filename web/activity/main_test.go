package activity_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store/storetest"
	"shuangbai/web/activity"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, activity.Pages) }

// LdWorker is a social worker of the 双东街道 station (罗定市).
const LdWorker = "ld.sw"

// world is the case fixture (on 2021-08-09) with a worker at 双东街道.
func world(t *testing.T) *webtest.Case {
	t.Helper()
	f := webtest.NewCase(t)
	storetest.User(t, f.DB, LdWorker, shuangbai.RoleWorker, "445381004", webtest.Hash())
	return f
}

// campaign is the seed's anti-drug campaign at 双东街道, as its form posts it.
func campaign(f *webtest.Case) url.Values {
	return url.Values{"title": {"禁毒宣传活动"}, "kind": {"anti_drug"}, "held_on": {"2021-07-29"}, "station_id": {webtest.ID(f.LdStation.ID)},
		"region": {"445381004"}, "place": {"双东街道"}, "targets": {"中小学生家庭"}, "reached": {"300"}, "volunteers": {"10"},
		"materials": {"禁毒宣传资料"}, "handed_out": {"300"}, "partners": {"云浮市民政局、志愿服务队"}, "summary": {"发放禁毒宣传资料300余份，吸引了300多名群众参与。"}}
}

// create records the campaign as the 双东 worker and returns its address.
func create(t *testing.T, f *webtest.Case) string {
	t.Helper()
	res := f.As(t, LdWorker).PostForm(t, "/activities", campaign(f))
	webtest.Expect(t, res, http.StatusSeeOther)
	return res.Header().Get("Location")
}

func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestActivityForm(t *testing.T) {
	f := world(t)
	sw := f.As(t, LdWorker)
	webtest.Expect(t, sw.Get(t, "/activities/new"), http.StatusOK, "登记活动", "双东街道社工站")
	for _, tt := range []struct {
		name, field, value, want string
	}{
		{"dated in the future", "held_on", "2021-08-10", "活动日期不能晚于今天"},
		{"not a date", "held_on", "29/07/2021", "日期格式应为"},
		{"another county's station", "station_id", webtest.ID(f.YcStation.ID), "社工站不存在或不在您的管辖范围内"},
		{"outside the station's town", "region", "445381005", "活动地点应在双东街道社工站所在的镇（街道）内"},
		{"reach not a number", "reached", "三百", "参与人数应为 0 到 1000000 的整数"},
		{"unknown kind", "kind", "party", "请选择活动类别"},
		{"no title", "title", " ", "请填写活动名称"},
	} {
		v := campaign(f)
		v.Set(tt.field, tt.value)
		res := sw.PostForm(t, "/activities", v)
		webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want)
	}
	if list, _ := f.DB.Activities(t.Context(), shuangbai.Scope{Code: "4453"}, storeFilter()); len(list) != 0 {
		t.Fatalf("refused forms saved %d activities", len(list))
	}
	loc := create(t, f)
	webtest.Expect(t, sw.Get(t, loc), http.StatusOK, "禁毒宣传活动", "2021年7月29日", "双东街道社工站", "300 人", "禁毒宣传资料 300 份")
	webtest.Expect(t, sw.Get(t, loc+"/edit"), http.StatusOK, "修改活动", `value="中小学生家庭"`)
	v := campaign(f)
	v.Set("reached", "320")
	webtest.Expect(t, sw.PostForm(t, loc, v), http.StatusSeeOther)
	webtest.Expect(t, sw.Get(t, loc), http.StatusOK, "320 人")
	v.Set("held_on", "2031-01-01")
	webtest.Expect(t, sw.PostForm(t, loc, v), http.StatusUnprocessableEntity, "活动日期不能晚于今天")
	webtest.Expect(t, sw.Get(t, loc), http.StatusOK, "2021年7月29日")
}

func TestActivityListAndExport(t *testing.T) {
	f := world(t)
	create(t, f)
	yc := f.As(t, webtest.YcWorker)
	festival := url.Values{"title": {"中秋慰问"}, "kind": {"festival"}, "held_on": {"2021-08-01"}, "station_id": {webtest.ID(f.YcStation.ID)},
		"region": {"445302003208"}, "reached": {"25"}}
	webtest.Expect(t, yc.PostForm(t, "/activities", festival), http.StatusSeeOther)
	city := f.As(t, webtest.CityAdmin)
	webtest.Expect(t, city.Get(t, "/activities"), http.StatusOK, "共 2 项活动", "禁毒宣传活动", "中秋慰问", "参与群众 325 人次")
	res := city.Get(t, "/activities?region=445381")
	webtest.Expect(t, res, http.StatusOK, "共 1 项活动", "禁毒宣传活动")
	webtest.ExpectNot(t, res, "中秋慰问")
	res = city.Get(t, "/activities?kind=festival&from=2021-08-01&to=2021-08-09")
	webtest.Expect(t, res, http.StatusOK, "中秋慰问")
	webtest.ExpectNot(t, res, "禁毒宣传活动")
	webtest.Expect(t, city.Get(t, "/activities?kind=party"), http.StatusBadRequest)
	webtest.Expect(t, city.Get(t, "/activities?before=yesterday"), http.StatusBadRequest)
	// A county sees its own; another county's region is a 404.
	webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, "/activities?region=445381"), http.StatusNotFound)
	res = f.As(t, webtest.YcAdmin).Get(t, "/activities")
	webtest.ExpectNot(t, res, "禁毒宣传活动")

	res = city.Get(t, "/activities.xlsx?region=4453")
	webtest.Expect(t, res, http.StatusOK)
	x, err := excelize.OpenReader(bytes.NewReader(res.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A1": "云浮市社区活动登记表", "D4": "禁毒宣传活动", "D5": "中秋慰问", "A6": "合计", "H4": "300"} {
		if got, _ := x.GetCellValue("社区活动", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
}

func TestActivityPhotos(t *testing.T) {
	f := world(t)
	loc := create(t, f)
	sw := f.As(t, LdWorker)
	img := photo(t, 640, 480)
	webtest.Expect(t, sw.Upload(t, loc+"/photos", "现场.png", img), http.StatusSeeOther)
	for _, tt := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"a PDF", "照片.pdf", []byte("%PDF-1.4\n..."), "只能上传 JPEG 或 PNG 照片"},
		{"a page named .jpg", "x.jpg", []byte("<html><script>"), "只能上传 JPEG 或 PNG 照片"},
		{"a broken PNG", "x.png", img[:40], "无法读取这张图片"},
		{"too large", "big.png", append(append([]byte{}, img...), make([]byte, shuangbai.MaxAttachment)...), "照片太大"},
		{"empty", "x.png", nil, "请选择要上传的文件"},
	} {
		webtest.Expect(t, sw.Upload(t, loc+"/photos", tt.file, tt.data), http.StatusUnprocessableEntity, tt.want)
	}
	page := sw.Get(t, loc)
	webtest.Expect(t, page, http.StatusOK, "1 / 20 张", "现场.png")
	ps, err := f.DB.ActivityPhotos(t.Context(), shuangbai.Scope{Code: "4453"}, idOf(t, loc))
	if err != nil || len(ps) != 1 {
		t.Fatalf("photos = %+v, %v", ps, err)
	}
	photoURL := "/activity-photos/" + webtest.ID(ps[0].ID)
	res := sw.Get(t, photoURL)
	webtest.Expect(t, res, http.StatusOK)
	if !bytes.Equal(res.Body.Bytes(), img) || res.Header().Get("Content-Type") != "image/png" || res.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("photo served as %s, %d bytes", res.Header().Get("Content-Type"), res.Body.Len())
	}
	res = sw.Get(t, photoURL+"/thumb")
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(res.Body.Bytes())); err != nil || cfg.Width != 240 {
		t.Errorf("thumbnail: %+v, %v", cfg, err)
	}
	// Another county's admin: 404 on the photo, the activity and its forms.
	yc := f.As(t, webtest.YcAdmin)
	for _, path := range []string{photoURL, photoURL + "/thumb", loc, loc + "/edit"} {
		webtest.Expect(t, yc.Get(t, path), http.StatusNotFound)
	}
	webtest.Expect(t, yc.Upload(t, loc+"/photos", "x.png", img), http.StatusNotFound)
	webtest.Expect(t, yc.PostForm(t, loc, campaign(f)), http.StatusNotFound)
	// A viewer of the city reads but cannot write.
	ld := storetest.User(t, f.DB, "ld.view", shuangbai.RoleViewer, "445381", webtest.Hash())
	viewer := f.As(t, ld.Username)
	webtest.Expect(t, viewer.Get(t, loc), http.StatusOK, "禁毒宣传活动")
	webtest.ExpectNot(t, viewer.Get(t, loc), "上传照片")
	webtest.Expect(t, viewer.Upload(t, loc+"/photos", "x.png", img), http.StatusForbidden)
	webtest.Expect(t, viewer.PostForm(t, "/activities", campaign(f)), http.StatusForbidden)
	webtest.Expect(t, viewer.Get(t, "/activities/new"), http.StatusForbidden)
	if ps, _ := f.DB.ActivityPhotos(t.Context(), shuangbai.Scope{Code: "4453"}, idOf(t, loc)); len(ps) != 1 {
		t.Errorf("refused uploads kept: %d photos", len(ps))
	}
}

func TestActivityParticipants(t *testing.T) {
	f := world(t)
	loc := create(t, f)
	sw := f.As(t, LdWorker)
	webtest.Expect(t, sw.PostForm(t, loc+"/participants", url.Values{"beneficiary_id": {webtest.ID(f.Li.ID)}}), http.StatusSeeOther)
	webtest.Expect(t, sw.PostForm(t, loc+"/participants", url.Values{"beneficiary_id": {webtest.ID(f.Li.ID)}}), http.StatusUnprocessableEntity, "李阿婆已在参与人员名单中")
	webtest.Expect(t, sw.PostForm(t, loc+"/participants", url.Values{"beneficiary_id": {webtest.ID(f.Chen.ID)}}), http.StatusUnprocessableEntity, "服务对象不存在或不在您的管辖范围内")
	webtest.Expect(t, sw.PostForm(t, loc+"/participants", url.Values{"name": {"黄阿姨"}, "note": {"独居"}}), http.StatusSeeOther)
	page := sw.Get(t, loc)
	webtest.Expect(t, page, http.StatusOK, "李阿婆", "查看档案", "黄阿姨", "建档")
	ps, _ := f.DB.Participants(t.Context(), shuangbai.Scope{Code: "445381"}, idOf(t, loc))
	if len(ps) != 2 {
		t.Fatalf("participants = %+v", ps)
	}
	fileURL := fmt.Sprintf("%s/participants/%d/file", loc, ps[1].ID)
	webtest.Expect(t, sw.Get(t, fileURL), http.StatusOK, "为黄阿姨建档", "识别方式记为“社区活动”")
	webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, fileURL), http.StatusNotFound)
	bad := url.Values{"name": {"黄阿姨"}, "gender": {"女"}, "region": {"445381004001"}, "level": {"2"}}
	webtest.Expect(t, sw.PostForm(t, fileURL, bad), http.StatusUnprocessableEntity, "请填写出生日期或身份证号")
	good := url.Values{"name": {"黄阿姨"}, "gender": {"女"}, "birth": {"1948-02-03"}, "region": {"445381004001"}, "level": {"2"}, "groups": {"elderly_alone"}}
	res := sw.PostForm(t, fileURL, good)
	webtest.Expect(t, res, http.StatusSeeOther)
	id, err := strconvID(strings.TrimPrefix(res.Header().Get("Location"), "/beneficiaries/"))
	if err != nil {
		t.Fatal(res.Header().Get("Location"))
	}
	b, err := f.DB.Beneficiary(t.Context(), shuangbai.Scope{Code: "445381"}, id)
	if err != nil || b.FoundBy != shuangbai.FoundActivity || b.FoundOn != shuangbai.NewDate(2021, 7, 29) {
		t.Fatalf("filed = %+v, %v", b, err)
	}
	webtest.Expect(t, sw.Get(t, fileURL), http.StatusConflict, "黄阿姨已建档")
	remove := fmt.Sprintf("%s/participants/%d/remove", loc, ps[0].ID)
	webtest.Expect(t, f.As(t, webtest.YcAdmin).PostForm(t, remove, nil), http.StatusNotFound)
	webtest.Expect(t, sw.PostForm(t, remove, nil), http.StatusSeeOther)
	webtest.ExpectNot(t, sw.Get(t, loc), "李阿婆")
}

func TestActivityHiddenFromAdministrators(t *testing.T) {
	f := world(t)
	loc := create(t, f)
	for _, u := range []string{webtest.CitySys, webtest.CityAudit} {
		webtest.Expect(t, f.As(t, u).Get(t, loc), http.StatusForbidden)
		webtest.ExpectNot(t, f.As(t, u).Get(t, "/account"), `href="/activities"`)
	}
	webtest.Expect(t, f.As(t, webtest.CityAdmin).Get(t, "/account"), http.StatusOK, `href="/activities"`)
}

// A full activity hides the upload form; a photo sent anyway (a second
// tab, a stale page) is refused with the reason on the page, not a bare 422.
func TestActivityPhotosFull(t *testing.T) {
	f := world(t)
	loc := create(t, f)
	sw := f.As(t, LdWorker)
	for i := range shuangbai.MaxActivityPhotos {
		webtest.Expect(t, sw.Upload(t, loc+"/photos", fmt.Sprintf("现场%d.png", i), photo(t, 32+i, 24)), http.StatusSeeOther)
	}
	full := fmt.Sprintf("已有 %d 张照片，达到每项活动 %d 张的上限", shuangbai.MaxActivityPhotos, shuangbai.MaxActivityPhotos)
	page := sw.Get(t, loc)
	webtest.Expect(t, page, http.StatusOK, full)
	webtest.ExpectNot(t, page, "选择照片")
	res := sw.Upload(t, loc+"/photos", "多一张.png", photo(t, 64, 48))
	webtest.Expect(t, res, http.StatusUnprocessableEntity, fmt.Sprintf("每项活动最多上传 %d 张照片：", shuangbai.MaxActivityPhotos), full)
	if ps, _ := f.DB.ActivityPhotos(t.Context(), shuangbai.Scope{Code: "4453"}, idOf(t, loc)); len(ps) != shuangbai.MaxActivityPhotos {
		t.Errorf("%d photos, want %d", len(ps), shuangbai.MaxActivityPhotos)
	}
}
