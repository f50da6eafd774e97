package console

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// closeChildEnv makes the test binary run closeReadingAhead and exit.
const closeChildEnv = "PIPECONSOLE_TEST_CLOSE_CHILD"

// Quitting never hangs, even when readline's key reader is in a read that
// no Readline call asked for (as after a NUL byte, before nulFilter: see
// TestCtrlDTypedAheadAndCtrlSpaceDoNothing). The terminal
// lives in a child process: readline's goroutines never end, and goleak
// would see them here.
func TestCloseEndsAKeyReaderReadingAhead(t *testing.T) {
	if os.Getenv(closeChildEnv) != "" {
		closeReadingAhead()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCloseEndsAKeyReaderReadingAhead$")
	cmd.Env = append(os.Environ(), closeChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "closed") {
		t.Fatalf("%v:\n%s", err, out)
	}
}

// closeReadingAhead sets a terminal's key reader reading with no Readline
// call, closes the terminal and exits 0 if that returns, 1 if it hangs.
func closeReadingAhead() {
	ptmx, tty, err := pty.Open()
	if err != nil {
		fmt.Println("no pty:", err)
		os.Exit(1)
	}
	go io.Copy(io.Discard, ptmx)
	tr, err := newTerminal(tty, tty, "")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	tr.rl.Terminal.KickRead() // the go-ahead no Readline call took
	for deadline := time.Now().Add(5 * time.Second); !tr.rl.Terminal.IsReading(); {
		if time.Now().After(deadline) {
			fmt.Println("the key reader never started reading")
			os.Exit(1)
		}
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { tr.close(); close(closed) }()
	select {
	case <-closed:
		fmt.Println("closed")
		os.Exit(0)
	case <-time.After(5 * time.Second):
		fmt.Println("close hung with the key reader in a read")
		os.Exit(1)
	}
}
