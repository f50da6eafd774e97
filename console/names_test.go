package console

import (
	"strings"
	"testing"
)

func TestCheckNameRefusesWhatCannotBeWired(t *testing.T) {
	for _, ok := range []string{"a", "_x", "出力", "ok-name.v2", "s9", strings.Repeat("n", maxName)} {
		if err := checkName(ok); err != nil {
			t.Errorf("checkName(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "a->b", "9x", "a b", "x=1", ":s", "-a", "a>b",
		strings.Repeat("n", maxName+1)} {
		if err := checkName(bad); err == nil {
			t.Errorf("checkName(%q) = nil, want an error", bad)
		}
	}
}

// Sizes that would end the process when a run allocates them are refused
// when they are typed, and nothing is made.
func TestHugeBufferAndWorkersAreRefused(t *testing.T) {
	src := "func id(n int) int { return n }\n:source t ticker every=1ms limit=2\n:sink c count\n" +
		":stage id workers=100000\n:wire t -> c buffer=1000000000000\n" +
		":wire t -> c\n:start\n:wait c.in == 2\n:stop\n"
	code, out, errs := runText(t, Piped, src)
	if code == 0 || !strings.Contains(out, "stopped gracefully") {
		t.Errorf("exit %d; want the refusals, then a run:\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"t.pcs:4: :stage: workers=100000: want a whole number from 1 to 4096",
		"t.pcs:5: :wire: buffer=1000000000000: a wire holds at most 16777216 messages"} {
		if !strings.Contains(errs, want) {
			t.Errorf("no %q in:\n%s", want, errs)
		}
	}
}
