package syncop_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/syncvet/syncvet/internal/syncop"
)

const src = `package p

import (
	"sync"
	"sync/atomic"
	"time"
)

type embeds struct {
	sync.Mutex
	rw *sync.RWMutex
}

type fake struct{}

func (fake) Lock()   {}
func (fake) Unlock() {}

func f(e *embeds, l sync.Locker, wg *sync.WaitGroup, c *sync.Cond, ch chan int, n *atomic.Int64, o *sync.Once) {
	e.Lock()         // Lock
	e.Unlock()       // Unlock
	e.rw.RLock()     // RLock
	e.rw.RUnlock()   // RUnlock
	_ = e.TryLock()  // TryLock
	l.Lock()         // Lock
	l.Unlock()       // Unlock
	fake{}.Lock()    // none
	wg.Add(1)        // WaitGroup.Add
	wg.Done()        // WaitGroup.Done
	wg.Wait()        // WaitGroup.Wait
	c.Wait()         // Cond.Wait
	c.Signal()       // Cond.Signal
	n.Add(1)         // atomic
	atomic.AddInt32(nil, 1) // atomic
	o.Do(func() {})  // Once.Do
	time.Sleep(1)    // time.Sleep
	_ = len(ch)      // none
}
`

func TestClassify(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	// Each call statement carries its expected kind in its line comment.
	want := map[int]string{}
	for _, cg := range f.Comments {
		want[fset.Position(cg.Pos()).Line] = cg.Text()[:len(cg.Text())-1]
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok {
			return true
		}
		line := fset.Position(call.Pos()).Line
		w, ok := want[line]
		if !ok {
			return true
		}
		if _, isBuiltin := info.Uses[identOf(call.Fun)].(*types.Builtin); isBuiltin {
			if name, ch := syncop.ChanBuiltin(info, call); name != "len" || ch == nil {
				t.Errorf("line %d: ChanBuiltin = %q, %v; want len of a channel", line, name, ch)
			}
		}
		if got := syncop.CallKind(info, call).String(); got != w {
			t.Errorf("line %d: CallKind = %s, want %s", line, got, w)
		}
		n++
		return true
	})
	if n != 18 {
		t.Errorf("checked %d calls, want 18", n)
	}
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}
