package console

import (
	"os"
	"os/exec"
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

// expect waits for want in the output after what was seen so far.
func (s *session) expect(want string) {
	s.t.Helper()
	waitFor(s.t, &s.out, want)
}

// wait waits for the process to end and returns its exit code.
func (s *session) wait() int {
	s.t.Helper()
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	case <-time.After(10 * time.Second):
		// Ask every process of the session for its goroutines (SIGQUIT
		// prints them to the tty) before failing.
		unix.Kill(-s.cmd.Process.Pid, unix.SIGQUIT)
		time.Sleep(time.Second)
		s.t.Fatalf("pipeconsole did not exit; output:\n%s", s.out.String())
	}
	return -1
}

// echoOn reports whether the terminal echoes and is line-buffered (cooked).
func (s *session) echoOn() bool {
	tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
	if err != nil {
		s.t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0 && tio.Lflag&unix.ICANON != 0
}
