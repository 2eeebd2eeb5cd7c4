package a

import (
	"os"
	"time"
)

func Backoff(n int) { // want Backoff:"blocks: time.Sleep"
	time.Sleep(time.Duration(n) * time.Millisecond)
}

func Save(p []byte) error { // want Save:"blocks: os.WriteFile"
	return os.WriteFile("x", p, 0o600)
}

func Pure(n int) int { return n * 2 }
