package console

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// BenchmarkStartToPrompt runs the pipeconsole binary (built by TestMain)
// on a fresh pseudo-terminal and measures the time from starting the
// process to the first prompt on the terminal; then it types :quit. It
// reports the median and the 90th percentile. There is no reference to
// interleave: the figure stands alone.
func BenchmarkStartToPrompt(b *testing.B) {
	var took []time.Duration
	for b.Loop() {
		took = append(took, startToPrompt(b))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1000, "p90-ms")
}

func startToPrompt(b *testing.B) time.Duration {
	ptmx, tty, err := pty.Open()
	if err != nil {
		b.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	cmd := exec.Command(binary)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	cmd.Env = append(os.Environ(), "PIPECONSOLE_HISTORY=", "NO_COLOR=1", "TERM=xterm")

	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var seen []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(seen, []byte("pc> ")) {
		n, err := ptmx.Read(buf)
		if err != nil {
			b.Fatalf("read: %v after %q", err, seen)
		}
		seen = append(seen, buf[:n]...)
	}
	took := time.Since(start)

	if _, err := ptmx.Write([]byte(":quit\r")); err != nil {
		b.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	go func() { // drain the terminal until the process has gone
		for {
			if _, err := ptmx.Read(buf); err != nil {
				return
			}
		}
	}()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
		b.Fatal(":quit did not end the process")
	}
	return took
}
