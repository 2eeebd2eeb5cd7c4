package sharedwrite

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/internal/ssaval"
)

// The third signal, the strongest: a checklocks annotation says which
// lock guards a field, or which lock a function's callers hold
// (internal/lockset's annot.go). The engine lists the accesses and calls
// made without it; they are reported whether or not a goroutine of the
// package races with them, since the annotation says the memory is
// shared. A write reported so is not reported again as a race.

// checkAnnotated reports the engine's unguarded accesses and calls, and
// the annotations that name no lock.
func (c *checker) checkAnnotated() {
	a := c.locks.Annotations
	if a == nil {
		return
	}
	for _, e := range a.Errors {
		c.pass.Report(analysis.Diagnostic{Pos: e.Pos, Category: "annotation", Message: e.Msg})
	}
	for _, u := range c.locks.Unguarded {
		if c.reported[u.Pos] {
			continue
		}
		c.reported[u.Pos] = true
		if fa, ok := u.Instr.(*ssa.FieldAddr); ok {
			for _, p := range accessPositions(fa) {
				c.reported[p] = true
			}
		}
		d := analysis.Diagnostic{Pos: u.Pos, Category: "guardedby", Message: unguardedMessage(u)}
		if u.Spec.Pos.IsValid() { // not for another package's annotation
			d.Related = []analysis.RelatedInformation{{Pos: u.Spec.Pos, Message: "annotated here"}}
		}
		c.pass.Report(d)
	}
}

func unguardedMessage(u *lockset.Unguarded) string {
	lock := u.Lock.Name
	ann := "+checklocks"
	if u.Spec.Shared {
		ann = "+checklocksread"
	}
	if u.Field == nil && u.Excluded {
		ann := "+checklocksexclude"
		if u.Spec.Shared {
			ann = "+checklocksexcludewrite"
		}
		return fmt.Sprintf("call of %s holding %s, which its %s:%s annotation forbids; release %s first",
			u.Callee.Name(), lock, ann, u.Spec.Expr, lock)
	}
	if u.Field == nil {
		callee := u.Callee.Name()
		if u.Shared {
			return fmt.Sprintf("call of %s holding only the read lock of %s, which %s requires exclusively; take %s.Lock",
				callee, lock, ann, lock)
		}
		return fmt.Sprintf("call of %s without %s, which its %s:%s annotation requires; hold %s here",
			callee, lock, ann, u.Spec.Expr, lock)
	}
	what := u.Field.Name() // a package-level variable
	if fa, ok := u.Instr.(*ssa.FieldAddr); ok && u.Field.IsField() {
		what = ssaval.Name(fa.X) + "." + u.Field.Name()
	}
	if u.Shared {
		return fmt.Sprintf("%s is written holding only the read lock of %s, which +checklocks requires exclusively; take %s.Lock",
			what, lock, lock)
	}
	verb := "read"
	if u.Write {
		verb = "written"
	}
	return fmt.Sprintf("%s is %s without %s, which its +checklocks:%s annotation requires; hold %s here",
		what, verb, lock, u.Spec.Expr, lock)
}

// accessPositions returns the positions of the loads and stores through
// the field address fa, where the race check reports.
func accessPositions(fa *ssa.FieldAddr) []token.Pos {
	var out []token.Pos
	if refs := fa.Referrers(); refs != nil {
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				out = append(out, r.Pos())
			case *ssa.UnOp:
				out = append(out, r.Pos())
			}
		}
	}
	return out
}
