package console

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/pipeconsole/pipeconsole/interp"
)

// sourceError is an error in the user's Go shown with its place, the line
// of the user's input and a caret under the column:
//
//	<stdin>:2:9: undefined: helpr
//	    return helpr(s)
//	           ^
type sourceError struct{ err *interp.Error }

func (e sourceError) Error() string {
	s := e.err.Error()
	if e.err.SourceLine == "" {
		return s
	}
	s += "\n    " + e.err.SourceLine
	if e.err.Col > 0 {
		s += "\n    " + caret(e.err.SourceLine, e.err.Col)
	}
	return s
}

func (e sourceError) Unwrap() error { return e.err }

// withSource shows an interp.Error with its source line; other errors
// pass unchanged.
func withSource(err error) error {
	var ie *interp.Error
	if errors.As(err, &ie) {
		return sourceError{ie}
	}
	return err
}

// caret puts ^ under the byte column col (1-based) of line, keeping its
// tabs so that it lines up in a terminal.
func caret(line string, col int) string {
	var b strings.Builder
	prefix := line[:min(col-1, len(line))]
	for len(prefix) > 0 {
		r, n := utf8.DecodeRuneInString(prefix)
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		prefix = prefix[n:]
	}
	return b.String() + "^"
}
