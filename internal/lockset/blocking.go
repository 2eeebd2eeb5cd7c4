package lockset

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/syncop"
)

// blockingCall describes the call c if, by the types involved, it is
// network or file I/O or waits for a process: "(*os.File).Read",
// "net.Dial", "(*http.Client).Do". A Write on a bytes.Buffer or a Read
// on an io.Reader of unknown dynamic type is not reported: precision
// first.
//
// It also returns the value operated on when it is a connection or a
// file (not a client, database handle or process), if any.
func blockingCall(c *ssa.CallCommon) (string, ssa.Value) {
	var fn *types.Func
	if c.IsInvoke() {
		fn = c.Method
		// An io.Reader/io.Writer known to hold a file or a connection.
		if isIOMethod(fn.Name()) {
			if mi, ok := c.Value.(*ssa.MakeInterface); ok && isIOType(mi.X.Type()) {
				return "(" + typeLabel(mi.X.Type()) + ")." + fn.Name(), mi.X
			}
		}
	} else if callee := c.StaticCallee(); callee != nil {
		fn = syncop.FuncOf(callee)
	}
	if fn == nil || fn.Pkg() == nil {
		return "", nil
	}
	pkg, name := fn.Pkg().Path(), fn.Name()
	recv := ""
	ptr := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
			ptr = "*"
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			recv = n.Obj().Name()
		}
	}
	label := func() (string, ssa.Value) {
		short := pkg[strings.LastIndexByte(pkg, '/')+1:]
		if recv == "" {
			return short + "." + name, nil
		}
		var on ssa.Value
		if c.IsInvoke() {
			on = c.Value
		} else if len(c.Args) > 0 {
			on = c.Args[0]
		}
		if on != nil && !isIOType(on.Type()) {
			// Only a connection or a file is a stream whose writes a
			// mutex may exist to keep whole; a client, a database handle
			// or a process is not what the lock serializes.
			on = nil
		}
		return "(" + ptr + short + "." + recv + ")." + name, on
	}
	if !blockingName(pkg, recv, name) {
		return "", nil
	}
	if pkg == "io" {
		// io.Copy and friends block when one side is a file or a connection.
		for _, a := range c.Args {
			if mi, ok := a.(*ssa.MakeInterface); ok && isIOType(mi.X.Type()) {
				what, _ := label()
				return what + " on " + typeLabel(mi.X.Type()), mi.X
			}
		}
		return "", nil
	}
	return label()
}

// blockingName reports whether the function or method name (of the named
// type recv, or "" for a function) of package pkg is network or file I/O
// or waits for a process; io's copying functions count (they block when
// one side is a file or a connection).
func blockingName(pkg, recv, name string) bool {
	switch pkg {
	case "net":
		switch recv {
		case "Conn", "PacketConn", "TCPConn", "UDPConn", "UnixConn", "IPConn", "conn":
			return isIOMethod(name)
		case "Listener", "TCPListener", "UnixListener":
			return strings.HasPrefix(name, "Accept")
		case "Dialer":
			return strings.HasPrefix(name, "Dial")
		case "Resolver":
			return strings.HasPrefix(name, "Lookup")
		case "":
			return strings.HasPrefix(name, "Dial") || strings.HasPrefix(name, "Lookup")
		}
	case "net/http":
		switch recv {
		case "Client":
			switch name {
			case "Do", "Get", "Post", "PostForm", "Head":
				return true
			}
		case "Transport":
			return name == "RoundTrip"
		case "":
			switch name {
			case "Get", "Post", "PostForm", "Head":
				return true
			}
		}
	case "os":
		switch recv {
		case "File":
			return isIOMethod(name) || name == "Sync" || strings.HasPrefix(name, "Readdir") || name == "ReadDir"
		case "":
			switch name {
			case "ReadFile", "WriteFile", "ReadDir":
				return true
			}
		}
	case "os/exec":
		if recv == "Cmd" {
			switch name {
			case "Run", "Wait", "Output", "CombinedOutput":
				return true
			}
		}
	case "io":
		if recv == "" {
			switch name {
			case "Copy", "CopyN", "CopyBuffer", "ReadAll", "ReadFull", "ReadAtLeast", "WriteString":
				return true
			}
		}
	}
	return false
}

// mayBlock reports whether a call of fn may be what blockingCall reports,
// or give a value that makes an I/O interface call or an io.Copy one
// (a function returning a file or a connection).
func mayBlock(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return false
	}
	for v := range sig.Results().Variables() {
		if isIOType(v.Type()) {
			return true
		}
	}
	recv := ""
	if sig.Recv() != nil {
		if n := syncop.Named(sig.Recv().Type()); n != nil {
			recv = n.Obj().Name()
		}
	}
	return blockingName(fn.Pkg().Path(), recv, fn.Name())
}

func isIOMethod(name string) bool {
	switch name {
	case "Read", "ReadAt", "ReadFrom", "Write", "WriteAt", "WriteString", "WriteTo",
		"ReadFromUDP", "ReadFromUDPAddrPort", "ReadMsgUDP", "ReadMsgUDPAddrPort",
		"WriteToUDP", "WriteToUDPAddrPort", "WriteMsgUDP", "WriteMsgUDPAddrPort",
		"ReadFromUnix", "ReadMsgUnix", "WriteToUnix", "WriteMsgUnix",
		"ReadFromIP", "ReadMsgIP", "WriteToIP", "WriteMsgIP":
		return true
	}
	return false
}

// isIOType reports whether t is *os.File, net.Conn or one of net's
// connection types.
func isIOType(t types.Type) bool {
	n := syncop.Named(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "os":
		return n.Obj().Name() == "File"
	case "net":
		name := n.Obj().Name()
		return strings.HasSuffix(name, "Conn") || name == "conn"
	}
	return false
}

func typeLabel(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
