package console

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// nulFilter drops NUL bytes, reads on past a read of only NULs, and passes
// the rest and the end of the input unchanged.
func TestNulFilterDropsNulBytes(t *testing.T) {
	in := iotest.OneByteReader(strings.NewReader("a\x00b\x00\x00\x00c\x00"))
	got, err := io.ReadAll(nulFilter{in})
	if err != nil || string(got) != "abc" {
		t.Fatalf("got %q, %v; want \"abc\"", got, err)
	}
	buf := make([]byte, 8)
	n, err := nulFilter{strings.NewReader("\x00\x00")}.Read(buf)
	if n != 0 || err != io.EOF {
		t.Fatalf("only NULs then the end: got %d, %v; want 0, EOF", n, err)
	}
}
