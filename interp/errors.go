package interp

import (
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"
)

// ErrInterrupted is returned (wrapped with the context's error) when the
// context of an evaluation ends before it does.
var ErrInterrupted = errors.New("interrupted")

// Error is an error in the user's source, at the user's own position.
//
// Error() is one line, NAME:LINE:COL: MSG (COL left out when unknown);
// SourceLine is for the console to show beneath it.
type Error struct {
	Name       string // as in Input.Name
	Line, Col  int    // in Name; Col 0 when unknown
	Msg        string
	SourceLine string // the offending line of the user's input, if known
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteString(":" + strconv.Itoa(e.Col))
		}
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// origin is where one line of an assembled source file came from.
type origin struct {
	name     string  // Input.Name
	line     int     // line in name
	colShift int     // add to a column of the assembled line
	shifts   []shift // what rewrites did to the line (gopanic.go), in order
	text     string  // the user's line, for Error.SourceLine
}

// shift is one rewrite of a line: n columns of text from column col stand
// for was columns of the user's.
type shift struct{ col, n, was int }

// unknownCols marks a line whose columns cannot be mapped back.
var unknownCols = []shift{{col: -1}}

// userCol maps a column of the assembled line to the user's, or returns 0
// when it cannot. A column inside rewritten text maps to its start.
func (o origin) userCol(col int) int {
	if len(o.shifts) > 0 && o.shifts[0] == unknownCols[0] {
		return 0
	}
	d := 0 // how much longer the line is before col than the user's
	for _, s := range o.shifts {
		switch {
		case col >= s.col+s.n:
			d += s.n - s.was
		case col >= s.col:
			return max(s.col-d+o.colShift, 1)
		}
	}
	return max(col-d+o.colShift, 1)
}

// lineTable maps the lines of an assembled file (1-based) to the user's
// places. Lines the assembler added itself have a zero origin.
type lineTable []origin

// errorAt returns an *Error for line and col of the assembled file. A line
// the assembler added is reported at the nearest user line before it, or
// at fallback.
func (t lineTable) errorAt(line, col int, msg string, fallback origin) *Error {
	o, exact := fallback, false
	for l := min(line, len(t)-1); l >= 1; l-- {
		if t[l].name != "" {
			o, exact = t[l], l == line
			break
		}
	}
	e := &Error{Name: o.name, Line: o.line, Msg: msg, SourceLine: o.text}
	if exact && col > 0 {
		e.Col = o.userCol(col)
	}
	return e
}

// yaegiPos matches the position yaegi puts before its messages: "4:9: ..."
// for compile errors, "_.go:5:1: ..." for parse errors.
var yaegiPos = regexp.MustCompile(`^(?:[^\s:]*\.go:)?(\d+):(\d+): (.*)$`)

// yaegiTypeName matches yaegi's names for kinds of type in its messages
// ("cannot use n (type intT) as type stringT"): a Go name ends in T.
var yaegiTypeName = regexp.MustCompile(
	`\b(bool|u?int(?:8|16|32|64|ptr)?|float(?:32|64)|complex(?:64|128)|string|error|` +
		`func|map|ptr|slice|struct|interface|chan)T\b`)

// goTypeNames puts Go's names for yaegi's in msg.
func goTypeNames(msg string) string {
	return yaegiTypeName.ReplaceAllStringFunc(msg, func(m string) string {
		if m == "ptrT" {
			return "pointer"
		}
		return m[:len(m)-1]
	})
}

// mapYaegiError turns an error of yaegi about the assembled file into one
// at the user's place. Errors without a position are reported at fallback.
func (t lineTable) mapYaegiError(err error, fallback origin) *Error {
	e := t.mapYaegiErrorRaw(err, fallback)
	e.Msg = goTypeNames(e.Msg)
	return e
}

func (t lineTable) mapYaegiErrorRaw(err error, fallback origin) *Error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		p := list[0].Pos
		return t.errorAt(p.Line, p.Column, list[0].Msg, fallback)
	}
	var p yaegi.Panic
	if errors.As(err, &p) {
		msg := fmt.Sprintf("interpreter panic while compiling: %v", p.Value)
		return t.errorAt(0, 0, msg, fallback)
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if m := yaegiPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return t.errorAt(line, col, m[3], fallback)
	}
	return t.errorAt(0, 0, msg, fallback)
}

// inputLines splits src for SourceLine lookups.
func inputLines(src string) []string {
	return strings.Split(src, "\n")
}

// userError is a syntax or classification error at a place of in, where
// line is 1-based within in.Src.
func userError(in Input, line, col int, msg string) *Error {
	e := &Error{Name: in.Name, Line: in.Line + line - 1, Col: col, Msg: msg}
	if ls := inputLines(in.Src); line >= 1 && line <= len(ls) {
		e.SourceLine = ls[line-1]
	}
	return e
}
