package console

import (
	"io"
	"os"

	"github.com/fatih/color"
	"golang.org/x/term"
)

// palette colours one stream. Each stream gets its own palette, decided once
// when the console starts (C2: fatih/color would otherwise decide from stdout
// for every stream; C3: its global NoColor is never written here).
type palette struct {
	err, notice *color.Color
}

// newPalette enables colour only when on is true.
func newPalette(on bool) palette {
	p := palette{err: color.New(color.FgRed), notice: color.New(color.FgYellow)}
	for _, c := range []*color.Color{p.err, p.notice} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

// wantColor reports whether w should get colour: not when noColor is set,
// not when NO_COLOR is set in the environment, and only when w is a
// terminal.
func wantColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// errorf and noticef render one line of the given colour.
func (p palette) errorf(s string) string  { return p.err.Sprint(s) }
func (p palette) noticef(s string) string { return p.notice.Sprint(s) }
