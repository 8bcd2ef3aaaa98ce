//go:build !linux

package main

import "errors"

func evict(*target) (int64, error) {
	return 0, errors.New("-load-cold: the page cache is emptied on Linux only")
}
