package thumbnail

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func pngOf(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMake(t *testing.T) {
	for _, tt := range []struct {
		w, h, tw, th int
	}{{1000, 500, 240, 120}, {300, 900, 80, 240}, {100, 50, 100, 50}, {1, 1, 1, 1}} {
		out, err := Make(pngOf(t, tt.w, tt.h))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != tt.tw || b.Dy() != tt.th {
			t.Errorf("%dx%d → %dx%d, want %dx%d", tt.w, tt.h, b.Dx(), b.Dy(), tt.tw, tt.th)
		}
	}
}

// TestMakeRefusesBombs: a PNG header claiming 100,000 × 100,000 pixels is
// refused from the header alone.
func TestMakeRefusesBombs(t *testing.T) {
	b := pngOf(t, 2, 2)
	binary.BigEndian.PutUint32(b[16:], 100000)
	binary.BigEndian.PutUint32(b[20:], 100000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29])) // the IHDR chunk's CRC
	if _, err := Make(b); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if _, err := Make([]byte("%PDF-1.4")); err == nil {
		t.Fatal("a PDF made a thumbnail")
	}
}

func FuzzMake(f *testing.F) {
	f.Add(pngOf(f, 4, 3))
	var buf bytes.Buffer
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 5, 5)), nil)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Make(data)
		if err == nil {
			if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
				t.Fatalf("thumbnail is not a JPEG: %v", err)
			}
		}
	})
}
