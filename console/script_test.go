package console

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the console's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runText runs src through Run in mode, as the file "t.pcs".
func runText(t *testing.T, mode Mode, src string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs syncBuffer
	code = Run(context.Background(), Config{Mode: mode, In: strings.NewReader(src),
		Out: &out, Err: &errs, Name: "t.pcs", NoColor: true})
	return code, out.String(), errs.String()
}

func TestScriptMode(t *testing.T) {
	tests := []struct {
		name   string
		mode   Mode
		src    string
		code   int
		out    []string // each must appear in stdout
		err    string   // must appear in stderr ("" : stderr empty)
		notOut string   // must not appear in stdout
	}{
		{name: "a passing script exits 0", mode: Script, code: 0,
			src: "# a comment\nx := 21\nx * 2\n:expect goroutines > 0\n",
			out: []string{"defined x", "42"}},
		{name: "multi-line Go runs as one input", mode: Script, code: 0,
			src: "func add(a, b int) int {\n\treturn a + b\n}\nadd(\n\t1, 2)\n",
			out: []string{"defined add", "3"}},
		{name: "a failing command names FILE:LINE and stops the script", mode: Script, code: 1,
			src:    "func upper(s string) string { return s }\n:source t ticker every=1ms\n:stage upper\n:wire t -> uper\n1 + 1\n",
			err:    `t.pcs:4: :wire: unknown stage "uper" (did you mean "upper"?)`,
			notOut: "2"},
		{name: "a Go error names FILE:LINE:COL once", mode: Script, code: 1,
			src: "x := 1\nfunc f() {\n  nosuch()\n}\n",
			err: "t.pcs:3:3: undefined: nosuch"},
		{name: "a failed expect stops the script", mode: Script, code: 1,
			src:    ":source t ticker every=1ms\n:expect t.out == 5\n7 * 6\n",
			err:    "t.pcs:2: :expect: t.out is 0, want == 5",
			notOut: "42"},
		{name: "an unknown command suggests the closest", mode: Script, code: 1,
			src: ":strat\n", err: `t.pcs:1: unknown command ":strat" (did you mean ":start"?)`},
		{name: "unfinished Go at the end is an error", mode: Script, code: 1,
			src: "func f() {\n", err: "t.pcs:1: unfinished Go input"},
		{name: "a wait that times out shows the current value", mode: Script, code: 1,
			src: ":source t ticker every=1h\n:sink s count\n:wire t -> s\n:start\n:wait t.out >= 1 timeout=50ms\n",
			err: "t.pcs:5: :wait: timed out after 50ms: t.out is 0, want >= 1"},
		{name: "a wait on a stopped graph fails at once", mode: Script, code: 1,
			src: ":source t ticker every=1h\n:wait t.out >= 1 timeout=1h\n",
			err: "t.pcs:2: :wait: the graph is not running: t.out is 0, want >= 1"},
		{name: "a wire between mismatched types is refused", mode: Script, code: 1,
			src: "func up(s string) string { return s }\n:source t ticker every=1h\n:stage up\n:wire t -> up\n",
			err: "t.pcs:4: :wire: t -> up: t sends int, up takes string"},
		{name: "a redefinition that breaks the wiring is refused", mode: Script, code: 1,
			src: "func up(n int) int { return n }\n:source t ticker every=1h\n:stage up\n" +
				":sink s count\n:wire t -> up -> s\nfunc up(s string) string { return s }\n",
			err: "t.pcs:6: the wiring would break: t -> up: t sends int, up takes string", notOut: "swapped"},
		{name: "a Go error shows the user's line and a caret under the column", mode: Script, code: 1,
			src: "func g(s string) string {\n\treturn helpr(s)\n}\n",
			err: "t.pcs:2:9: undefined: helpr\n    \treturn helpr(s)\n    \t       ^\n"},
		{name: "a type change under a running stage is refused", mode: Script, code: 1,
			src: "type Msg struct{ N int }\nfunc mk(n int) Msg { return Msg{N: n} }\n" +
				"func show(m Msg) int { return m.N }\n:source t ticker every=1h\n:stage mk\n" +
				":stage show\n:sink s count\n:wire t -> mk -> show -> s\n:start\n" +
				"type Msg struct{ N int; Extra string }\n",
			err: "t.pcs:10: stage \"show\" takes struct { N int } now and would take struct { N int; Extra string }", notOut: "swapped"},
		{name: "a type change while stopped is fine", mode: Script, code: 0,
			src: "type Msg struct{ N int }\nfunc show(m Msg) int { return m.N }\n" +
				":stage show\ntype Msg struct{ N int; Extra string }\n" +
				"show(Msg{N: 2, Extra: \"x\"})\n",
			out: []string{"2\n"}},
		{name: "a wire that exists is refused and a failed chain wires nothing", mode: Script, code: 1,
			src: ":source t ticker every=1h\n:sink s count\n:sink u count\n:wire t -> s\n" +
				":wire t -> u\n:wire t -> s\n",
			err: "t.pcs:6: :wire: t -> s is wired already\n"},
		{name: "a chain through a sink is refused before any link is made", mode: Script, code: 1,
			src: ":source t ticker every=1h\n:sink s count\n:sink u count\n:wire t -> s -> u\n" +
				":wire t -> u\n:status\n",
			err: "t.pcs:4: :wire: s -> u: \"s\" is a sink and sends nothing\n"},
		{name: "a command ends unfinished Go input", mode: Script, code: 1,
			src: "func f( {\n}\n:status\n", err: "t.pcs:1: unfinished Go input (a command on line 3 ends it)"},
		{name: "piped input keeps going after a failure and exits 1", mode: Piped, code: 1,
			src: ":nosuch\n6 * 7\n", err: `t.pcs:1: unknown command ":nosuch"`,
			out: []string{"42"}},
		{name: "a failed wire changes nothing", mode: Piped, code: 1,
			src:    ":source t ticker every=1ms\n:sink s count\n:wire t -> s -> nope\n:status\n",
			err:    `unknown stage "nope"`,
			notOut: "t -> s"},
		{name: "help is built from the table", mode: Script, code: 0,
			src: ":help\n:help wire\n", out: []string{":wait COND [timeout=DURATION]", "usage: :wire A -> B"}},
		{name: "a print sink shows NAME: value with strings quoted", mode: Script, code: 0,
			src: "import \"strings\"\nfunc shout(n int) string { return \"n\" + strings.Repeat(\"!\", n) }\n" +
				":source t ticker every=1ms limit=2\n:stage shout\n:sink out print\n" +
				":wire t -> shout -> out\n:start\n:wait out.in == 2\n:stop\n",
			out: []string{`out: "n!"`, `out: "n!!"`, "stopped gracefully"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runText(t, tt.mode, tt.src)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if tt.notOut != "" && strings.Contains(out, tt.notOut) {
				t.Errorf("stdout has %q:\n%s", tt.notOut, out)
			}
			if tt.err == "" && errs != "" || !strings.Contains(errs, tt.err) {
				t.Errorf("stderr = %q, want %q", errs, tt.err)
			}
			if regexp.MustCompile(`t\.pcs:\d+: t\.pcs`).MatchString(errs) {
				t.Errorf("place given twice: %q", errs)
			}
		})
	}
}

// The whole story: define, wire, start, redefine while messages flow, check
// versions and counts, stop, and find no leaked goroutine.
func TestEndToEndRedefineWhileRunning(t *testing.T) {
	src := `
func clean(n int) int { return n }
func double(n int) int { return clean(n) * 2 }
:source tick ticker every=2ms
:stage double
:sink count count
:wire tick -> double -> count buffer=4
:start
:wait count.in >= 5
:expect double.version == 1
func clean(n int) int { return n + 1 }
:expect double.version == 2
:expect tick.version == 1
:wait count.in >= 10
:expect double.errors == 0
:stop
:expect leaks == 0
`
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{"defined clean; swapped double to v2 (uses clean)",
		"stopped gracefully", "leaks: none"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	// The console's own goroutines come and go (a spare interpreter being
	// made): the total may be lower than before :start, never the graph's.
	if strings.Contains(out, "behind") {
		t.Errorf("the stop summary counts goroutines of the graph:\n%s", out)
	}
}

func TestADefinitionThatBreaksAStageIsRefused(t *testing.T) {
	src := "func f(n int) int { return n }\n:source t ticker every=1ms\n:stage f\n" +
		"func f(a, b int) int { return a }\n:expect f.version == 1\n"
	code, out, errs := runText(t, Piped, src)
	if code != 1 || !strings.Contains(errs, `stage "f" would break`) {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if strings.Count(out, "defined f") != 1 {
		t.Errorf("the refused definition was reported as defined:\n%s", out)
	}
}

func TestAScriptEndingWhileRunningStopsTheGraph(t *testing.T) {
	src := ":source t ticker every=1ms\n:sink s count\n:wire t -> s\n:start\n:wait s.in >= 3\n"
	code, out, _ := runText(t, Script, src)
	if code != 0 || !strings.Contains(out, "stopped gracefully") {
		t.Fatalf("exit %d, stdout:\n%s", code, out)
	}
}

func TestEchoShowsEachLineBeforeItsOutput(t *testing.T) {
	var out, errs syncBuffer
	code := Run(context.Background(), Config{Mode: Script, Name: "t.pcs", NoColor: true, Echo: true,
		In: strings.NewReader("# add\nfunc f(n int) int {\n\treturn n + 1\n}\nf(1)\n"), Out: &out, Err: &errs})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	want := "pc> # add\npc> func f(n int) int {\n... \treturn n + 1\n... }\ndefined f\npc> f(1)\n2\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}
