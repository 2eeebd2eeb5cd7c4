package ssaval_test

import (
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/syncvet/syncvet/internal/ssaval"
)

const dispatchSrc = `package p

type runner interface{ run() }

type other interface{ run() }

type a struct{}
type b struct{}
type c struct{}

func (a) run()  {}
func (*b) run() {}
func (c) run()  {}

type holder struct {
	r  runner
	cb func()
}

func (h *holder) setCB(f func()) { h.cb = f }

func named() {}

func setup() *holder {
	h := &holder{r: a{}}
	h.r = &b{}
	var o other = c{} // another interface with the same methods: not a runner
	_ = o
	h.setCB(named)
	h.setCB(func() {})
	return h
}

func exact() {
	var r runner = &b{}
	r.run()
}

func viaField(h *holder) {
	h.r.run()
	h.cb()
}

func viaParam(f func()) { f() }
`

func TestDispatch(t *testing.T) {
	pkg := buildSrc(t, dispatchSrc)
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg == pkg {
			funcs = append(funcs, fn)
		}
	}
	d := ssaval.NewDispatch(pkg.Pkg, pkg.Prog, funcs)
	calls := func(name string) []string {
		var out []string
		for _, b := range pkg.Func(name).Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				var names []string
				for _, c := range d.Callees(call.Common()) {
					n := c.Fn.String()
					if c.Exact {
						n += "!"
					}
					names = append(names, n)
				}
				sort.Strings(names)
				out = append(out, strings.Join(names, " "))
			}
		}
		return out
	}
	for _, tc := range []struct {
		fn   string
		want []string
	}{
		// Converted here: that method, exactly.
		{"exact", []string{"(*example.com/p.b).run!"}},
		// The types converted to runner (not c, converted to other); the
		// functions stored in cb, through the setter.
		{"viaField", []string{"(*example.com/p.b).run (example.com/p.a).run", "example.com/p.named example.com/p.setup$1"}},
		// A parameter's call is left to the callers.
		{"viaParam", []string{""}},
	} {
		got := calls(tc.fn)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: callees %q, want %q", tc.fn, got, tc.want)
		}
	}
}
