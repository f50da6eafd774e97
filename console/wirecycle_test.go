package console

import (
	"strings"
	"testing"
)

// :wire refuses a wire that closes a cycle, naming it, and makes none of
// the wires of that line; a graph without the cycle still starts.
func TestWireRefusesACycle(t *testing.T) {
	src := "func inc(n int) int { return n + 1 }\nfunc inc2(n int) int { return n + 2 }\n" +
		":source t ticker every=10ms limit=3\n:stage inc\n:stage inc2\n:sink c count\n" +
		":wire t -> inc\n:wire inc -> inc2 -> inc\n:wire inc -> inc2 -> c\n" +
		":start\n:wait c.in == 3\n:stop\n"
	code, out, errs := runText(t, Piped, src)
	if code == 0 {
		t.Errorf("exit 0 with a refused wire")
	}
	if !strings.Contains(errs, "t.pcs:8: :wire: inc -> inc2 -> inc would close a cycle") {
		t.Errorf("want the cycle refused at t.pcs:8, got:\n%s", errs)
	}
	if strings.Count(errs, "\n") != 1 || !strings.Contains(out, "stopped gracefully") {
		t.Errorf("want only that error and a run without the cycle:\nout:\n%s\nerrs:\n%s", out, errs)
	}
}
