package interp

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkRedefine10000 redefines one function 10,000 times in one
// session and reports the growth of the live heap. The reference is yaegi
// alone, redefining in one interpreter, which keeps ~11 KiB per
// redefinition (about 112 MiB after 10,000; HAZARDS.md Y11, cited, not
// run). It takes about half a minute: run it with -benchtime 1x.
func BenchmarkRedefine10000(b *testing.B) {
	const n = 10000
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		s, _, _ := newTestSession(b, Options{})
		eval(b, s, "func f(n int) int { return n }")
		before := heap()
		for i := range n {
			eval(b, s, fmt.Sprintf("func f(n int) int { return n + %d }", i))
		}
		growth := float64(int64(heap())-int64(before)) / (1 << 20)
		b.ReportMetric(growth, "heap-growth-MiB")
		b.ReportMetric(112/max(growth, 0.01), "x-less-than-yaegi")
	}
}
