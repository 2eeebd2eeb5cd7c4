package a

import (
	"sync"
	"testing"
)

func TestLogAfterReturn(t *testing.T) {
	go func() { // want `this goroutine calls t.Log, but TestLogAfterReturn may return before it finishes`
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
		go func() { // want `this goroutine calls t.Errorf, but the test may return before it finishes`
			t.Errorf("late")
		}()
	})
}
