package interp

// goRecoverFunc is added to every assembled program: rewritten go
// statements defer it.
const goRecoverFunc = "func __pcRecover() { if r := recover(); r != nil { __pc.GoPanic(r) } }"

func rewriteGoStmts(us []*unit)       {}
func rewriteGoStmtsIn(st *statements) {}
