package interp

import "testing"

func TestIncomplete(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"empty input is complete", "", false},
		{"a complete func", "func f() {}", false},
		{"an open brace", "func f() {", true},
		{"an open paren", "fmt.Println(1,", true},
		{"an open bracket", "x := []int{1, 2,\n", true},
		{"nested, one still open", "func f() {\n\tif x {\n\t}\n", true},
		{"an unterminated raw string", "s := `abc\n", true},
		{"an unterminated comment", "/* note\n", true},
		{"a brace in a string does not count", `s := "{"`, false},
		{"a brace in a comment does not count", "x := 1 // {", false},
		{"a stray closing paren is wrong, not incomplete", "f())", false},
		{"a mismatched closer is wrong", "f(]", false},
		{"a stray closer before an opener is wrong", "} {", false},
		{"an interpreted string cut at the newline is wrong", "s := \"abc\n", false},
		{"a line ending in a binary operator goes on", "x := 1 +", true},
		{"a line ending in && goes on", "ok := a &&\n", true},
		{"a line ending in a dot goes on", "strings.\n", true},
		{"a line ending in := goes on", "x :=", true},
		{"an operator in a comment at the end does not count", "x := 1 // +", false},
		{"a complete expression after a continued line", "x := 1 +\n2", false},
		{"an increment is complete", "x++", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Incomplete(tt.src); got != tt.want {
				t.Errorf("Incomplete(%q) = %v, want %v", tt.src, got, tt.want)
			}
		})
	}
}
