package doublelock

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/lockset"
)

//go:embed doc.go
var doc string

// Analyzer reports locks acquired again by their holder.
var Analyzer = &analysis.Analyzer{
	Name:     "doublelock",
	Doc:      analysisutil.MustExtractDoc(doc, "doublelock"),
	URL:      analysisutil.URL("doublelock"),
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run:      run,
}

// The pass reads the lockset engine's results, computed on SSA: whether
// a lock is held at an acquisition is a question about every path that
// reaches it, through branches, loops, defers and calls, and the
// callees' acquisitions come from their summaries (facts across
// packages).

// Categories, one per kind of report.
const (
	catRelock    = "relock"    // Lock (or RLock) while the write lock is held
	catUpgrade   = "upgrade"   // Lock while the read lock is held
	catRecursive = "recursive" // RLock while the read lock is held
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	handed := handedOver(res)
	for _, f := range res.Funcs {
		if f.Imprecise {
			continue
		}
		seen := map[string]bool{}
		for _, a := range f.Acquires {
			if a.Try || a.Lock.Kind.IsSem() || !a.Pos.IsValid() || a.Via != nil && a.Via.May {
				continue // a dynamic call that may not run the acquisition: lockorder's at most
			}
			h, ok := a.Held.Lookup(a.Lock)
			if !ok || handed[a.Lock.Key()] || reportedInside(res, a) {
				continue
			}
			k := fmt.Sprintf("%d/%s", a.Pos, a.Lock.Key())
			if seen[k] {
				continue
			}
			seen[k] = true
			report(pass, a, h)
		}
	}
	return nil, nil
}

// handedOver returns the keys of the locks that a goroutine started in
// the package releases: a Lock in between may wait for that goroutine
// on purpose (a handoff), not deadlock.
func handedOver(res *lockset.Result) map[string]bool {
	out := map[string]bool{}
	for _, f := range res.Funcs {
		for _, r := range f.Releases {
			if startedByGo(f.Fn) {
				out[r.Lock.Key()] = true
			}
		}
	}
	// Locks whose variable is passed to a go statement.
	for _, f := range res.Funcs {
		for _, b := range f.Fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok {
					continue
				}
				for _, a := range f.Acquires {
					if root := a.Lock.RootValue(); root != nil && a.Lock.Root == lockset.RootLocal {
						for _, arg := range g.Call.Args {
							if arg == root {
								out[a.Lock.Key()] = true
							}
						}
					}
				}
			}
		}
	}
	return out
}

// reportedInside reports whether a is the call of a function literal
// that the engine analyzed with the caller's locks held on entry: the
// second acquisition is reported inside it.
func reportedInside(res *lockset.Result, a *lockset.Acquire) bool {
	call, ok := a.Instr.(ssa.CallInstruction)
	if !ok || a.Via == nil {
		return false
	}
	callee := call.Common().StaticCallee()
	if callee == nil || callee.Parent() == nil {
		return false
	}
	f := res.Func(callee)
	return f != nil && f.Entry.Has(a.Lock)
}

// startedByGo reports whether fn, or a function enclosing it, is the
// function literal of a go statement.
func startedByGo(fn *ssa.Function) bool {
	for ; fn != nil && fn.Parent() != nil; fn = fn.Parent() {
		var v ssa.Value = fn
		refs := fn.Referrers()
		for _, r := range refsOf(refs) {
			if mc, ok := r.(*ssa.MakeClosure); ok {
				v = mc
			}
		}
		for _, r := range refsOf(v.Referrers()) {
			if g, ok := r.(*ssa.Go); ok && g.Call.Value == v {
				return true
			}
		}
	}
	return false
}

func refsOf(refs *[]ssa.Instruction) []ssa.Instruction {
	if refs == nil {
		return nil
	}
	return *refs
}

func report(pass *analysis.Pass, a *lockset.Acquire, h lockset.HeldLock) {
	name := a.Lock.Name
	// The message says what happened and what to do; the first
	// acquisition's position is in Related, why it deadlocks in the doc.
	var cat, verb, state, fix string
	switch {
	case h.Shared && a.Shared:
		cat, verb, state, fix = catRecursive, "read-locked", "read-locked", "do not nest RLock"
	case h.Shared && !a.Shared:
		cat, verb, state, fix = catUpgrade, "locked", "read-locked", "RUnlock first, then Lock and re-check"
	case a.Shared:
		cat, verb, state, fix = catRelock, "read-locked", "write-locked", "remove this RLock or unlock first"
	default:
		cat, verb, state, fix = catRelock, "locked", "held", "remove this Lock or unlock first"
	}
	if h.Inherited {
		state += " by the caller of this function literal"
	}
	again := ""
	if h.Shared == a.Shared {
		again = " again"
	}
	msg := fmt.Sprintf("%s is %s%s while %s; %s", name, verb, again, state, fix)
	if a.Via != nil {
		if cat == catRelock {
			fix = "call a helper that assumes the lock is held"
		}
		does := "locks"
		if a.Shared {
			does = "read-locks"
		}
		msg = fmt.Sprintf("call to %s %s %s while it is %s; %s", a.Via.Callee, does, name, state, fix)
	}
	d := analysis.Diagnostic{Pos: a.Pos, End: a.End, Category: cat, Message: msg}
	if h.Pos.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: h.Pos, Message: name + " first acquired here"})
	}
	if a.Via != nil && a.Via.Op.Pos().IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.Via.Op.Pos(), Message: "acquired again here, in " + a.Via.Op.Func,
		})
	}
	pass.Report(d)
}
