package syncop

import (
	"go/types"
	"strings"

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
// synchronization operations, including dynamic calls of function values
// the function does not make: a method value (unlock := mu.Unlock;
// unlock()) is its method with the receiver it was made with, and a
// function made by sync.OnceFunc(f) is f.
func Call(c *ssa.CallCommon) Op {
	if !c.IsInvoke() {
		if f := onceFuncArg(c.Value); f != nil {
			return Call(&ssa.CallCommon{Value: f, Args: c.Args})
		}
		if mc, ok := c.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == 1 && isBoundWrapper(mc.Fn) {
			obj := FuncOf(mc.Fn.(*ssa.Function))
			if k := Classify(obj); k != None {
				return Op{Kind: k, Func: obj, Operand: mc.Bindings[0]}
			}
			return Op{}
		}
	}
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

// isBoundWrapper reports whether v is the wrapper of a method value
// (x.M, with x bound in the closure).
func isBoundWrapper(v ssa.Value) bool {
	fn, ok := v.(*ssa.Function)
	return ok && fn.Synthetic != "" && strings.HasSuffix(fn.Name(), "$bound")
}

// onceFuncArg returns f when v is sync.OnceFunc(f).
func onceFuncArg(v ssa.Value) ssa.Value { return syncCallArg(v, "OnceFunc") }

// NewCondArg returns l when v is sync.NewCond(l), else nil.
func NewCondArg(v ssa.Value) ssa.Value { return syncCallArg(v, "NewCond") }

// syncCallArg returns the argument of v when v is a call of package
// sync's one-argument function name.
func syncCallArg(v ssa.Value, name string) ssa.Value {
	call, ok := v.(*ssa.Call)
	if !ok || call.Call.IsInvoke() || len(call.Call.Args) != 1 {
		return nil
	}
	obj := FuncOf(call.Call.StaticCallee())
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" || obj.Name() != name {
		return nil
	}
	return call.Call.Args[0]
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
