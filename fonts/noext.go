//go:build !fontext

package fonts

// extGz is empty without -tags fontext: Fallback reads a file instead.
var extGz []byte
