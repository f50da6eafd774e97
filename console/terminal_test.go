package console

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const flowing = "func inc(n int) int { return n + 1 }\n"

// startFlowing starts a graph tick -> inc -> c on s.
func startFlowing(s *session, sink string) {
	s.line(flowing)
	s.expect("defined inc")
	for _, l := range []string{":source t ticker every=20ms", ":stage inc", ":sink c " + sink,
		":wire t -> inc -> c", ":start"} {
		s.line(l)
	}
	s.expect("started run 1")
}

// waitRows waits until the output holds n status rows for c.
func (s *session) waitRows(n int) {
	s.t.Helper()
	row := regexp.MustCompile(`\bc\s+sink\s+\d+\s+\d+\s+\d+`)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if len(row.FindAllString(s.out.String(), -1)) >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("fewer than %d status rows in:\n%s", n, s.out.String())
}

// countIn reads c's IN from the last :status in the output.
func countIn(t *testing.T, out string) int {
	m := regexp.MustCompile(`\bc\s+sink\s+\d+\s+\d+\s+(\d+)`).FindAllStringSubmatch(out, -1)
	if len(m) == 0 {
		t.Fatalf("no status row for c in:\n%s", out)
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

func TestCtrlCDuringAnEvaluationInterruptsOnlyIt(t *testing.T) {
	s := startSession(t)
	startFlowing(s, "count")
	s.line(":wait c.in >= 3")

	s.line("for {}")
	time.Sleep(300 * time.Millisecond)
	s.send("\x03")
	s.expect("interrupted")

	s.line(":status")
	s.waitRows(1)
	before := countIn(t, s.out.String())
	s.line(":sleep 300ms")
	s.line(":status")
	s.waitRows(2)
	if after := countIn(t, s.out.String()); after <= before {
		t.Fatalf("the count stopped after Ctrl-C: %d then %d", before, after)
	}
	s.line(":quit")
	if code := s.wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestEOFWhileAGraphRunsAsksForConfirmation(t *testing.T) {
	s := startSession(t)
	startFlowing(s, "count")
	s.send("\x04")
	s.expect("graph is running: Ctrl-D again (or :quit) stops it and quits")

	s.line("6 * 7")
	s.expect("42")
	s.send("\x04")
	s.expect("graph is running") // a line in between disarms the first EOF
	s.send("\x04")
	s.expect("stopped gracefully")
	if code := s.wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if !s.echoOn() {
		t.Error("terminal left without echo after EOF")
	}
}

// A Ctrl-D typed while a line runs, when the terminal is not raw, reaches
// readline as a NUL byte (Linux keeps the pending end-of-file so), and
// Ctrl-Space sends one at the prompt. readline's editor ended for good on
// it: with a graph running, the session then took no key; without one,
// quitting waited for ever. The NUL is dropped: the key does nothing.
func TestCtrlDTypedAheadAndCtrlSpaceDoNothing(t *testing.T) {
	for _, graph := range []bool{false, true} {
		t.Run(fmt.Sprintf("graph=%v", graph), func(t *testing.T) {
			s := startSession(t)
			if graph {
				startFlowing(s, "count")
			}
			s.line(":sleep 500ms")
			time.Sleep(200 * time.Millisecond)
			s.send("\x04") // typed ahead, while :sleep runs
			time.Sleep(500 * time.Millisecond)
			s.send("\x00") // Ctrl-Space at the prompt
			s.line("6 * 7")
			s.expect("42")
			s.line(":quit")
			if code := s.wait(); code != 0 {
				t.Errorf("exit %d", code)
			}
			if !s.echoOn() {
				t.Error("terminal left without echo")
			}
		})
	}
}

func TestCtrlCAtThePromptDropsPendingInput(t *testing.T) {
	s := startSession(t)
	s.line("func f() {")
	s.expect("... ")
	s.send("\x03")
	s.line("1 + 2")
	s.expect("3")
	s.line(":quit")
	s.wait()
	if strings.Contains(s.out.String(), "error") || strings.Contains(s.out.String(), "expected") {
		t.Errorf("pending input survived Ctrl-C:\n%s", s.out.String())
	}
}

// R2: output arriving while a line is half typed keeps the line whole and
// redraws it after the output.
func TestAsyncOutputLeavesTheTypedLineIntact(t *testing.T) {
	s := startSession(t)
	startFlowing(s, "print")
	s.expect("c: 2")
	s.send(`x := "hel`)
	time.Sleep(200 * time.Millisecond) // several sink lines arrive meanwhile
	s.send("lo\"\r")
	s.expect("defined x")
	s.line("x + \"!\"")
	s.expect("hello!")

	// After a sink line the prompt and the half-typed text were redrawn.
	if !regexp.MustCompile(`c: \d+\r?\n[^\n]*pc> x := "hel`).MatchString(s.out.String()) {
		t.Errorf("the half-typed line was not redrawn after async output:\n%q", s.out.String())
	}
	s.line(":quit")
	s.wait()
}

func TestTerminalIsRestoredOnEveryExit(t *testing.T) {
	tests := []struct {
		name  string
		do    func(s *session)
		code  int
		shows string
	}{
		{name: "after :quit with a running graph", code: 0, shows: "stopped gracefully",
			do: func(s *session) { startFlowing(s, "count"); s.line(":quit") }},
		{name: "after SIGTERM at the prompt, without hanging (R1)", code: 1,
			do: func(s *session) { time.Sleep(100 * time.Millisecond); s.cmd.Process.Signal(syscall.SIGTERM) }},
		{name: "after a panic in a goroutine of user code, which it survives (Y8)", code: 0,
			shows: "stopped gracefully",
			do: func(s *session) {
				startFlowing(s, "count")
				s.line(`go func() { panic("boom") }()`)
				s.expect(`panic in a goroutine started at the prompt: "boom"`)
				s.line(":wait c.in >= 2")
				s.line(":quit")
			}},
		{name: "after the session process is killed (a crash Go cannot recover)", code: 128 + 9,
			shows: "the session crashed",
			do: func(s *session) {
				startFlowing(s, "count")
				killChild(s.t, s.cmd.Process.Pid)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startSession(t)
			tt.do(s)
			if code := s.wait(); code != tt.code {
				t.Errorf("exit %d, want %d; output:\n%s", code, tt.code, s.out.String())
			}
			if tt.shows != "" {
				s.expect(tt.shows)
			}
			if !s.echoOn() {
				t.Error("terminal left without echo")
			}
		})
	}
}

// killChild kills the session process that the supervisor parent runs.
func killChild(t *testing.T, parent int) {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: the comm may hold spaces.
		fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(parent) {
			pid, _ := strconv.Atoi(strings.Fields(string(data))[0])
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no child process of %d", parent)
}

// R9: a multi-line definition comes back from history as one entry.
func TestMultiLineDefinitionComesBackFromHistoryWhole(t *testing.T) {
	hist := t.TempDir() + "/history"
	s := startSession(t, "PIPECONSOLE_HISTORY="+hist)
	s.line("func twice(n int) int {")
	s.line("\treturn n * 2 // doubled")
	s.line("}")
	s.expect("defined twice")
	s.line(":quit")
	s.wait()

	data, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	want := "func twice(n int) int { return n * 2 /* doubled */; }"
	if !strings.Contains(string(data), want+"\n") {
		t.Fatalf("history file:\n%s\nwant the line %q", data, want)
	}

	s = startSession(t, "PIPECONSOLE_HISTORY="+hist)
	s.send("\x1b[A\x1b[A") // above the :quit
	time.Sleep(50 * time.Millisecond)
	s.send("\r")
	s.expect("defined twice")
	s.line("twice(21)")
	s.expect("42")
	s.line(":quit")
	s.wait()
}

// The census counts readline's goroutines and the read loop as the
// console's own, before and after Go was evaluated at the prompt.
func TestGoroutinesNameTheConsoleInATerminal(t *testing.T) {
	s := startSession(t)
	s.line("1 + 1")
	s.expect("2")
	s.line(":goroutines")
	s.expect("goroutines:")
	s.line(":quit")
	s.wait()
	if !regexp.MustCompile(`\n\s*console\s+\d+`).MatchString(s.out.String()) {
		t.Errorf("no console line in :goroutines:\n%s", s.out.String())
	}
	if regexp.MustCompile(`\n\s*prompt\s+\d+`).MatchString(s.out.String()) {
		t.Errorf("idle goroutines counted as the prompt's:\n%s", s.out.String())
	}
}

// R6: Delete on an empty line does nothing (readline alone takes it as
// EOF and the session would end); on a line it deletes the character
// under the cursor; Ctrl-D still ends the session.
func TestDeleteOnAnEmptyLineDoesNotQuit(t *testing.T) {
	s := startSession(t)
	s.send("\x1b[3~")
	time.Sleep(100 * time.Millisecond) // one key per read, as typed
	s.line("1 + 1")
	s.expect("2")
	for _, key := range []string{"12+3", "\x1b[D", "\x1b[D", "\x1b[3~"} { // Delete the "+"
		s.send(key)
		time.Sleep(50 * time.Millisecond)
	}
	s.send("\r")
	s.expect("123")
	time.Sleep(100 * time.Millisecond)
	s.send("\x04")
	if code := s.wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// A Ctrl-C typed together with Enter (one write: the terminal is still raw
// when both arrive) interrupts the line it ends; after an unfinished
// definition it drops that input, as a Ctrl-C at the prompt does.
func TestCtrlCWithEnterInterruptsThatLine(t *testing.T) {
	s := startSession(t)
	for range 3 {
		s.send("for {}\r\x03")
		s.expect("interrupted")
		// Keys sent before readline has the terminal raw again are the
		// terminal's: Ctrl-C is then a SIGINT between two inputs.
		s.expect("pc> ")
		time.Sleep(50 * time.Millisecond)
	}
	s.send("func f() {\r\x03")
	s.line("1 + 2")
	s.expect("3")
	s.line(":quit")
	if code := s.wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if strings.Contains(s.out.String(), "expected") {
		t.Errorf("the unfinished definition survived Ctrl-C:\n%s", s.out.String())
	}
}

// Quitting with a graph that does not drain says that it waits, and
// Ctrl-C ends that wait as it does for :stop.
func TestCtrlCCutsShortTheStopAtQuit(t *testing.T) {
	s := startSession(t)
	s.line("func hang(n int) int { select {} }")
	s.expect("defined hang")
	for _, l := range []string{":source t ticker every=20ms", ":stage hang", ":sink c count",
		":wire t -> hang -> c", ":start"} {
		s.line(l)
	}
	s.expect("started run 1")
	s.line(":wait hang.in >= 1")
	s.line(":quit")
	s.expect("stopping: the graph is still draining; waiting up to 5s (Ctrl-C stops it at once)")
	s.send("\x03")
	s.expect("graceful stop cut short by Ctrl-C")
	s.expect("still alive: hang")
	s.wait()
}

// Ctrl-D under "... " neither quits nor drops the unfinished input.
func TestCtrlDOnAContinuationLineKeepsTheInput(t *testing.T) {
	s := startSession(t)
	s.line("func f() int {")
	s.expect("... ")
	s.send("\x04")
	s.expect("unfinished Go input (from line 1) kept: finish it, or Ctrl-C drops it")
	s.line("return 42 }")
	s.expect("defined f")
	s.line("f()")
	s.expect("42")
	s.line(":quit")
	if code := s.wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// Home and End as tmux and the Linux console send them move the cursor.
func TestHomeAndEndKeysAsTmuxSendsThem(t *testing.T) {
	s := startSession(t)
	for _, k := range []string{`"b"`, "\x1b[1~", `"a" + `, "\x1b[4~", ` + "c"`} {
		s.send(k)
		time.Sleep(30 * time.Millisecond) // one read per key, as typed
	}
	s.send("\r")
	s.expect(`"abc"`)
	s.line(":quit")
	s.wait()
}
