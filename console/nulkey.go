package console

import (
	"bytes"
	"io"
)

// readline v1.5.1 takes a NUL byte on an empty line for the end of its
// input and its line editor then ends for good: every later Readline call
// waits for ever, and the session takes no key. NUL reaches it from two
// keys: Ctrl-Space (Ctrl-@) and a Ctrl-D typed while a line runs, when
// the terminal is not raw (Linux keeps the pending end-of-file as a NUL
// that raw mode then delivers). nulFilter drops NUL bytes: both keys do
// nothing; a Ctrl-D at the prompt still ends the input.

// nulFilter reads from r without the NUL bytes. A read that held only
// NULs reads again rather than return nothing, which readline's reader
// would take for a stalled input.
type nulFilter struct{ r io.Reader }

func (f nulFilter) Read(p []byte) (int, error) {
	for {
		n, err := f.r.Read(p)
		if bytes.IndexByte(p[:n], 0) < 0 {
			return n, err
		}
		kept := p[:0]
		for _, c := range p[:n] {
			if c != 0 {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 || err != nil {
			return len(kept), err
		}
	}
}
