package console

import (
	"regexp"
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

// A graph whose sources ran out and drained says so, and shows no rate.
func TestStatusSaysWhenEveryNodeIsDone(t *testing.T) {
	src := `func f(n int) int { return n }
:source t ticker every=1ms limit=5
:stage f
:sink c count
:wire t -> f -> c
:start
:wait c.in == 5
:sleep 300ms
:status
`
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	if !strings.Contains(out, "every node is done") {
		t.Errorf("a finished graph reads as live:\n%s", out)
	}
	if !regexp.MustCompile(`\n\s+f\s+stage\s+1\s+1\s+5\s+5\s+0\s+0\s+0\s+0\.0`).MatchString(out) {
		t.Errorf("a done stage should show 0 goroutines and no rate:\n%s", out)
	}
}
