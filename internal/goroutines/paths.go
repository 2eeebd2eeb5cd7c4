package goroutines

import (
	"math"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
)

// sendCount is how many of a goroutine's sends on one channel a function
// performs: the fewest and the most on a path that returns, and the most
// on any path (one that blocks, or never returns, included).
type sendCount struct {
	minRet, maxRet, maxAny int
	returns                bool // some path returns
}

// sendsOnPath returns how many times one run of the goroutine can send on
// the channel, given its sends (with the frames that execute them): the
// fewest sends of a path that ends plus one, when a path sends more, and
// no more than any path sends. Counting one past the fewest, rather than
// the most, keeps two sends on branches that exclude each other (if x,
// then if !x) from counting as two. ok is false when a send, or a call
// that sends, is in a loop: it is taken a number of times the paths do
// not tell.
func sendsOnPath(sends []gop) (n int, ok bool) {
	weight := map[*Frame]map[ssa.Instruction]int{}
	children := map[*Frame]map[ssa.Instruction][]*Frame{}
	var root *Frame
	for _, o := range sends {
		if weight[o.fr] == nil {
			weight[o.fr] = map[ssa.Instruction]int{}
		}
		weight[o.fr][o.instr]++
		f := o.fr
		for f.Spawn == nil && f.Parent != nil {
			if children[f.Parent] == nil {
				children[f.Parent] = map[ssa.Instruction][]*Frame{}
			}
			kids := children[f.Parent][f.Site]
			known := false
			for _, k := range kids {
				known = known || k == f
			}
			if known {
				break
			}
			children[f.Parent][f.Site] = append(kids, f)
			f = f.Parent
		}
		if f.Spawn != nil {
			if root != nil && root != f {
				return 0, false // the goroutine starts in several frames
			}
			root = f
		}
	}
	if root == nil {
		return 0, false
	}
	memo := map[*Frame]*sendCount{}
	var count func(f *Frame) (*sendCount, bool)
	count = func(f *Frame) (*sendCount, bool) {
		if c, done := memo[f]; done {
			return c, c != nil
		}
		memo[f] = nil // a cycle of frames: not judged
		step := func(instr ssa.Instruction) (*sendCount, bool) {
			w := weight[f][instr]
			c := &sendCount{minRet: w, maxRet: w, maxAny: w, returns: true}
			kids := children[f][instr]
			if w == 0 && len(kids) == 0 {
				return nil, true
			}
			if ssaval.InLoop(instr) {
				return nil, false
			}
			if len(kids) > 0 {
				// One callee per site: the walk enters a site once.
				k, ok := count(kids[0])
				if !ok {
					return nil, false
				}
				c = &sendCount{minRet: w + k.minRet, maxRet: w + k.maxRet, maxAny: w + k.maxAny, returns: k.returns}
			}
			return c, true
		}
		c, ok := pathCounts(f.Fn, step)
		if !ok {
			return nil, false
		}
		memo[f] = c
		return c, true
	}
	c, ok := count(root)
	if !ok {
		return 0, false
	}
	n = c.maxAny
	if c.returns && c.minRet+1 < n {
		n = c.minRet + 1
	}
	return n, true
}

// pathCounts adds up, along the paths of fn from its entry, the counts
// step gives its instructions (nil for none), and returns the fewest and
// most of the paths that return and the most of any path. Back edges are
// not taken (step has no count inside a loop), and neither are paths that
// panic or end the program.
func pathCounts(fn *ssa.Function, step func(ssa.Instruction) (*sendCount, bool)) (*sendCount, bool) {
	if len(fn.Blocks) == 0 {
		return nil, false
	}
	panics := ssaval.Panicking(fn)
	order := acyclicOrder(fn.Blocks[0])
	const none = math.MaxInt
	type in struct{ min, max int } // over the paths that reach the block
	at := map[*ssa.BasicBlock]*in{fn.Blocks[0]: {0, 0}}
	out := &sendCount{minRet: none, maxRet: -1}
	for _, b := range order.blocks {
		cur := at[b]
		if cur == nil || panics[b] {
			continue
		}
		lo, hi := cur.min, cur.max
		reached := true
		for _, instr := range b.Instrs {
			c, ok := step(instr)
			if !ok {
				return nil, false
			}
			if c != nil {
				out.maxAny = max(out.maxAny, hi+c.maxAny)
				if !c.returns {
					reached = false
					break
				}
				lo, hi = lo+c.minRet, hi+c.maxRet
			}
			if terminates(instr) {
				reached = false
				break
			}
			if _, isRet := instr.(*ssa.Return); isRet {
				out.returns = true
				out.minRet, out.maxRet = min(out.minRet, lo), max(out.maxRet, hi)
			}
		}
		out.maxAny = max(out.maxAny, hi)
		if !reached {
			continue
		}
		for _, s := range b.Succs {
			if !order.forward(b, s) {
				continue
			}
			if nx := at[s]; nx == nil {
				at[s] = &in{lo, hi}
			} else {
				nx.min, nx.max = min(nx.min, lo), max(nx.max, hi)
			}
		}
	}
	if !out.returns {
		out.minRet, out.maxRet = 0, 0
	}
	return out, true
}

// A blockOrder is the blocks reachable from an entry in reverse
// postorder: every edge but a loop's back edge goes forward in it.
type blockOrder struct {
	blocks []*ssa.BasicBlock
	index  map[*ssa.BasicBlock]int
}

func acyclicOrder(entry *ssa.BasicBlock) blockOrder {
	o := blockOrder{index: map[*ssa.BasicBlock]int{}}
	seen := map[*ssa.BasicBlock]bool{}
	var post []*ssa.BasicBlock
	var dfs func(b *ssa.BasicBlock)
	dfs = func(b *ssa.BasicBlock) {
		seen[b] = true
		for _, s := range b.Succs {
			if !seen[s] {
				dfs(s)
			}
		}
		post = append(post, b)
	}
	dfs(entry)
	for i := len(post) - 1; i >= 0; i-- {
		o.index[post[i]] = len(o.blocks)
		o.blocks = append(o.blocks, post[i])
	}
	return o
}

// forward reports whether the edge b → s goes forward in the order.
func (o blockOrder) forward(b, s *ssa.BasicBlock) bool { return o.index[s] > o.index[b] }
