package interp

import "testing"

// Columns of a rewritten line map back to the user's: before an edit as
// they are, after it less what it added, inside its text to its start; a
// line an edit spans across a newline gives no column.
func TestRewrittenColumnsMapToTheUsers(t *testing.T) {
	// "go f(x)" at column 5 became 20 columns of text standing for 7.
	out := "a; b; " + "01234567890123456789" + " // c\nnext"
	shifts := lineShifts(out, []doneEdit{{at: 6, text: "01234567890123456789", was: "go f(x)"}})
	o := origin{shifts: shifts[0], colShift: 2}
	for _, tt := range []struct{ col, want int }{
		{1, 3}, {6, 8}, // before: as they are, plus the unit's own shift
		{7, 9}, {20, 9}, {26, 9}, // inside the edit's text: its start
		{27, 16}, {30, 19}, // after: less the 13 columns it added
	} {
		if got := o.userCol(tt.col); got != tt.want {
			t.Errorf("userCol(%d) = %d, want %d", tt.col, got, tt.want)
		}
	}
	if shifts[1] != nil {
		t.Errorf("a line without edits has shifts %v", shifts[1])
	}
	multi := lineShifts("x\ny := {\n}\nz", []doneEdit{{at: 2, text: "y := {\n}", was: "y()"}})
	if got := (origin{shifts: multi[1]}).userCol(3); got != 0 || multi[3] != nil {
		t.Errorf("a line spanned by an edit: col %d (want 0), last line %v", got, multi[3])
	}
}
