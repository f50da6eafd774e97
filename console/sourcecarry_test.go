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

// A Go source and a loop stage that use a package variable move to every
// new generation, also when the definition is unrelated: left on the old
// one, they went on with a copy that the next reload overwrote, and the
// source sent values again. Every value arrives once.
func TestUnrelatedDefinitionsMoveStatefulNodes(t *testing.T) {
	src := "import \"fmt\"\nimport \"time\"\nvar next = 1\nvar seen = 0\nvar last = 0\n" +
		"func gen(stop <-chan struct{}, out chan<- int) {\n" +
		"\tfor next <= 3000 {\n\t\tn := next\n\t\tselect {\n\t\tcase out <- n:\n\t\t\tnext++\n" +
		"\t\tcase <-stop:\n\t\t\treturn\n\t\t}\n\t}\n}\n" +
		"func tally(stop <-chan struct{}, in <-chan int, out chan<- int) {\n" +
		"\tfor {\n\t\tselect {\n\t\tcase <-stop:\n\t\t\treturn\n\t\tcase n, ok := <-in:\n" +
		"\t\t\tif !ok {\n\t\t\t\treturn\n\t\t\t}\n\t\t\tseen++\n\t\t\tout <- n\n\t\t}\n\t}\n}\n" +
		"func chk(v int) (int, error) {\n\ttime.Sleep(50 * time.Microsecond)\n\tif v <= last {\n" +
		"\t\treturn 0, fmt.Errorf(\"%d again (last %d)\", v, last)\n\t}\n\tlast = v\n\treturn v, nil\n}\n" +
		":source g fn=gen\n:stage tally\n:stage chk\n:sink k count\n" +
		":wire g -> tally -> chk -> k\n:start\n:wait k.in >= 300\n" +
		"func other() int { return 1 }\n:wait k.in >= 900\n" +
		"func another() int { return 2 }\n:wait k.in >= 1500\n" +
		"func gen(stop <-chan struct{}, out chan<- int) {\n" +
		"\tfor next <= 3000 { // v2\n\t\tn := next\n\t\tselect {\n\t\tcase out <- n:\n\t\t\tnext++\n" +
		"\t\tcase <-stop:\n\t\t\treturn\n\t\t}\n\t}\n}\n" +
		":wait k.in >= 3000 timeout=30s\n:sleep 100ms\n:stop\n" +
		":expect k.in == 3000\n:expect chk.errors == 0\n:show seen\n"
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "seen = 3000") {
		t.Errorf("the loop stage's count is not the new generation's:\n%s", out)
	}
}
