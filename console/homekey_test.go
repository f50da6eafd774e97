package console

import (
	"io"
	"strings"
	"testing"
)

func TestHomeEndFilterRewritesTheOtherHomeAndEndKeys(t *testing.T) {
	in := "ab\x1b[1~X\x1b[4~Y\x1b[7~\x1b[8~\x1b[3~\x1b[H"
	got, err := io.ReadAll(homeEndFilter{strings.NewReader(in)})
	want := "ab\x1b[HX\x1b[FY\x1b[H\x1b[F\x1b[3~\x1b[H"
	if err != nil || string(got) != want {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}
