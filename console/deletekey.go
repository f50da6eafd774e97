package console

import (
	"bytes"
	"io"
	"sync/atomic"
)

// R6: readline maps the Delete key's escape sequence and Ctrl-D to the
// same rune, and takes either on an empty line as EOF, so Delete pressed
// on an empty prompt would quit. deleteFilter sits between the terminal
// and readline and drops the Delete key's sequence while the line is
// empty; on a line with text it passes it on and readline deletes the
// character under the cursor. Ctrl-D still ends input.
//
// It works at the byte level because readline's reader only reads on when
// told: a rune filtered out later, in readline's own rune filter, leaves
// its read-ahead control out of step (Ctrl-D was then ignored).

var deleteSeq = []byte("\x1b[3~")

// deleteFilter reads from r, dropping Delete key sequences that lead a
// read while the line is empty. Keys typed by hand come one read each; a
// Delete pasted after other text is passed on, as that text makes the line
// non-empty.
type deleteFilter struct {
	r    io.Reader
	line *lineWatch
}

func (f deleteFilter) Read(p []byte) (int, error) {
	for {
		n, err := f.r.Read(p)
		if n == 0 || f.line.length.Load() != 0 || !bytes.HasPrefix(p[:n], deleteSeq) {
			return n, err
		}
		rest := p[:n]
		for bytes.HasPrefix(rest, deleteSeq) {
			rest = rest[len(deleteSeq):]
		}
		if len(rest) > 0 || err != nil {
			return copy(p, rest), err
		}
		// Only Delete keys: read on rather than return an empty read.
	}
}

// lineWatch knows whether the line being edited is empty.
type lineWatch struct{ length atomic.Int32 }

// listen is readline's Listener: it sees the line after every key.
func (w *lineWatch) listen(line []rune, pos int, key rune) ([]rune, int, bool) {
	w.length.Store(int32(len(line)))
	return nil, 0, false
}
