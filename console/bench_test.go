package console

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// tagWriter signals when a line containing the awaited tag is written.
type tagWriter struct {
	mu   sync.Mutex
	want []byte
	seen chan struct{}
}

func (w *tagWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.want != nil && bytes.Contains(p, w.want) {
		w.want = nil
		close(w.seen)
	}
	return len(p), nil
}

// await arms the writer for tag and returns the channel it closes.
func (w *tagWriter) await(tag string) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.want, w.seen = []byte(tag), make(chan struct{})
	return w.seen
}

// benchConsole runs a console on a pipe whose print sink out shows what
// the stage up returns; it returns the input and a func that ends it.
func benchConsole(b *testing.B, w *tagWriter) (io.Writer, func()) {
	r, in := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(context.Background(), Config{Mode: Piped, In: r, Out: w, Err: os.Stderr, NoColor: true})
	}()
	return in, func() { in.Close(); <-done }
}

// program returns a file of lines lines: helpers, and up tagged tag.
func program(lines int, tag string) string {
	var s strings.Builder
	s.WriteString("package p\n\n")
	for i := 0; i < max(1, (lines-8)/4); i++ {
		fmt.Fprintf(&s, "func helper%d(n int) int {\n\treturn n + %d\n}\n\n", i, i)
	}
	fmt.Fprintf(&s, "func up(n int) string {\n\treturn fmt.Sprint(%q, helper0(n))\n}\n", tag)
	return s.String()
}

// BenchmarkReload measures the time from a change (an input evaluated, or
// a watched file written) to the first message handled by the new
// version, as the print sink shows it. A save includes the watcher's
// 50ms debounce. The ticker feeds a message every 100µs, which bounds
// the wait for the next message (on this machine's virtual CPUs a Go
// timer fires 0.5-1 ms late, so the ticker ticks about every 0.7 ms).
// Changes come 20 ms apart; the metric counts none of that gap.
func BenchmarkReload(b *testing.B) {
	for _, size := range []int{8, 500} {
		for _, via := range []string{"eval", "save"} {
			b.Run(fmt.Sprintf("%s/%d-line-program", via, size), func(b *testing.B) {
				dir := b.TempDir()
				f := filepath.Join(dir, "p.go")
				os.WriteFile(f, []byte(program(size, "v0:")), 0o644)
				w := &tagWriter{}
				in, end := benchConsole(b, w)
				defer end()
				seen := w.await(`"v0:`)
				fmt.Fprintf(in, "import \"fmt\"\n:watch %s\n:source t ticker every=100us\n"+
					":stage up\n:sink out print\n:wire t -> up -> out\n:start\n", f)
				<-seen

				var total time.Duration
				for i := 1; b.Loop(); i++ {
					tag := fmt.Sprintf("v%d:", i)
					seen := w.await(`"` + tag)
					start := time.Now()
					if via == "eval" {
						fmt.Fprintf(in, "func up(n int) string { return fmt.Sprint(%q, helper0(n)) }\n", tag)
					} else {
						os.WriteFile(f, []byte(program(size, tag)), 0o644)
					}
					<-seen
					total += time.Since(start)

					// A person changes code more than a few ms apart: leave
					// the session that time (not counted) to make its spare
					// interpreter, as it does between typed inputs.
					time.Sleep(20 * time.Millisecond)
				}
				b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs-to-first-message")
			})
		}
	}
}

// BenchmarkReloadMemory redefines a stage function 10,000 times while the
// graph runs and reports the live heap it grew by: old generations must
// be freed. It takes about half a minute per iteration.
func BenchmarkReloadMemory(b *testing.B) {
	const n = 10000
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) / (1 << 20)
	}
	for b.Loop() {
		w := &tagWriter{}
		in, end := benchConsole(b, w)
		seen := w.await(`"v0:`)
		fmt.Fprint(in, "import \"fmt\"\nfunc up(n int) string { return fmt.Sprint(\"v0:\", n) }\n"+
			":source t ticker every=1ms\n:stage up\n:sink seen print\n"+
			":wire t -> up -> seen\n:start\n")
		<-seen
		before := heap()
		for i := 1; i <= n; i++ {
			if i == n {
				seen = w.await(fmt.Sprintf(`"v%d:`, i))
			}
			fmt.Fprintf(in, "func up(n int) string { return fmt.Sprint(\"v%d:\", n) }\n", i)
		}
		<-seen
		after := heap()
		end()
		b.ReportMetric(after-before, "MiB-heap-growth")
		b.ReportMetric(after, "MiB-heap-after")
	}
}
