package main

import "testing"

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, maxPercent},
		{10 * mb, maxPercent}, // a small package: the fastest pace allowed
		{40 * mb, maxPercent}, // smallGrowth is three times the live heap
		{80 * mb, 150},        // smallGrowth is more than half of it
		{240 * mb, 50},        // half of the live heap from here on
		{1300 * mb, 50},       // the largest packages: 650 MB more, not 3.9 GB
		{1 << 40, 50},
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d MB) = %d, want %d", tc.live/mb, got, tc.want)
		}
	}
}
