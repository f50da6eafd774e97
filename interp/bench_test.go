package interp

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkRedefine measures an input that redefines one function, from
// Eval to the new generation's handler being ready.
func BenchmarkRedefine(b *testing.B) {
	s, _, _ := newTestSession(b, Options{})
	eval(b, s, `import "strings"`)
	eval(b, s, "func upper(s string) string { return strings.ToUpper(s) }")
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		src := fmt.Sprintf("func stage(s string) string { return upper(s) + %q }", fmt.Sprint(i))
		if _, err := s.Eval(ctx, Input{Name: "<stdin>", Line: 1, Src: src}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Current().Handler("stage"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedefineMemory redefines one function 2000 times and reports
// the live heap afterwards: old generations must be freed (Y11).
func BenchmarkRedefineMemory(b *testing.B) {
	for b.Loop() {
		s, _, _ := newTestSession(b, Options{})
		heap := func() uint64 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return m.HeapAlloc
		}
		// Both measures are taken with the next spare interpreter made
		// (5 ms after an input), so that the growth is what the
		// redefinitions left.
		eval(b, s, "func f(n int) int { return n }")
		time.Sleep(20 * time.Millisecond)
		before := heap()
		for i := range 2000 {
			eval(b, s, fmt.Sprintf("func f(n int) int { return n + %d }", i))
		}
		time.Sleep(20 * time.Millisecond)
		after := heap()
		b.ReportMetric(float64(int64(after)-int64(before))/1024, "heap-growth-KiB")
		b.ReportMetric(float64(after)/(1<<20), "heap-MiB")
	}
}

func benchHandler(b *testing.B, decl, fn string, msg any) {
	s, _, _ := newTestSession(b, Options{})
	eval(b, s, decl)
	h := mustHandler(b, s.Current(), fn)
	for b.Loop() {
		if _, _, err := h(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHandlerFast(b *testing.B) {
	benchHandler(b, "func up(s string) string { return s + \"!\" }", "up", "a")
}

func BenchmarkHandlerReflect(b *testing.B) {
	// A named string type has no fast path.
	benchHandler(b, "type S string\nfunc up(s S) S { return s + \"!\" }", "up", "a")
}
