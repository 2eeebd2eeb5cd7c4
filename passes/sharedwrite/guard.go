package sharedwrite

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/guards"
)

// Guard inference, the second signal (internal/guards): a field most of
// whose accesses hold the same lock of the same object is guarded by it,
// and a write without it is reported even when the goroutine that races
// with it is started outside the package, since the package's own code
// says the field is shared.

func (c *checker) checkGuards() {
	for _, f := range c.pass.ResultOf[guards.Analyzer].(*guards.Result).Fields {
		c.checkField(f)
	}
}

func (c *checker) checkField(f *guards.Field) {
	example := f.Example
	for _, s := range f.Deviant {
		pos := s.Instr.Pos()
		if !pos.IsValid() || c.reported[pos] {
			continue
		}
		c.reported[pos] = true
		lockName := example.Names[f.Guard]
		if b := example.Base; b != "" && strings.HasPrefix(lockName, b+".") && s.Base != "" {
			lockName = s.Base + lockName[len(b):]
		}
		field := f.Class[strings.LastIndex(f.Class, ".")+1:]
		what := "written without"
		if held, _ := s.Held(f.Guard); held {
			what = "written holding only the read lock of"
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:      pos,
			Category: "guard",
			Message: fmt.Sprintf("%s.%s is %s %s, which is held at %d of %d accesses to %s; hold %s here",
				s.Base, field, what, lockName, f.Guarded, f.Accesses, f.Class, lockName),
			Related: []analysis.RelatedInformation{{Pos: example.Instr.Pos(), Message: "accessed holding " + example.Names[f.Guard] + " here"}},
		})
	}
}
