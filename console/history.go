package console

import (
	"go/scanner"
	"go/token"
	"strings"
)

// historyEntry turns multi-line Go input into one line, so that it comes
// back from history whole (R9: readline's history file keeps one entry per
// line). A newline where Go inserts a semicolon becomes "; ", any other
// newline a space, and a // comment becomes /* */. Input that a single line
// cannot hold (a raw string spanning lines) is returned unchanged.
func historyEntry(src string) string {
	if !strings.Contains(src, "\n") {
		return src
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, scanner.ScanComments)

	semis := map[int]bool{}   // offsets of newlines that end a statement
	comments := map[int]int{} // offset of a // comment -> its end
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch {
		case tok == token.SEMICOLON && lit == "\n":
			semis[off] = true
		case tok == token.COMMENT && strings.HasPrefix(lit, "//"):
			comments[off] = off + len(lit)
		case tok == token.STRING && strings.HasPrefix(lit, "`") && strings.Contains(lit, "\n"):
			return src
		case tok == token.COMMENT && strings.Contains(lit, "\n"):
			return src
		}
	}

	// A semicolon Go inserts before a line comment is placed after it.
	var b strings.Builder
	semiNext := false
	for i := 0; i < len(src); i++ {
		if end, ok := comments[i]; ok {
			b.WriteString("/*" + strings.ReplaceAll(src[i+2:end], "*/", "* /") + " */")
			semiNext = semis[i]
			i = end - 1
			continue
		}
		if src[i] != '\n' {
			b.WriteByte(src[i])
			continue
		}
		if semis[i] || semiNext {
			b.WriteString(";")
		}
		semiNext = false
		b.WriteString(" ")
		for i+1 < len(src) && (src[i+1] == ' ' || src[i+1] == '\t') {
			i++
		}
	}
	return strings.TrimSpace(b.String())
}
