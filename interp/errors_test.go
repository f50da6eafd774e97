package interp

import (
	"strings"
	"testing"
)

func TestErrorPositions(t *testing.T) {
	s, _, errw := newTestSession(t, Options{})
	eval(t, s, `import "fmt"`)
	if _, err := s.Eval(t.Context(), Input{Name: "defs.pcs", Line: 10, Src: "func boom() {\n\tpanic(\"b\")\n}"}); err != nil {
		t.Fatal(err)
	}
	eval(t, s, "func two() (int, int) { return 1, 2 }")

	tests := []struct {
		name string
		in   Input
		want string // Error()
		line string // SourceLine
	}{
		{"an undefined name in a definition",
			Input{"stages.go", 5, "func upper(s string) string {\n\treturn helpr(s)\n}"},
			"stages.go:6:9: undefined: helpr", "\treturn helpr(s)"},
		{"a syntax error in a declaration",
			Input{"<stdin>", 3, "func f( {"},
			"<stdin>:3:9: expected ')', found '{'", "func f( {"},
		{"a syntax error in a statement",
			Input{"<stdin>", 1, "x := 1 +;"},
			"<stdin>:1:9: expected operand, found ';'", "x := 1 +;"},
		{"an undefined name in x := ...",
			Input{"<stdin>", 2, "y := nothing + 1"},
			// yaegi's message for an undefined name at package level.
			"<stdin>:2:1: constant definition loop", "y := nothing + 1"},
		{"a type error in x := ...",
			Input{"<stdin>", 2, "y := 1 + \"s\""},
			"<stdin>:2:6: invalid operation: mismatched types untyped int and untyped string", "y := 1 + \"s\""},
		{"an undefined name in an expression",
			Input{"<stdin>", 4, "fmt.Println(nope)"},
			"<stdin>:4:13: undefined: nope", "fmt.Println(nope)"},
		{"an undefined name in statements",
			Input{"<stdin>", 1, "for i := 0; i < 3; i++ {\n\tfmt.Println(i, nope)\n}"},
			"<stdin>:2:17: undefined: nope", "\tfmt.Println(i, nope)"},
		{"a panic in a defined function names its line",
			Input{"<stdin>", 1, "boom()"},
			"defs.pcs:11:2: panic: b", "\tpanic(\"b\")"},
		{"a panic in the input itself",
			Input{"<stdin>", 5, "x := []int{}\n_ = x[3]"},
			"", ""},
		{"an expression with two values",
			Input{"<stdin>", 1, "two()"},
			"<stdin>:1:1: expression has 2 values; keep them with a, b := ...", "two()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := evalErr(t, s, tt.in)
			if tt.want == "" {
				t.Logf("got %v", e)
				return
			}
			if e.Error() != tt.want || e.SourceLine != tt.line {
				t.Errorf("got %q with line %q\nwant %q with line %q", e.Error(), e.SourceLine, tt.want, tt.line)
			}
		})
	}
	if strings.Contains(errw.String(), "panic") {
		t.Errorf("yaegi's trace reached Stderr: %q", errw.String())
	}
}

func TestOutputGoesToOptions(t *testing.T) {
	s, out, errw := newTestSession(t, Options{})
	eval(t, s, `import ("fmt"; "os")`)
	eval(t, s, `fmt.Println("a"); println("b"); os.Stdout.Write([]byte("c\n")); fmt.Fprintln(os.Stdout, "d")`)
	eval(t, s, `fmt.Fprintln(os.Stderr, "e")`)
	if got := out.String(); got != "a\nb\nc\nd\n" {
		t.Errorf("stdout %q", got)
	}
	if got := errw.String(); got != "e\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestGoTypeNamesInYaegiMessages(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	_, err := s.Eval(t.Context(), Input{Name: "<stdin>", Line: 1,
		Src: "func f(n int) string { return n }"})
	if err == nil || !strings.Contains(err.Error(), "(type int) as type string") {
		t.Errorf("err = %v, want Go's type names", err)
	}
	for in, want := range map[string]string{
		"type int64T and uint8T": "type int64 and uint8",
		"a ptrT to structT":      "a pointer to struct",
		"printT is not a type":   "printT is not a type",
	} {
		if got := goTypeNames(in); got != want {
			t.Errorf("goTypeNames(%q) = %q, want %q", in, got, want)
		}
	}
}
