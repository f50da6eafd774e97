package console

import "testing"

func TestDropCtrlCAfterEnter(t *testing.T) {
	tests := []struct {
		in, out string
		hits    int
	}{
		{"for {}\r\x03", "for {}\r", 1},
		{"for {}\r\x03\x03\x03", "for {}\r", 1},
		{"a\n\x03b\r\x03", "a\nb\r", 2},
		{"\x03", "\x03", 0},         // Ctrl-C at the prompt: readline's
		{"abc\x03", "abc\x03", 0},   // Ctrl-C in a half-typed line
		{"a\rb\x03", "a\rb\x03", 0}, // a typed-ahead line is readline's too
		{"", "", 0},
	}
	for _, tt := range tests {
		b := []byte(tt.in)
		hits := 0
		n := dropCtrlCAfterEnter(b, func() { hits++ })
		if got := string(b[:n]); got != tt.out || hits != tt.hits {
			t.Errorf("%q -> %q with %d hits, want %q with %d", tt.in, got, hits, tt.out, tt.hits)
		}
	}
}
