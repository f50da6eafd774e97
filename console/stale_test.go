package console

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A loop stage swapped to a version that ignores its stop cannot be
// swapped back while it runs; after a :stop, the next :start runs the
// current definition (a new version, with a line saying so), not the
// code that was stuck. The stuck report says what works instead of
// inviting a redefinition.
func TestStartRunsTheCurrentCodeOfAStuckLoop(t *testing.T) {
	good := `func tag(stop <-chan struct{}, in <-chan int, out chan<- string) {
	for {
		select {
		case <-stop:
			return
		case n, ok := <-in:
			if !ok {
				return
			}
			out <- fmt.Sprint("v1:", n)
		}
	}
}
`
	src := `import "fmt"
func gen(stop <-chan struct{}, out chan<- int) {
	for i := 1; ; i++ {
		select {
		case out <- i:
		case <-stop:
			return
		}
	}
}
` + good + `:source src fn=gen
:stage tag
:sink out print
:wire src -> tag -> out buffer=4
:start
:wait out.in >= 5
func tag(stop <-chan struct{}, in <-chan int, out chan<- string) {
	for v := range in {
		out <- fmt.Sprint("v3:", v)
	}
}
:expect tag.version == 2
:wait out.in >= 50
` + good + `:expect tag.version == 2
:stop
:start
:expect tag.version == 3
:wait out.in >= 20
:stop
:expect leaks == 0
`
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(errs, `stage "tag" did not move to the new definitions: its v2 did not return`) {
		t.Fatalf("the swap back to v1's code was not stuck:\n%s", errs)
	}
	if strings.Contains(errs, "Redefine it again") || !strings.Contains(errs, ":stop closes its input") {
		t.Errorf("the stuck report invites a retry that cannot work:\n%s", errs)
	}
	_, run2, _ := strings.Cut(out, "stopped gracefully")
	if strings.Contains(run2, `out: "v3:`) || !strings.Contains(run2, `out: "v1:`) {
		t.Errorf("the second run did not run the current code:\n%s", run2)
	}
	if !strings.Contains(run2, "moved tag to v3: the current definition of tag (v2 had kept older code") {
		t.Errorf(":start did not say tag moved to v3:\n%s", run2)
	}
}

// A loop stage that ignores its stop and uses a package variable stays on
// its generation when a definition cannot move it; the next :start runs
// it on the current generation, whose variable :show reads: what the
// second run counts shows there.
func TestAStuckStatefulLoopRunsTheCurrentGenerationAfterStart(t *testing.T) {
	src := "var cnt = 0\nfunc fwd(stop <-chan struct{}, in <-chan int, out chan<- int) {\n" +
		"\tfor m := range in {\n\t\tcnt++\n\t\tout <- m\n\t}\n}\n" +
		":source t ticker every=1ms\n:stage f fn=fwd\n:sink c count\n:wire t -> f -> c\n" +
		":start\n:wait c.in >= 20\nfunc foo() int { return 1 }\n:stop\n:show cnt\n" +
		":start\n:wait c.in >= 30\n:stop\n:show cnt\n:status\n"
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	// The carry does not read what the stuck loop may be writing.
	if !strings.Contains(out, "afresh cnt (a stage that did not stop uses it)") {
		t.Errorf("cnt was carried while the stuck loop ran:\n%s", out)
	}
	cnts := regexp.MustCompile(`cnt = (\d+)`).FindAllStringSubmatch(out, -1)
	in := regexp.MustCompile(`\bf\s+stage\s+\d+\s+\d+\s+(\d+)`).FindAllStringSubmatch(out, -1)
	if len(cnts) != 2 || len(in) == 0 {
		t.Fatalf("no two cnt values or no f row in:\n%s", out)
	}
	before, _ := strconv.Atoi(cnts[0][1])
	after, _ := strconv.Atoi(cnts[1][1])
	second, _ := strconv.Atoi(in[len(in)-1][1])
	if after-before != second {
		t.Errorf("cnt went from %d to %d in a run in which f took %d: "+
			"the run used another generation's cnt\n%s", before, after, second, out)
	}
}
