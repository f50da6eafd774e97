package interp

import (
	"go/scanner"
	"go/token"
)

// Incomplete reports whether src needs more lines: an open brace, paren or
// bracket, an unterminated raw string or comment, or a last line that ends
// in a binary operator, a comma or a dot (where Go inserts no semicolon). Input that is
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
	last := token.ILLEGAL // the last token that is not a comment
	for {
		_, tok, lit := s.Scan()
		switch tok {
		case token.EOF:
			return open || len(stack) > 0 || continues(last)
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opener(tok) {
				return false // more lines cannot fix this
			}
			stack = stack[:len(stack)-1]
		}
		if tok != token.COMMENT && !(tok == token.SEMICOLON && lit == "\n") {
			last = tok
		}
	}
}

// continues reports whether a line ending in tok goes on: Go inserts no
// semicolon after a binary operator, an assignment, a comma or a dot.
func continues(tok token.Token) bool {
	switch tok {
	case token.COMMA, token.PERIOD, token.ARROW, token.ASSIGN, token.DEFINE,
		token.LAND, token.LOR:
		return true
	}
	return token.ADD <= tok && tok <= token.AND_NOT_ASSIGN ||
		token.EQL <= tok && tok <= token.GTR || token.NEQ <= tok && tok <= token.GEQ
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
