// Command train rebuilds the names tagger's model (extract/tagger/model.bin.gz)
// from the corpora in ../shared/corpus/ner and the place gazetteer
// extract/places.txt, and records its held-out scores in model.json. It
// runs from the repository root. Run it with `make tagger-model`; the result is
// deterministic, so a rebuilt model is byte-for-byte the committed one.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	corpus "github.com/newsdesk/newsdesk/extract/internal/nercorpus"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

func main() {
	dir := flag.String("corpus", "../shared/corpus/ner", "directory with gmb-kaggle/ and gum/")
	out := flag.String("out", "extract/tagger/model.bin.gz", "model file to write")
	meta := flag.String("meta", "extract/tagger/model.json", "file to record the scores in")
	opts := corpus.DefaultOptions()
	flag.IntVar(&opts.Epochs, "epochs", opts.Epochs, "training epochs")
	flag.Float64Var(&opts.Prune, "prune", opts.Prune, "drop averaged weights below this")
	flag.IntVar(&opts.MinCount, "mincount", opts.MinCount, "drop features seen fewer times")
	genres := flag.String("gum", strings.Join(opts.GUMGenres, ","), "GUM genres to train on besides the GMB (comma-separated, from bio,interview,voyage,academic; empty for none)")
	flag.StringVar(&opts.PlacesFile, "places", opts.PlacesFile, "place gazetteer file, relative to the repository root (empty: none)")
	flag.BoolVar(&opts.Verbose, "v", false, "print held-out scores after each epoch")
	dev := flag.Bool("dev", false, "experiment: train without a development part of the training data and print its scores after each epoch (the held-out parts are not read for choices)")
	flag.Parse()
	opts.GUMGenres = nil
	if *genres != "" {
		opts.GUMGenres = strings.Split(*genres, ",")
	}
	run := run
	if *dev {
		run = func(dir, _, _ string, opts corpus.Options) error { return runDev(dir, opts) }
	}
	if err := run(*dir, *out, *meta, opts); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(dir, out, meta string, opts corpus.Options) error {
	t0 := time.Now()
	data, err := corpus.Load(dir, opts.GUMGenres)
	if err != nil {
		return err
	}
	fmt.Printf("training on %d sentences (%d from GUM %s); held out: %d GMB sentences, %d GUM news sentences\n",
		len(data.Train), len(data.GUMTrain), strings.Join(opts.GUMGenres, ","), len(data.GMBTest), count(data.GUMNews))
	to, err := opts.TrainOptions(".")
	if err != nil {
		return err
	}
	to.Epoch = func(epoch int, m *tagger.Model) {
		fmt.Printf("epoch %2d  %s  GMB person F1 %.3f  GUM news person F1 %.3f\n", epoch, time.Since(t0).Round(time.Second),
			tagger.Evaluate(m, data.GMBTest)[tagger.Person].F1(), tagger.Evaluate(m, data.GUMNews)[tagger.Person].F1())
	}
	if !opts.Verbose {
		to.Epoch = nil
	}
	m, err := tagger.Train(data.Train, to)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	rec := corpus.Record{
		Command:   "make tagger-model",
		Options:   opts,
		Features:  m.Features(),
		Bytes:     buf.Len(),
		Places:    len(m.Places()),
		TrainSent: len(data.Train),
		GMB:       corpus.Scores(tagger.Evaluate(m, data.GMBTest)),
		GUMNews:   corpus.Scores(tagger.Evaluate(m, data.GUMNews)),
	}
	js, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(meta, append(js, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s (%d bytes, %d features) in %s\n", out, buf.Len(), m.Features(), time.Since(t0).Round(time.Second))
	for _, part := range []struct {
		name string
		s    map[string]corpus.PRF
	}{{"GMB held-out", rec.GMB}, {"GUM news", rec.GUMNews}} {
		for _, t := range []string{"PERSON", "ORGANIZATION", "LOCATION", "ALL"} {
			s := part.s[t]
			fmt.Printf("%-13s %-12s P %.3f  R %.3f  F1 %.3f  (%d gold)\n", part.name, t, s.Precision, s.Recall, s.F1, s.Gold)
		}
	}
	return nil
}

func count(docs [][]tagger.Sentence) int {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return n
}

// runDev trains on the training part less its development part
// (Data.DevSplit) and prints the development scores after each epoch.
func runDev(dir string, opts corpus.Options) error {
	t0 := time.Now()
	data, err := corpus.Load(dir, opts.GUMGenres)
	if err != nil {
		return err
	}
	train, dev := data.DevSplit()
	fmt.Printf("training on %d sentences; development: %d GMB sentences\n", len(train), len(dev))
	to, err := opts.TrainOptions(".")
	if err != nil {
		return err
	}
	to.Epoch = func(epoch int, m *tagger.Model) {
		s := corpus.Scores(tagger.Evaluate(m, dev))
		fmt.Printf("epoch %2d  %s  dev PERSON P %.3f R %.3f F1 %.3f  ORG F1 %.3f  LOC F1 %.3f  features %d\n", epoch, time.Since(t0).Round(time.Second),
			s["PERSON"].Precision, s["PERSON"].Recall, s["PERSON"].F1, s["ORGANIZATION"].F1, s["LOCATION"].F1, m.Features())
	}
	_, err = tagger.Train(train, to)
	return err
}
