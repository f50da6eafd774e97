package console

import (
	"strings"
	"testing"
)

// A panic in a goroutine that a stage's code started names the stage, and
// one started at the prompt says so; the session and the graph go on.
func TestGoroutinePanicNamesWhoStartedIt(t *testing.T) {
	src := "import \"sync\"\n" +
		"func spawn(n int) int {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n" +
		"\tgo func() {\n\t\tdefer wg.Done()\n\t\tif n == 2 {\n\t\t\tpanic(\"two\")\n\t\t}\n\t}()\n" +
		"\twg.Wait()\n\treturn n\n}\n" +
		":source t ticker every=5ms limit=3\n:stage spawn\n:sink c count\n:wire t -> spawn -> c\n" +
		":start\n:wait c.in == 3\n:stop\n" +
		// Each prompt goroutine ends before the next input is evaluated:
		// yaegi grows the interpreter's frame for each input, racing with
		// a goroutine of the prompt still running (see the README).
		"go func() { panic(\"here\") }()\n:sleep 100ms\n" +
		"go func() { var m map[string]int; m[\"x\"] = 1 }()\n:sleep 100ms\n"
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{`panic in a goroutine started by stage spawn: "two"`,
		`panic in a goroutine started at the prompt: "here"`,
		// an error value by its message, not its fields
		"panic in a goroutine started at the prompt: assignment to entry in nil map"} {
		if !strings.Contains(errs, want) {
			t.Errorf("no %q in:\n%s", want, errs)
		}
	}
}
