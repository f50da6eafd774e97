package console

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

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
	return w.m.Run()
}

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(withBinary{m})
}
