package console

import (
	"strings"
	"testing"
	"time"
)

func TestTopOnATerminalRefreshesUntilEnter(t *testing.T) {
	s := startSession(t)
	s.line("func keep(n int) bool { return n%3 == 0 }")
	s.line(":source t ticker every=2ms")
	s.line(":stage keep")
	s.line(":sink s count")
	s.line(":wire t -> keep -> s")
	s.line(":start")
	s.expect("started run 1")
	s.line(":top")
	s.expect("(Enter ends :top)")
	// Two refreshes, a second apart, each clearing the screen first.
	for strings.Count(s.out.String(), "\x1b[2J") < 2 {
		if t.Context().Err() != nil {
			t.Fatalf("no second refresh:\n%s", s.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.send("\r")
	s.line(":status")
	s.expect("MSG/S")
	s.line(":quit")
	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d; output:\n%s", code, s.out.String())
	}
}
