package console

import (
	"strings"
	"testing"
)

// :show reads the variables the stages write, which the prompt's own
// interpreter does not see.
func TestShowReadsTheStagesVariables(t *testing.T) {
	src := `var seen int
func count(n int) int { seen++; return n }
:source t ticker every=1ms limit=20
:stage count
:sink c count
:wire t -> count -> c
:start
:wait c.in == 20
seen
:show seen
:show nope
`
	code, out, errs := runText(t, Piped, src)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the unknown variable", code)
	}
	if !strings.Contains(out, "\n0\n") {
		t.Errorf("the prompt's own copy of seen should be 0:\n%s", out)
	}
	if !strings.Contains(out, "seen = 20\n") {
		t.Errorf(":show seen should read the stages' 20:\n%s", out)
	}
	if !strings.Contains(errs, `:show: no package variable nope`) {
		t.Errorf("no error for an unknown variable:\n%s", errs)
	}
}
