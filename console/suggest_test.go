package console

import "testing"

func TestSuggestWithSwapsAndNothingInCommon(t *testing.T) {
	tests := []struct {
		name, typed string
		candidates  []string
		want        string
	}{
		{"a typo gets the closest name", "strat", []string{"start", "status"}, "start"},
		{"two swapped letters are one edit", "stauts", []string{"start", "status"}, "status"},
		{"a name with nothing in common gets none", "nope", []string{"o", "t"}, ""},
		{"a far name gets none", "xyzzy", []string{"start", "status"}, ""},
		{"a one-letter slip on a short name gets one", "nn", []string{"n", "total"}, "n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := suggest(tt.typed, tt.candidates); got != tt.want {
				t.Errorf("suggest(%q, %v) = %q, want %q", tt.typed, tt.candidates, got, tt.want)
			}
		})
	}
}
