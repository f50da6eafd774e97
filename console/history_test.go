package console

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestHistoryEntryJoinsMultiLineGo(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one line is kept", "x := 1", "x := 1"},
		{"statement ends become semicolons",
			"func up(s string) string {\n\ts = s + \"!\"\n\treturn s\n}",
			`func up(s string) string { s = s + "!"; return s; }`},
		{"a line comment becomes a block comment",
			"func f() int { // the answer\n\treturn 42\n}",
			"func f() int { /* the answer */ return 42; }"},
		{"a semicolon before a line comment is kept",
			"func g() {\n\tx := 1 // one\n\t_ = x\n}",
			"func g() { x := 1 /* one */; _ = x; }"},
		{"a raw string across lines is kept as it is",
			"var s = `a\nb`", "var s = `a\nb`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := historyEntry(tt.in)
			if got != tt.want {
				t.Fatalf("historyEntry = %q, want %q", got, tt.want)
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+
				"func _() {}\n"+wrapDecl(got), 0); err != nil {
				t.Errorf("joined entry does not parse: %v", err)
			}
		})
	}
}

// wrapDecl makes a statement into a declaration so that the test can parse
// both kinds the same way.
func wrapDecl(s string) string {
	if len(s) > 4 && (s[:4] == "func" || s[:3] == "var") {
		return s
	}
	return "func _() { " + s + " }"
}
