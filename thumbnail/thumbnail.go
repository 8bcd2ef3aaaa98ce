// Package thumbnail makes the small previews of photographed documents
// shown on a beneficiary's file. It reads untrusted images: their size is
// checked from the header before any pixel is decoded, so a small file
// claiming to be 100,000 pixels wide cannot take the server's memory.
package thumbnail

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // decoders for image.Decode
)

// Side is the longest side of a thumbnail, in pixels.
const Side = 240

// MaxPixels bounds the images decoded: a 48-megapixel phone photo passes.
const MaxPixels = 50_000_000

// ErrTooLarge is an image whose header claims more pixels than MaxPixels.
var ErrTooLarge = errors.New("thumbnail: image too large")

// Make returns a JPEG thumbnail of a JPEG or PNG image, at most Side
// pixels on its longest side.
func Make(data []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, ErrTooLarge
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, scale(src), &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// scale shrinks src by averaging each block of source pixels into one
// (a box filter): enough for a preview, and no dependency for it.
func scale(src image.Image) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	tw, th := w, h
	if w >= h && w > Side {
		tw, th = Side, max(1, h*Side/w)
	} else if h > w && h > Side {
		tw, th = max(1, w*Side/h), Side
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	for y := 0; y < th; y++ {
		y0, y1 := b.Min.Y+y*h/th, b.Min.Y+max((y+1)*h/th, y*h/th+1)
		for x := 0; x < tw; x++ {
			x0, x1 := b.Min.X+x*w/tw, b.Min.X+max((x+1)*w/tw, x*w/tw+1)
			var r, g, bl, n uint64
			// Sample at most 8×8 points of the block: thumbnails of large
			// photos stay fast, and the result is still smooth.
			sy, sx := max(1, (y1-y0)/8), max(1, (x1-x0)/8)
			for yy := y0; yy < y1; yy += sy {
				for xx := x0; xx < x1; xx += sx {
					cr, cg, cb, _ := src.At(xx, yy).RGBA()
					r, g, bl, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), n+1
				}
			}
			dst.Set(x, y, color.RGBA64{uint16(r / n), uint16(g / n), uint16(bl / n), 0xffff})
		}
	}
	return dst
}
