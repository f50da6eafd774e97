package console

import (
	"io"
	"sync/atomic"
)

// A Ctrl-C typed together with Enter (a fast typist, a paste, tmux
// send-keys "Enter C-c") reaches readline while the terminal is still raw:
// it is not a SIGINT but a byte in readline's buffer, read after the line
// it follows has been returned. Left there, it interrupts nothing while
// the line runs and clears the next prompt instead: a `for {}` sent that
// way spins until a second Ctrl-C. burstFilter takes such a Ctrl-C out of
// the input and hands it to the console, which interrupts the work the
// line starts, or, if the line starts none, treats it as a Ctrl-C at the
// next prompt.

const ctrlC = 0x03

// burstFilter reads from r and drops each run of Ctrl-C bytes that comes
// right after an Enter in one read, calling hit for it. A read of n > 0
// bytes keeps at least its first, so it never comes back empty.
type burstFilter struct {
	r   io.Reader
	hit func()
}

func (f burstFilter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	return dropCtrlCAfterEnter(p[:n], f.hit), err
}

// dropCtrlCAfterEnter removes from b, in place, the Ctrl-C bytes that
// follow an Enter ('\r' or '\n') directly, calls hit once for each such
// run, and returns the new length.
func dropCtrlCAfterEnter(b []byte, hit func()) int {
	out := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == ctrlC && out > 0 && (b[out-1] == '\r' || b[out-1] == '\n') {
			for i+1 < len(b) && b[i+1] == ctrlC {
				i++
			}
			hit()
			continue
		}
		b[out] = c
		out++
	}
	return out
}

// burstHook is where a terminal sends the Ctrl-Cs burstFilter took: set
// by the console once it exists.
type burstHook struct{ f atomic.Pointer[func()] }

func (h *burstHook) set(f func()) { h.f.Store(&f) }

func (h *burstHook) hit() {
	if f := h.f.Load(); f != nil {
		(*f)()
	}
}
