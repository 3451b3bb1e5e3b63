// Command bench measures newsdesk against plain bleve and SQLite FTS5 on the
// same documents in one run, generates realistic archives of any size, and
// measures ingest and queries as the archive grows. See BENCHMARKS.md.
//
//	bench [-corpus PATH] [-out FILE]        ingest + query comparison (default)
//	bench gen -n N -seed S -out FILE.jsonl  generate an archive
//	bench shard [-archive FILE.jsonl]       one index against one index per year
//	bench scale -sizes 10000,100000         ingest/query curves on generated archives
//	bench fields                            newsdesk index size per field
//	bench mapping                           newsdesk index size per layout choice
//	bench robust                            kills during ingest, load, worst inputs
//	bench load -index DIR                   32 clients of mixed requests on an index
//
// It is a separate module so that newsdesk itself does not depend on SQLite.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if errors.Is(err, errNoCorpus) {
			// No shared corpus on this machine: nothing to measure, not a failure.
			fmt.Fprintf(os.Stderr, "bench: skipping: %v (pass -corpus PATH; see BENCHMARKS.md)\n", err)
			return
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand; with no subcommand name it runs the
// comparison.
func run(ctx context.Context, args []string) error {
	cmd := "compare"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "compare":
		return cmdCompare(ctx, args)
	case "shard":
		return cmdShard(ctx, args)
	case "ingest-child":
		return cmdIngestChild(ctx, args)
	case "gen":
		return cmdGen(ctx, args)
	case "scale":
		return cmdScale(ctx, args)
	case "fields":
		return cmdFields(ctx, args)
	case "query":
		return cmdQuery(ctx, args)
	case "mapping":
		return cmdMapping(ctx, args)
	case "robust":
		return cmdRobust(ctx, args)
	case "load":
		return cmdLoad(ctx, args)
	case "segment":
		return cmdSegment(ctx, args)
	case "ops":
		return cmdOps(ctx, args)
	}
	return fmt.Errorf("unknown command %q: want compare, gen, scale, fields, query, ops, mapping, segment, shard, robust or load", cmd)
}
