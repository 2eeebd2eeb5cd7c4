package lockedblock

import (
	_ "embed"
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/lockset"
)

//go:embed doc.go
var doc string

// Analyzer reports blocking operations performed while a mutex is held.
var Analyzer = &analysis.Analyzer{
	Name:     "lockedblock",
	Doc:      analysisutil.MustExtractDoc(doc, "lockedblock"),
	URL:      analysisutil.URL("lockedblock"),
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run:      run,
}

// The pass reads the lockset engine's results, computed on SSA: the
// locks held at an operation depend on every path reaching it, and
// whether a callee may block comes from its summary (a fact across
// packages).

// Categories, one per kind of report.
const (
	catSleep   = "sleep"   // time.Sleep
	catChannel = "channel" // channel send, receive, blocking select
	catWait    = "wait"    // WaitGroup.Wait, errgroup.Wait, semaphore Acquire
	catIO      = "io"      // network or file I/O
	catCall    = "call"    // a call of a function that may block
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	for _, f := range res.Funcs {
		if f.Imprecise {
			continue
		}
		// One report per operation: a call both blocking by itself
		// (http.Get) and through its callees is reported as itself.
		byPos := map[token.Pos]*lockset.Blocking{}
		var order []token.Pos
		for _, b := range f.Blocks {
			held := b.Held.Mutexes()
			if len(held) == 0 || !b.Pos.IsValid() || serializes(held, b) {
				continue
			}
			if old, ok := byPos[b.Pos]; !ok {
				order = append(order, b.Pos)
				byPos[b.Pos] = b
			} else if old.Via != nil && b.Via == nil {
				byPos[b.Pos] = b
			}
		}
		for _, pos := range order {
			b := byPos[pos]
			report(pass, b, innermost(b.Held.Mutexes()))
		}
	}
	return nil, nil
}

// serializes reports whether b is I/O on a connection or file that
// belongs to the same variable as a held mutex (c.wmu held around
// c.conn.Write): the mutex is there to keep the writes whole, and there
// is nothing to copy out before blocking.
func serializes(held lockset.LockSet, b *lockset.Blocking) bool {
	if category(b.Kind) != catIO || b.On == nil {
		return false
	}
	for _, h := range held {
		if h.Lock.SameRoot(b.On) {
			return true
		}
	}
	return false
}

// innermost returns the lock acquired last (the innermost critical
// section), preferring the function's own acquisitions.
func innermost(held lockset.LockSet) lockset.HeldLock {
	best := held[0]
	for _, h := range held[1:] {
		if best.Inherited && !h.Inherited || h.Inherited == best.Inherited && h.Pos > best.Pos {
			best = h
		}
	}
	return best
}

func category(k lockset.BlockKind) string {
	switch k {
	case lockset.BlockSleep:
		return catSleep
	case lockset.BlockSend, lockset.BlockRecv, lockset.BlockSelect:
		return catChannel
	case lockset.BlockWait:
		return catWait
	}
	return catIO
}

func report(pass *analysis.Pass, b *lockset.Blocking, h lockset.HeldLock) {
	// The message says what blocks and what to do; where the lock was
	// taken, and where a callee blocks (when it is in this package's
	// files), are in Related.
	name := h.Lock.Name
	held := name + " is held"
	if h.Inherited {
		held += " by the caller of this function literal"
	}
	what := b.What
	switch what {
	case "select":
		what = "select without default"
	}
	cat := category(b.Kind)
	var msg string
	if b.Via != nil {
		cat = catCall
		inner := what
		if b.Via.Op.Func != b.Via.Callee {
			inner += " in " + b.Via.Op.Func
		}
		msg = fmt.Sprintf("call to %s may block (%s) while %s; release the lock before the call", b.Via.Callee, inner, held)
	} else {
		msg = fmt.Sprintf("%s while %s; copy what is needed, unlock, then block", what, held)
	}
	d := analysis.Diagnostic{Pos: b.Pos, End: b.End, Category: cat, Message: msg}
	if h.Pos.IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: h.Pos, Message: name + " locked here"})
	}
	if b.Via != nil && b.Via.Op.Pos().IsValid() {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: b.Via.Op.Pos(), Message: what + " here"})
	}
	pass.Report(d)
}
