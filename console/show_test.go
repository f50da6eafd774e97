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

// A stopped graph can lose a node or a wire and run again without it; a
// new node of a removed name starts afresh.
func TestRemoveAndUnwireChangeAStoppedGraph(t *testing.T) {
	src := `func f(n int) int { return n }
func g(n int) int { return -n }
:source t ticker every=1ms limit=5
:stage f
:stage g
:sink c count
:wire t -> f -> c
:wire t -> g -> c
:remove g
:start
:remove f
:wait c.in == 5
:stop
:unwire f -> c
:unwire f -> c
:remove nope
:stage g fn=f
:status
`
	code, out, errs := runText(t, Piped, src)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the refused commands", code)
	}
	for _, want := range []string{"removed g and its wires", "unwired f -> c"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{
		"t.pcs:11: :remove: the graph is running; :stop it first",
		"t.pcs:15: :unwire: there is no wire f -> c (see :graph)",
		`t.pcs:16: :remove: unknown stage "nope"`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(out, "g -> c") || !regexp.MustCompile(`\n\s+g\s+stage\s+1\s`).MatchString(out) {
		t.Errorf("the new g should be unwired and at v1:\n%s", out)
	}
}
