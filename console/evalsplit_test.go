package console

import (
	"strings"
	"testing"
)

// Statements on one line run as if typed one per line: a variable defined
// first is kept, and each expression shows its value. The first failure
// ends the line and names its column.
func TestSeveralStatementsOnALine(t *testing.T) {
	code, out, errs := runText(t, Piped, "a := 1; a + 1\na\nb := 2; b + nope; b + 3\n")
	if code == 0 {
		t.Errorf("exit 0 after a failing line")
	}
	for _, want := range []string{"defined a\n2\n", "\n1\n", "defined b"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "5\n") {
		t.Errorf("the statement after a failure ran:\n%s", out)
	}
	if !strings.Contains(errs, "t.pcs:3:13: undefined: nope") {
		t.Errorf("want the failure at t.pcs:3:13, got:\n%s", errs)
	}
}
