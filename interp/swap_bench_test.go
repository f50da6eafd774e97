package interp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// BenchmarkSwapLatency measures a redefinition while messages flow: from
// the call of Eval (or LoadSource) to the first message handled by the new
// version reaching the sink. The graph is source -> stage -> sink with a
// source sending one message every 50µs; Options.Adopt fetches the new
// handler and swaps it in, as the console does (without its pause and type
// checks). Definitions come 20ms apart (not counted), as typed ones do,
// which leaves the session the time to make its spare interpreter. The
// reference, rebuilding and restarting a program that links
// yaegi, is not run here: it is cited (1.34 s + 15 ms, /work/shared
// HAZARDS.md, measured on this machine).
//
//   - one-func: the program is one function, redefined;
//   - file-500-lines: a 500-line file of 60 functions is loaded again with
//     the stage's function changed.
func BenchmarkSwapLatency(b *testing.B) {
	b.Run("one-func", func(b *testing.B) {
		benchSwap(b, func(s *Session, v int) error {
			_, err := s.Eval(context.Background(), Input{Name: "<stdin>", Line: 1, Src: stageSrc(v)})
			return err
		})
	})
	b.Run("file-500-lines", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "big.go")
		benchSwap(b, func(s *Session, v int) error {
			src := bigFile(v)
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				return err
			}
			_, err := s.LoadSource(context.Background(), path, []byte(src))
			return err
		})
	})
}

// stageSrc is a stage that marks each message with its version v.
func stageSrc(v int) string {
	return fmt.Sprintf("func stage(n int) int { return n*1000 + %d }", v)
}

// bigFile is a 500-line file: 60 helper functions and the stage.
func bigFile(v int) string {
	var sb strings.Builder
	sb.WriteString("package main\n\nimport \"strings\"\n\n")
	for i := range 60 {
		fmt.Fprintf(&sb, "// helper%d is filler.\nfunc helper%d(s string) string {\n", i, i)
		fmt.Fprintf(&sb, "\tif len(s) > %d {\n\t\treturn strings.ToUpper(s)\n\t}\n", i)
		sb.WriteString("\treturn s + \"x\"\n}\n\n")
	}
	for sb.Len() > 0 && strings.Count(sb.String(), "\n") < 497 {
		sb.WriteString("// filler\n")
	}
	sb.WriteString(stageSrc(v) + "\n")
	return sb.String()
}

func benchSwap(b *testing.B, define func(s *Session, v int) error) {
	var g *stages.Graph
	adopt := func(_ context.Context, next *Generation, _ []string) error {
		h, _, err := next.Handler("stage")
		if err != nil {
			return err
		}
		if g != nil && g.Running() {
			_, err = g.Swap("stage", h, true)
		}
		return err
	}
	s, _, _ := newTestSession(b, Options{Adopt: adopt})
	if err := define(s, 1); err != nil {
		b.Fatal(err)
	}
	h := mustHandler(b, s.Current(), "stage")

	// The sink signals the first message of version want on hit: the
	// benchmark waits on a channel, not on a timer (see paced).
	var want atomic.Int64
	hit := make(chan struct{}, 1)
	sink := func(msg any) error {
		if int64(msg.(int)%1000) == want.Load() {
			want.Store(-1)
			hit <- struct{}{}
		}
		return nil
	}
	g = stages.New(stages.Options{})
	for _, err := range []error{
		g.AddSource("src", paced(50*time.Microsecond)), g.AddStage("stage", h, 1),
		g.AddSink("sink", sink), g.Wire("src", "stage", 0), g.Wire("stage", "sink", 0),
	} {
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := g.Start(); err != nil {
		b.Fatal(err)
	}
	defer g.StopNow(context.Background())

	var lat []time.Duration
	for v := 2; b.Loop(); v = v%900 + 2 {
		want.Store(int64(v))
		start := time.Now()
		if err := define(s, v); err != nil {
			b.Fatal(err)
		}
		<-hit
		lat = append(lat, time.Since(start))

		// A person types the next definition later than a few ms:
		// leave the session that time (not counted) to make its spare.
		time.Sleep(20 * time.Millisecond)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "p90-ms")
	b.ReportMetric(1340/(float64(lat[len(lat)/2].Microseconds())/1000), "x-faster-than-rebuild")
}

// paced sends 0, 1, 2, ... one every d until stop. It waits by yielding
// and looking at the clock, not with a time.Ticker: timers on this kind of
// virtual machine fire late (a 50µs ticker ticks every 0.7 ms or so), and
// a real source is woken by its transport, not by a timer.
func paced(d time.Duration) stages.SourceFunc {
	return func(stop <-chan struct{}, out chan<- any) error {
		next := time.Now()
		for i := 0; ; i++ {
			next = next.Add(d)
			for time.Now().Before(next) {
				select {
				case <-stop:
					return nil
				default:
				}
				runtime.Gosched()
			}
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
	}
}
