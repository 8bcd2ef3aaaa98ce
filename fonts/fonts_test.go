package fonts

import (
	"bytes"
	"testing"
)

func TestFacesInflateToTrueType(t *testing.T) {
	for _, f := range []Face{Song, Kai, Hei} {
		b, err := TTF(f)
		if err != nil {
			t.Fatal(err)
		}
		// A TrueType (glyf) font starts with version 1.0; gopdf rejects CFF ("OTTO").
		if len(b) < 1<<20 || !bytes.HasPrefix(b, []byte{0, 1, 0, 0}) {
			t.Errorf("%s: %d bytes starting %x, want a TrueType font over 1 MB", f, len(b), b[:4])
		}
	}
	if _, err := TTF("nope"); err == nil {
		t.Error("an unknown face gave no error")
	}
}
