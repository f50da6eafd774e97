package console

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// session is pipeconsole running on a pseudo-terminal, as a user sees it.
type session struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File // the user's side
	tty  *os.File // the program's terminal, kept open to read its modes
	out  syncBuffer
	seen int // how much of out earlier expects matched
	done chan error
}

// startSession runs the binary on a fresh pty with extra environment.
func startSession(t *testing.T, env ...string) *session {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 200})
	s := &session{t: t, ptmx: ptmx, tty: tty, done: make(chan error, 1)}
	s.cmd = exec.Command(binary)
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
	s.cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	s.cmd.Env = append(os.Environ(), append([]string{"PIPECONSOLE_HISTORY=", "NO_COLOR=1",
		"TERM=xterm"}, env...)...)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			s.out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		// The whole session: the supervisor and the session process it
		// started, which holds the tty too (ptmx.Read ends only then).
		unix.Kill(-s.cmd.Process.Pid, unix.SIGKILL)
		s.cmd.Process.Kill()
		tty.Close()
		ptmx.Close()
		<-readDone
	})
	s.expect("pc> ")
	return s
}

// send types keys.
func (s *session) send(keys string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(keys)); err != nil {
		s.t.Fatal(err)
	}
}

// line types a line and Enter, pausing so that readline takes it alone.
func (s *session) line(text string) {
	s.send(text + "\r")
	time.Sleep(30 * time.Millisecond)
}

// expect waits for want in the output after what earlier expects matched,
// and moves past it: the same text printed twice takes two expects.
func (s *session) expect(want string) {
	s.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		out := s.out.String()
		if i := strings.Index(out[s.seen:], want); i >= 0 {
			s.seen += i + len(want)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.t.Fatalf("no %q after what was matched so far, in:\n%s\n(matched so far: %d bytes)",
		want, s.out.String(), s.seen)
}

// wait waits for the process to end and returns its exit code.
func (s *session) wait() int {
	s.t.Helper()
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	case <-time.After(10 * time.Second):
		// Ask the session process (the supervisor's child) for its
		// goroutines: SIGQUIT prints them to the tty. The summary comes
		// first, so that a log cut short still shows where it waits.
		before := len(s.out.String())
		for _, pid := range childrenOf(s.cmd.Process.Pid) {
			unix.Kill(pid, unix.SIGQUIT)
		}
		time.Sleep(time.Second)
		out := s.out.String()
		s.t.Fatalf("pipeconsole did not exit; its goroutines:\n%s\noutput:\n%s",
			summariseDump(out[before:]), out)
	}
	return -1
}

// childrenOf returns the pids whose parent is pid.
func childrenOf(pid int) []int {
	var kids []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			if k, err := strconv.Atoi(filepath.Base(filepath.Dir(p))); err == nil {
				kids = append(kids, k)
			}
		}
	}
	return kids
}

// summariseDump keeps, of a goroutine dump, the goroutines with a frame
// outside the runtime: each one's header and its calls, without arguments,
// files or registers.
func summariseDump(dump string) string {
	var b, g strings.Builder
	ours := false
	flush := func() {
		if ours {
			b.WriteString(g.String())
		}
		g.Reset()
		ours = false
	}
	for _, l := range strings.Split(strings.ReplaceAll(dump, "\r", ""), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "goroutine "):
			flush()
			g.WriteString(l + "\n")
		case strings.HasPrefix(l, "created by "):
			g.WriteString("    " + l + "\n")
		case !strings.HasPrefix(l, "/") && strings.HasSuffix(l, ")") && strings.Contains(l, "("):
			// a call: cut its arguments (methods hold "(" in their name).
			call := l[:strings.LastIndex(l, "(")]
			ours = ours || !strings.HasPrefix(call, "runtime.") && !strings.HasPrefix(call, "internal/")
			g.WriteString("    " + call + "\n")
		}
	}
	flush()
	return b.String()
}

// echoOn reports whether the terminal echoes and is line-buffered (cooked).
func (s *session) echoOn() bool {
	tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
	if err != nil {
		s.t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0 && tio.Lflag&unix.ICANON != 0
}
