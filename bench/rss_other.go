//go:build !unix

package main

import (
	"os"
	"time"
)

// maxRSS is unknown off Unix; reports show 0.
func maxRSS(*os.ProcessState) int64 { return 0 }

// selfMaxRSS is unknown off Unix.
func selfMaxRSS() int64 { return 0 }

// selfCPU is unknown off Unix; reports show 0.
func selfCPU() time.Duration { return 0 }
