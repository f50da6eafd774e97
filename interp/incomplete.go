package interp

import (
	"go/scanner"
	"go/token"
)

// Incomplete reports whether src needs more lines: an open brace, paren or
// bracket, or an unterminated raw string or comment. Input that is
// complete, or wrong in a way more lines cannot fix (a stray closing
// bracket, a bad character), is not incomplete, so its error is shown
// rather than waited on.
func Incomplete(src string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	open := false // an unterminated raw string or comment was seen
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		if msg == "raw string literal not terminated" || msg == "comment not terminated" {
			open = true
		}
	}, scanner.ScanComments)

	var stack []token.Token
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return open || len(stack) > 0
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opener(tok) {
				return false // more lines cannot fix this
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func opener(closer token.Token) token.Token {
	switch closer {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}
