package console

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// loopProgram defines a Go source of n ints, a loop stage that tags each
// one with "a", and a plain stage.
const loopProgram = `import "fmt"
func gen(stop <-chan struct{}, out chan<- int) {
	for i := 1; i <= 300; i++ {
		select {
		case out <- i:
		case <-stop:
			return
		}
	}
}
func tag(stop <-chan struct{}, in <-chan int, out chan<- string) {
	for {
		select {
		case <-stop:
			return
		case n, ok := <-in:
			if !ok {
				return
			}
			out <- fmt.Sprint("a", n)
		}
	}
}
`

// tagAs is tag sending prefix+n instead.
func tagAs(prefix string) string {
	return strings.Replace(loopProgram[strings.Index(loopProgram, "func tag"):],
		`"a"`, `"`+prefix+`"`, 1)
}

func TestLoopStagesAndGoSources(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		code   int
		out    []string // each must appear in stdout
		errs   []string // each must appear in stderr
		notErr string
	}{
		{name: "a loop stage between a Go source and a sink passes everything",
			src: loopProgram + ":source src fn=gen\n:stage tag\n:sink out count\n" +
				":wire src -> tag -> out buffer=4\n:start\n:wait out.in == 300\n:stop\n" +
				":expect src.out == 300\n:expect tag.in == 300\n:expect leaks == 0\n",
			out: []string{"stopped gracefully"}},
		{name: "a wire into a loop stage is type-checked",
			src: loopProgram + ":source t ticker every=1h\n:source src fn=gen\n:stage tag\n" +
				":sink s count\n:wire tag -> s\n:wire src -> tag\n:wire tag -> tag2\n",
			code: 1, errs: []string{`unknown stage "tag2"`}},
		{name: "a Go source of ints cannot feed a string stage",
			src: loopProgram + "func up(s string) string { return s }\n:source src fn=gen\n" +
				":stage up\n:wire src -> up\n",
			code: 1, errs: []string{"src -> up: src sends int, up takes string"}},
		{name: "a loop stage that sends strings cannot feed an int stage",
			src: loopProgram + "func dbl(n int) int { return 2 * n }\n:source src fn=gen\n" +
				":stage tag\n:stage dbl\n:wire src -> tag -> dbl\n",
			code: 1, errs: []string{"tag -> dbl: tag sends string, dbl takes int"}},
		{name: "a loop stage cannot become a plain stage",
			src:  loopProgram + ":stage tag\nfunc tag(n int) string { return \"\" }\n",
			code: 1, errs: []string{"tag was added as a loop stage and tag is now a stage"}},
		{name: "a loop stage has one worker",
			src:  loopProgram + ":stage tag workers=2\n",
			code: 1, errs: []string{"a loop stage runs one goroutine"}},
		{name: "a source needs a kind or fn=",
			src: ":source s\n", code: 1, errs: []string{"or :source NAME fn=FUNC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runText(t, Script, tt.src)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tt.errs {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
		})
	}
}

// A redefinition swaps the loop while messages wait in its input. The
// sink is paused so that v1 fills what is after it and blocks (tag.out
// reaches 5: a buffer of 4 and one in the relay's hand); then the stage
// is paused so that the source fills its input; the sink resumes (a loop
// blocked sending to a paused sink could not return), the stage is
// redefined while paused, and resumed. Every message arrives once, the first ones from
// v1, the waiting ones and the rest from v2.
func TestALoopSwapLosesNothing(t *testing.T) {
	src := loopProgram + `:source src fn=gen
:stage tag
:sink out print
:wire src -> tag -> out buffer=4
:start
:pause out
:wait tag.out >= 5
:pause tag
:wait src.out >= 12
:resume out
` + tagAs("b") + `:resume
:wait out.in == 300
:expect tag.version == 2
:stop
:expect src.out == 300
:expect out.in == 300
:expect tag.errors == 0
:expect leaks == 0
:versions tag
`
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(out, "swapped tag to v2") || !strings.Contains(out, `out: "b`) {
		t.Errorf("no message reached v2:\n%s", out)
	}
	if !strings.Contains(out, `out: "a5"`) || !strings.Contains(out, `out: "b300"`) {
		t.Errorf("the first message did not go to v1 or the last to v2:\n%s", out)
	}
	for i := 1; i <= 300; i++ {
		a, b := `out: "a`+strconv.Itoa(i)+`"`+"\n", `out: "b`+strconv.Itoa(i)+`"`+"\n"
		if strings.Count(out, a)+strings.Count(out, b) != 1 {
			t.Fatalf("message %d arrived %d times", i, strings.Count(out, a)+strings.Count(out, b))
		}
	}
}

// A loop that ignores its stop cannot be swapped: the console says which
// stage, where it is blocked and what happens next; the other stage of
// the same definition moves, the stuck one stays on v1 and keeps
// running. The graceful stop closes its input, which ends it.
func TestAStuckLoopSwapIsReported(t *testing.T) {
	src := `func deaf(stop <-chan struct{}, in <-chan int, out chan<- int) {
	for n := range in {
		out <- n
	}
}
func inc(n int) int { return n + 1 }
:source t ticker every=1ms
:stage deaf
:stage inc
:sink out count
:wire t -> deaf -> inc -> out buffer=2
:start
:wait out.in >= 1
func deaf(stop <-chan struct{}, in <-chan int, out chan<- int) {
	for n := range in {
		out <- n * 1
	}
}
func inc(n int) int { return n + 2 }
:expect deaf.version == 1
:expect inc.version == 2
:wait out.in >= 50
:stop
:expect leaks == 0
`
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{`stage "deaf" did not move to the new definitions: its v1 did not return`,
		"blocked in:", "deaf stays on v1, which keeps running", ":stop closes its input, which ends the loop (or :stop now); the next :start runs the current code"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "swapped inc to v2") || strings.Contains(out, "deaf to v2") {
		t.Errorf("stdout:\n%s", out)
	}
}

// v1, v2, then :rollback: v3 behaves as v1 and :versions shows three
// lines, the last a rollback of v1.
func TestRollback(t *testing.T) {
	tests := []struct {
		name  string
		stage string // how the stage is added
	}{
		{name: "a plain stage rolls back", stage: ":stage f\n"},
		{name: "a loop stage rolls back", stage: ":stage f fn=loop\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `func helper(n int) int { return n * 10 }
func f(n int) int { return helper(n) }
func loop(stop <-chan struct{}, in <-chan int, out chan<- int) {
	for {
		select {
		case <-stop:
			return
		case n, ok := <-in:
			if !ok {
				return
			}
			out <- f(n)
		}
	}
}
:source t ticker every=1ms limit=30
` + tt.stage + `:sink out print
:wire t -> f -> out
:start
:wait out.in >= 1
:pause f
func helper(n int) int { return n * 1000 }
:rollback f
:expect f.version == 3
:resume f
:wait out.in == 30
:stop
:versions f
f(7)
:rollback f v9
`
			code, out, errs := runText(t, Piped, src)
			if code != 1 || !strings.Contains(errs, "f has no version v9 before its current v3") {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
			}
			for _, want := range []string{"f is at v3, a rollback of v1", "out: 300\n", "out: 10\n", "70\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			lines := regexpLines(out, `(?m)^v\d+ +live since`)
			if len(lines) != 3 || !strings.Contains(lines[2], "rollback of v1") {
				t.Errorf(":versions lines %q", lines)
			}
			if regexp.MustCompile(`out: \d+000\n`).MatchString(out) {
				t.Errorf("v3 did not behave as v1:\n%s", out)
			}
		})
	}
}

// regexpLines returns the matches of the regexp re in s.
func regexpLines(s, re string) []string {
	var lines []string
	for _, m := range regexp.MustCompile(re+`.*`).FindAllString(s, -1) {
		lines = append(lines, m)
	}
	return lines
}

// A loop that ranges over its input and sends in a select on stop gets
// every message: its stop is not closed when its input closes (rule 3).
func TestARangeLoopGetsEveryMessage(t *testing.T) {
	src := `func gen(stop <-chan struct{}, out chan<- int) {
	for i := 1; i <= 50; i++ {
		select {
		case out <- i:
		case <-stop:
			return
		}
	}
}
func pass(stop <-chan struct{}, in <-chan int, out chan<- int) {
	for n := range in {
		select {
		case out <- n:
		case <-stop:
			return
		}
	}
}
:source src fn=gen
:stage pass
:sink out count
:wire src -> pass -> out
`
	for range 20 {
		code, out, errs := runText(t, Script, src+":start\n:wait out.in == 50\n:stop\n"+
			":expect pass.in == 50\n:expect leaks == 0\n")
		if code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
		}
	}
}
