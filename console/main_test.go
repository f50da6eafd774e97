package console

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// binary is the pipeconsole command built for the terminal tests.
var binary string

// withBinary builds cmd/pipeconsole into a temporary directory around the
// tests. No goroutine is ignored by the leak check: the readline goroutines
// live in the binary's process, not in the test's.
type withBinary struct{ m *testing.M }

func (w withBinary) Run() int {
	dir, err := os.MkdirTemp("", "pipeconsole-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "pipeconsole")
	build := exec.Command("go", "build", "-o", binary, "../cmd/pipeconsole")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build pipeconsole: %v\n%s", err, out)
		return 1
	}
	code := w.m.Run()
	windDown()
	return code
}

// windDown gives evaluations that a test interrupted time to end before
// goleak looks (Y7: yaegi's EvalWithContext returns at once on cancel
// while its goroutine runs on until the interpreted code next looks; on a
// loaded machine that can outlast goleak's own retries). What is still
// running after 10 s is reported.
func windDown() {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		buf := make([]byte, 1<<20)
		if !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "EvalWithContext.func") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(withBinary{m})
}
