package syncop

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An Op is the synchronization operation an SSA call performs: the one
// place where SSA calls are classified, for the lock-state engine, the
// goroutines engine and the passes.
type Op struct {
	Kind Kind
	// Func is the function or method called (for a call through a
	// sync.Locker interface, the interface method).
	Func *types.Func
	// Operand is what the operation works on: the receiver of a method
	// (the mutex, Locker, WaitGroup, Cond, semaphore, group or atomic
	// value), or the first argument of a package-level function (the
	// address a function of sync/atomic works on, the duration of
	// time.Sleep); nil when the call has no argument.
	Operand ssa.Value
}

// FuncOf returns the declared function or method that fn is, or that fn
// instantiates; nil for function literals and synthetic wrappers without
// an object.
func FuncOf(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	if f, ok := fn.Object().(*types.Func); ok {
		return f
	}
	if o := fn.Origin(); o != nil && o != fn {
		f, _ := o.Object().(*types.Func)
		return f
	}
	return nil
}

// Call classifies the call c. Kind is None for calls that are not
// synchronization operations, including dynamic calls of function values.
func Call(c *ssa.CallCommon) Op {
	if c.IsInvoke() {
		k := Classify(c.Method)
		if k == None {
			return Op{}
		}
		return Op{Kind: k, Func: c.Method, Operand: c.Value}
	}
	obj := FuncOf(c.StaticCallee())
	k := Classify(obj)
	if k == None {
		return Op{}
	}
	op := Op{Kind: k, Func: obj}
	if len(c.Args) > 0 {
		op.Operand = c.Args[0]
	}
	return op
}

// Instr classifies the call that instr (a call or a defer) makes; a go
// statement performs no operation itself, and other instructions none.
func Instr(instr ssa.Instruction) Op {
	switch x := instr.(type) {
	case *ssa.Call:
		return Call(&x.Call)
	case *ssa.Defer:
		return Call(&x.Call)
	}
	return Op{}
}

// Atomic returns the address an operation of sync/atomic works on (a
// function's pointer argument, or the receiver of a method of one of its
// types) and whether the operation writes there; ok is false for every
// other operation.
func (o Op) Atomic() (addr ssa.Value, write, ok bool) {
	if o.Kind != Atomic || o.Operand == nil {
		return nil, false, false
	}
	if _, isPtr := o.Operand.Type().Underlying().(*types.Pointer); !isPtr {
		return nil, false, false
	}
	return o.Operand, AtomicWrites(o.Func.Name()), true
}

// IsMethod reports whether the operation is a method (of a sync type, an
// atomic type...) rather than a package-level function.
func (o Op) IsMethod() bool {
	if o.Func == nil {
		return false
	}
	sig, _ := o.Func.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil
}
