package console

import (
	"fmt"
	"strings"
	"testing"
)

// A Go source that keeps its state in a kept variable sends no value twice
// across redefinitions: its old version has ended before the variable is
// carried, so the new one goes on from where the old one stopped.
func TestGoSourceStateCarriesWithoutDuplicates(t *testing.T) {
	gen := func(tag int) string {
		return fmt.Sprintf("func gen(stop <-chan struct{}, out chan<- int) {\n"+
			"\tfor {\n\t\tnext++ // v%d\n\t\tv := next\n"+
			"\t\tselect {\n\t\tcase out <- v:\n\t\tcase <-stop:\n\t\t\treturn\n\t\t}\n\t}\n}\n", tag)
	}
	var src strings.Builder
	src.WriteString("import \"fmt\"\nvar next = 0 //pc:keep\nvar last = 0\n" +
		"func chk(v int) (int, error) {\n\tif v <= last {\n" +
		"\t\treturn 0, fmt.Errorf(\"%d again (last %d)\", v, last)\n\t}\n" +
		"\tlast = v\n\treturn v, nil\n}\n" + gen(1) +
		":source g fn=gen\n:stage chk\n:sink c count\n" +
		":wire g -> chk buffer=1024\n:wire chk -> c buffer=1024\n:start\n:wait c.in >= 2000\n")
	for v := 2; v <= 6; v++ {
		src.WriteString(gen(v))
		fmt.Fprintf(&src, ":wait g.version == %d\n:wait c.in >= %d\n", v, v*2000)
	}
	src.WriteString(":stop\n:expect chk.errors == 0\n")
	code, out, errs := runText(t, Script, src.String())
	if code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
}
