package interp

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the writes of several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newTestSession(t testing.TB, opts Options) (*Session, *syncBuffer, *syncBuffer) {
	t.Helper()
	out, errw := &syncBuffer{}, &syncBuffer{}
	opts.Stdout, opts.Stderr = out, errw
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, out, errw
}

// eval evaluates src as <stdin> line 1 and fails the test on an error.
func eval(t testing.TB, s *Session, src string) Result {
	t.Helper()
	res, err := s.Eval(context.Background(), Input{Name: "<stdin>", Line: 1, Src: src})
	if err != nil {
		t.Fatalf("eval %q: %v", src, err)
	}
	return res
}

// evalErr evaluates src and returns its *Error, failing if there is none.
func evalErr(t testing.TB, s *Session, in Input) *Error {
	t.Helper()
	_, err := s.Eval(context.Background(), in)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("eval %q: got error %v (%T), want *Error", in.Src, err, err)
	}
	return e
}

func TestEvalKinds(t *testing.T) {
	s, out, _ := newTestSession(t, Options{})
	tests := []struct {
		name, src string
		kind      ResultKind
		value     string
	}{
		{"an import is a definition", `import "strings"`, Defined, ""},
		{"a func is a definition", "func upper(s string) string { return strings.ToUpper(s) }", Defined, ""},
		{"a call has a value", `upper("hi")`, Value, `"HI"`},
		{"an int is rendered", "1 + 2", Value, "3"},
		{"a short var decl defines a var", "x := 40", Defined, ""},
		{"the var is usable", "x + 2", Value, "42"},
		{"a call without result has no value", `println("p")`, NoValue, ""},
		{"statements have no value", "for i := 0; i < 2; i++ { x++ }", NoValue, ""},
		{"the foreground sees its own change", "x", Value, "42"},
		{"a struct is rendered with fields", "type P struct{ X, Y int }", Defined, ""},
		{"struct value", "P{1, 2}", Value, "{X:1 Y:2}"},
		{"a func value is its type", "upper", Value, "func(string) string"},
		{"nil", "[]int(nil)", Value, "[]"},
		{"a new definition resets what the foreground changed", "x", Value, "40"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := eval(t, s, tt.src)
			if res.Kind != tt.kind || res.Value != tt.value {
				t.Errorf("got kind %d value %q, want %d %q", res.Kind, res.Value, tt.kind, tt.value)
			}
		})
	}
	if !strings.Contains(out.String(), "p\n") {
		t.Errorf("stdout %q lacks println output", out.String())
	}
}
