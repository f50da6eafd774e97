package console

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// newTestConsole builds a console without its read loop, for tests that
// look at the graph between commands. Its graph is stopped at cleanup.
func newTestConsole(t *testing.T) (*Console, *syncBuffer) {
	t.Helper()
	var buf syncBuffer
	out := NewOutput(&buf)
	c, err := newConsole(Config{Mode: Piped, Name: "t.pcs", NoColor: true}, out, out,
		newPalette(false), newPalette(false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.graph.StopNow(context.Background())
		c.sess.Close()
	})
	return c, &buf
}

// do runs lines (commands or Go) and fails the test at the first error.
func do(t *testing.T, c *Console, lines ...string) string {
	t.Helper()
	var out []string
	for _, line := range lines {
		if strings.HasPrefix(line, ":") {
			s, err := c.runCommand(context.Background(), line)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			out = append(out, s)
			continue
		}
		if err := c.evalGo(context.Background(), "t.pcs", 1, line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	return strings.Join(out, "\n")
}

// until polls the graph's status until ok says yes (the test's own
// timeout bounds it).
func until(c *Console, ok func(stages.Status) bool) stages.Status {
	for {
		st := c.graph.Status()
		if ok(st) {
			return st
		}
		time.Sleep(time.Millisecond)
	}
}

func node(st stages.Status, name string) stages.NodeStatus {
	for _, n := range st.Nodes {
		if n.Name == name {
			return n
		}
	}
	return stages.NodeStatus{}
}

func edge(st stages.Status, from string) stages.EdgeStatus {
	for _, e := range st.Edges {
		if e.From == from {
			return e
		}
	}
	return stages.EdgeStatus{}
}

// A paused stage takes nothing: once the buffer before it is full and the
// one after it empty, the sink's count holds still; after :resume every
// message arrives.
func TestPauseHoldsAndLosesNothing(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, "func f(n int) int { return n }",
		":source t ticker every=1ms limit=100", ":stage f", ":sink out count",
		":wire t -> f -> out buffer=3", ":start")
	until(c, func(st stages.Status) bool { return node(st, "out").In >= 3 })

	if got := do(t, c, ":pause f"); got != "paused f (:resume to go on)" {
		t.Errorf(":pause said %q", got)
	}
	st := until(c, func(st stages.Status) bool {
		return node(st, "f").Paused && edge(st, "t").Len == 3 && edge(st, "f").Len == 0
	})
	held := node(st, "out").In
	for range 20 {
		if n := node(c.graph.Status(), "out").In; n != held {
			t.Fatalf("the sink took %d messages past a paused stage", n-held)
		}
		time.Sleep(time.Millisecond)
	}
	if s := do(t, c, ":status"); !strings.Contains(s, "paused: f") {
		t.Errorf(":status does not show the pause:\n%s", s)
	}

	do(t, c, ":resume")
	until(c, func(st stages.Status) bool { return node(st, "out").In == 100 })
	do(t, c, ":stop")
	st = c.graph.Status()
	if node(st, "t").Out != 100 || node(st, "f").In != 100 || node(st, "out").In != 100 {
		t.Errorf("counts t.out %d, f.in %d, out.in %d, want 100 each",
			node(st, "t").Out, node(st, "f").In, node(st, "out").In)
	}
}

// A start that fails part way leaves no goroutine behind and says what
// failed: a lines source whose file was removed after :source.
func TestAFailedStartLeavesNothing(t *testing.T) {
	c, _ := newTestConsole(t)
	path := filepath.Join(t.TempDir(), "gone.log")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, c, "func f(s string) string { return s }",
		":source ok ticker every=1h", ":sink s1 count", ":wire ok -> s1",
		":source in lines file="+path, ":stage f", ":sink s count", ":wire in -> f -> s")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}

	_, err := c.runCommand(context.Background(), ":start")
	if err == nil || !strings.Contains(err.Error(), `source "in"`) ||
		!strings.Contains(err.Error(), "gone.log: no such file or directory") {
		t.Fatalf(":start err = %v, want one naming source in and its file", err)
	}
	if c.graph.Running() {
		t.Fatal("the graph runs after a failed start")
	}
	do(t, c, ":expect leaks == 0")
	if s := do(t, c, ":goroutines"); strings.Contains(s, "stage") {
		t.Errorf(":goroutines shows stage goroutines:\n%s", s)
	}
}

// A reload's own pause (quiesce) must not resume a stage the user paused,
// even when the user's pause has not settled yet: f is busy in its message
// when :pause and the redefinition come one right after the other.
func TestARedefinitionRightAfterPauseKeepsThePause(t *testing.T) {
	src := `import "time"
func helper(n int) int { return n * 10 }
func f(n int) int { time.Sleep(5 * time.Millisecond); return helper(n) }
:source t ticker every=1ms
:stage f
:sink out count
:wire t -> f -> out buffer=4
:start
:wait out.in >= 2
:pause f
func helper(n int) int { return n * 1000 }
:sleep 50ms
:status
:sleep 100ms
:status
:stop now
`
	code, out, errs := runText(t, Script, src)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	counts := regexp.MustCompile(`\n\s+out\s+sink\s+\d+\s+\d+\s+(\d+)`).FindAllStringSubmatch(out, -1)
	if len(counts) != 2 {
		t.Fatalf("want two :status tables:\n%s", out)
	}
	if counts[0][1] != counts[1][1] {
		t.Errorf("messages went through the paused f: out.in %s then %s:\n%s",
			counts[0][1], counts[1][1], out)
	}
	if strings.Count(out, "paused: f") != 2 {
		t.Errorf(":status lost the pause:\n%s", out)
	}
}

// A stage busy in its function when a definition comes is waited for up
// to pauseWait; then the reload goes on, says so, and the stage, once its
// function returns, runs on.
func TestReloadWithABusyStage(t *testing.T) {
	c, buf := newTestConsole(t)
	c.pauseWait = 50 * time.Millisecond
	do(t, c, `import "time"`,
		"func slow(n int) int { time.Sleep(300 * time.Millisecond); return n }",
		"func other() int { return 1 }",
		":source t ticker every=1ms", ":stage slow", ":sink out print",
		":wire t -> slow -> out", ":start")
	until(c, func(st stages.Status) bool { return node(st, "slow").In >= 1 })

	do(t, c, "func other() int { return 2 }")
	want := "did not pause: slow (busy in its function); variables were carried while it ran"
	if !strings.Contains(buf.String(), want) {
		t.Fatalf("output lacks %q:\n%s", want, buf.String())
	}
	in := node(c.graph.Status(), "slow").In
	st := until(c, func(st stages.Status) bool { return node(st, "slow").In > in })
	if node(st, "slow").Paused {
		t.Error("slow stayed paused after the reload")
	}
}

// Ctrl-C reaches a reload hook that takes long, though the reload holds
// the console's lock while the hook runs.
func TestInterruptReachesAHook(t *testing.T) {
	c, buf := newTestConsole(t)
	do(t, c, `import "fmt"`, `import "time"`,
		`func BeforeReload() { fmt.Println("hook began"); time.Sleep(time.Second) }`)
	go func() {
		for !strings.Contains(buf.String(), "hook began") {
			time.Sleep(time.Millisecond)
		}
		c.interrupt()
	}()
	if err := c.evalGo(context.Background(), "t.pcs", 1, "func other() {}"); err != nil {
		t.Fatal(err)
	}
	if want := "BeforeReload was interrupted"; !strings.Contains(buf.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, buf.String())
	}
	time.Sleep(time.Second) // let the hook end before goleak looks
}

func TestStageWorkersMustBeOneOrMore(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, "func f(n int) int { return n }")
	for _, w := range []string{"0", "-1", "x"} {
		_, err := c.runCommand(context.Background(), ":stage f workers="+w)
		if want := "workers=" + w + ": want a whole number from 1 to 4096"; err == nil ||
			!strings.Contains(err.Error(), want) {
			t.Errorf("workers=%s: err = %v, want %q", w, err, want)
		}
	}
}

// A stage blocked sending to a node the user paused cannot pause: a reload
// says so, rather than calling it busy in its function.
func TestReloadWithAStageBlockedByAPausedSink(t *testing.T) {
	c, buf := newTestConsole(t)
	do(t, c, "func up(n int) int { return n }", "func other() int { return 1 }",
		":source t ticker every=1ms", ":stage up", ":sink out count",
		":wire t -> up -> out", ":start", ":wait out.in >= 1", ":pause out")
	until(c, func(st stages.Status) bool { return node(st, "out").Paused })
	// up takes a message that out, paused, does not take: it blocks sending.
	until(c, func(st stages.Status) bool { return node(st, "up").In > node(st, "out").In })

	do(t, c, "func other() int { return 2 }")
	want := "did not pause: up (blocked sending to out, which is paused)"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, buf.String())
	}
	do(t, c, ":resume out", ":stop")
}

func TestWatchOfAMissingDirectoryNamesIt(t *testing.T) {
	c, _ := newTestConsole(t)
	defer c.stopWatching()
	missing := filepath.Join(t.TempDir(), "gone", "f.go")
	_, err := c.runCommand(context.Background(), ":watch "+missing)
	want := missing + ": its directory " + filepath.Dir(missing) + " does not exist"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}

	// A directory that does not exist yet is refused too, not awaited as
	// a file (it was: creating it then loaded nothing).
	dir := filepath.Join(t.TempDir(), "later") + string(filepath.Separator)
	_, err = c.runCommand(context.Background(), ":watch "+dir)
	if want := dir + ": no such directory"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// A stage that comes after a busy one in the pause order is not called
// busy when it pauses at once.
func TestReloadNamesOnlyTheBusyStage(t *testing.T) {
	c, buf := newTestConsole(t)
	c.pauseWait = 50 * time.Millisecond
	do(t, c, `import "time"`,
		"func slow(n int) int { time.Sleep(300 * time.Millisecond); return n }",
		"func quick(n int) int { return n }", "func other() int { return 1 }",
		":source t ticker every=1ms", ":stage slow", ":stage quick", ":sink out count",
		":wire t -> slow -> quick -> out buffer=4", ":start")
	until(c, func(st stages.Status) bool { return node(st, "slow").In >= 1 })

	do(t, c, "func other() int { return 2 }")
	want := "did not pause: slow (busy in its function);"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, buf.String())
	}
	if strings.Contains(buf.String(), "quick (busy") {
		t.Errorf("the idle stage was called busy:\n%s", buf.String())
	}
}

// A file loaded and then deleted does not stop :reset for good.
func TestResetAfterAFileIsGone(t *testing.T) {
	c, _ := newTestConsole(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	os.WriteFile(a, []byte("package p\nfunc fa() int { return 1 }\n"), 0o644)
	os.WriteFile(b, []byte("package p\nfunc fb() int { return 2 }\n"), 0o644)
	do(t, c, ":load "+a, ":load "+b)
	os.Remove(b)
	out, err := c.runCommand(context.Background(), ":reset")
	if err != nil {
		t.Fatalf(":reset: %v", err)
	}
	if want := b + " is gone; what it defined stays until redefined"; !strings.Contains(out, want) {
		t.Errorf(":reset said %q, want %q", out, want)
	}
	if _, err := c.runCommand(context.Background(), ":reset"); err != nil {
		t.Errorf("second :reset: %v", err)
	}
}
