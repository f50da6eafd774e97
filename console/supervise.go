package console

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

// ChildEnv marks the process that runs the session under Supervise.
const ChildEnv = "PIPECONSOLE_CHILD"

// Supervise runs this program again, with args, as a child process that
// holds the session, and waits for it. It exists for Y8: a panic in a
// goroutine that interpreted code started kills the whole process, in raw
// mode, with no chance to restore the terminal. The parent saved the
// terminal state first; if the child dies abnormally (killed by a signal,
// or exit status 2 as after a panic) the parent restores that state and says
// so. The parent ignores SIGINT (the child, in the same foreground process
// group, gets Ctrl-C itself), forwards SIGTERM and SIGHUP, and passes
// nothing else: the child uses the terminal directly. It returns the exit
// code to exit with.
func Supervise(args []string) int {
	saved, err := term.GetState(int(os.Stdin.Fd()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "pipeconsole: %v\n", err)
		return ExitFailed
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pipeconsole: %v\n", err)
		return ExitFailed
	}

	// The child: same arguments, same terminal, marked by ChildEnv.
	cmd := exec.Command(self, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	signal.Ignore(os.Interrupt)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "pipeconsole: %v\n", err)
		return ExitFailed
	}

	// Forward the signals that end a session, until the child is gone.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	signal.Stop(sigs)

	// An abnormal end: restore the terminal the child left behind.
	code, crashed := exitCode(cmd, err)
	if crashed {
		term.Restore(int(os.Stdin.Fd()), saved)
		fmt.Fprintf(os.Stderr, "\npipeconsole: the session crashed (%v); terminal restored\n", err)
	}
	return code
}

// exitCode returns the code to exit with and whether the child crashed.
func exitCode(cmd *exec.Cmd, err error) (int, bool) {
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return ExitFailed, true
	}
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ok && ws.Signaled() {
		return 128 + int(ws.Signal()), true
	}
	code := cmd.ProcessState.ExitCode()
	return code, code == ExitPanic
}
