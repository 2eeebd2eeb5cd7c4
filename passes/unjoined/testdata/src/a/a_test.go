package a

import (
	"io"
	"sync"
	"testing"
	"testing/synctest"
)

func TestLogAfterReturn(t *testing.T) {
	go func() { // want `this goroutine calls t.Log, but TestLogAfterReturn may return first`
		t.Log(sum([]int{1, 2}))
	}()
}

func TestLogWaited(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.Log(sum([]int{1, 2}))
	}()
	wg.Wait()
}

func TestSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		go func() { // want `this goroutine calls t.Errorf, but the test may return first`
			t.Errorf("late")
		}()
	})
}

// Silent: the goroutine talks with the test through a pipe, whose other
// end the test reads.
func TestPipe(t *testing.T) {
	r, w := io.Pipe()
	go func() {
		if _, err := w.Write([]byte("x")); err != nil {
			t.Error(err)
		}
	}()
	buf := make([]byte, 1)
	r.Read(buf)
}

// Silent: synctest.Test waits for every goroutine of its bubble.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		done := false
		go func() {
			done = true
			t.Log("in bubble")
		}()
		synctest.Wait()
		t.Log(done)
	})
}
