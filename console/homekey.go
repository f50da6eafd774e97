package console

import (
	"bytes"
	"io"
)

// readline v1.5.1 knows Home and End only as ESC [ H and ESC [ F. tmux,
// screen and the Linux console send ESC [ 1 ~ and ESC [ 4 ~ (rxvt: 7 ~
// and 8 ~), which it ignores. homeEndFilter rewrites those to the forms
// readline knows. A key typed by hand comes in one read, so a sequence is
// never split between two.

var homeEndKeys = []struct{ from, to []byte }{
	{[]byte("\x1b[1~"), []byte("\x1b[H")},
	{[]byte("\x1b[7~"), []byte("\x1b[H")},
	{[]byte("\x1b[4~"), []byte("\x1b[F")},
	{[]byte("\x1b[8~"), []byte("\x1b[F")},
}

// homeEndFilter reads from r, rewriting Home and End sequences in place
// (each gets shorter).
type homeEndFilter struct{ r io.Reader }

func (f homeEndFilter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if bytes.IndexByte(p[:n], 0x1b) < 0 {
		return n, err
	}
	b := p[:n]
	for _, k := range homeEndKeys {
		for i := bytes.Index(b, k.from); i >= 0; i = bytes.Index(b, k.from) {
			copy(b[i:], k.to)
			b = append(b[:i+len(k.to)], b[i+len(k.from):]...)
		}
	}
	return len(b), err
}
