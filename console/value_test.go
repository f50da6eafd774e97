package console

import (
	"errors"
	"testing"
	"time"
)

type point struct {
	X, Y int
	Tag  string
}

func TestRenderValue(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"a string is quoted", "HELLO", `"HELLO"`},
		{"an int is plain", 42, "42"},
		{"a float is short", 1.5, "1.5"},
		{"nil is nil", nil, "nil"},
		{"a struct shows field names", point{1, 2, "a"}, `{X:1 Y:2 Tag:"a"}`},
		{"a pointer is marked", &point{1, 2, ""}, `&{X:1 Y:2 Tag:""}`},
		{"a slice", []any{1, "b"}, `[1 "b"]`},
		{"a map is sorted by key", map[string]int{"b": 2, "a": 1}, `map["a":1 "b":2]`},
		{"a Stringer is not called", time.Duration(1500), "1500"},
		{"an error is not called", errors.New("x"), `&{s:"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderValue(tt.in); got != tt.want {
				t.Errorf("renderValue = %s, want %s", got, tt.want)
			}
		})
	}
}
