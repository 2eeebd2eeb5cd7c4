// Command sleepwait shows, in Go, a sleep standing in for a join, next to
// its fix. Run the mistake with
//
//	go run ./testdata/sleepwait -wrong
//
// Seed warning: the concurrent downloader starts one thread per file and
// then, "Assuming downloads finish in 3 seconds, we wait slightly longer":
// time.sleep(3.5). "In real-world applications, relying on sleep to wait
// for threads can be unreliable." A slow network, a loaded machine or a
// bigger file, and the results are read before they exist.
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"sync"
	"time"
)

// downloadTime is how long a simulated download takes (the tutorial's
// 3 seconds, scaled down).
const downloadTime = 300 * time.Millisecond

// download simulates fetching url and returns its size. Sleeping here is
// simulated work inside the worker, not a wait for another goroutine.
func download(url string) int {
	fmt.Println("starting download from", url)
	time.Sleep(downloadTime)
	fmt.Println("completed download from", url)
	return len(url)
}

// WRONG: starts the downloads, then sleeps a little longer than a
// download should take and hopes they are all done.
func downloadAllWrong(urls []string) []int {
	sizes := make([]int, len(urls))
	for i, url := range urls {
		go func() {
			sizes[i] = download(url)
		}()
	}
	time.Sleep(downloadTime + downloadTime/6)
	return sizes
}

// RIGHT: waits for exactly the downloads it started, however long they
// take. Each goroutine writes only its own element of sizes, and
// wg.Wait orders those writes before the return.
func downloadAllRight(urls []string) []int {
	sizes := make([]int, len(urls))
	var wg sync.WaitGroup
	for i, url := range urls {
		wg.Go(func() {
			sizes[i] = download(url)
		})
	}
	wg.Wait()
	return sizes
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	urls := []string{"http://example.com/file1.jpg", "http://example.com/file2.jpg", "http://example.com/file3.jpg"}
	start := time.Now()
	var sizes []int
	if *wrong {
		sizes = downloadAllWrong(urls)
	} else {
		sizes = downloadAllRight(urls)
	}
	fmt.Printf("all files downloaded concurrently in %v: sizes %v\n", time.Since(start).Round(time.Millisecond), sizes)
}
