package nercorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

// GMBBlock is the block size of SplitGMB used for the shipped model.
const GMBBlock = 500

// Data is the training data and the held-out parts of both corpora.
type Data struct {
	Train []tagger.Sentence
	// GMBTest is the held-out tenth of the GMB (SplitGMB with GMBBlock),
	// each sentence a document of its own: the file does not mark
	// documents.
	GMBTest [][]tagger.Sentence
	// GUMNews is the 24 Wikinews news documents of GUM, all held out.
	GUMNews [][]tagger.Sentence
	// GUMTrain is the GUM documents of the genres asked for, in file name
	// order; Train includes them.
	GUMTrain []tagger.Sentence
}

// Load reads the corpora under dir (../shared/corpus/ner): the GMB split
// into training and held-out parts, the GUM news documents as held-out
// data, and the GUM documents of trainGenres (for example "bio",
// "interview") for training.
func Load(dir string, trainGenres []string) (*Data, error) {
	path := filepath.Join(dir, "gmb-kaggle", "ner_dataset.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	gmb, err := ReadGMB(f, path)
	f.Close()
	if err != nil {
		return nil, err
	}
	d := &Data{}
	train, test, err := SplitGMB(gmb, GMBBlock)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.Train = train
	for _, s := range test {
		d.GMBTest = append(d.GMBTest, []tagger.Sentence{s})
	}
	files, err := filepath.Glob(filepath.Join(dir, "gum", "dep", "*.conllu"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no GUM documents", filepath.Join(dir, "gum", "dep"))
	}
	sort.Strings(files)
	want := map[string]bool{}
	for _, g := range trainGenres {
		want[g] = true
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		doc, err := ReadGUM(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		switch {
		case doc.Genre == "news":
			d.GUMNews = append(d.GUMNews, doc.Sentences)
		case want[doc.Genre]:
			d.GUMTrain = append(d.GUMTrain, doc.Sentences...)
		}
	}
	d.Train = append(d.Train, d.GUMTrain...)
	return d, nil
}

// DevSplit carves a development set out of the training part, for choosing
// features and epochs without looking at the held-out parts: of every nine
// blocks of GMBBlock GMB training sentences, the last is the development
// set (each sentence a document, as GMBTest). The GUM training documents
// stay in train.
func (d *Data) DevSplit() (train []tagger.Sentence, dev [][]tagger.Sentence) {
	gmb := d.Train[:len(d.Train)-len(d.GUMTrain)]
	for i, s := range gmb {
		if (i/GMBBlock)%9 == 8 {
			dev = append(dev, []tagger.Sentence{s})
			continue
		}
		train = append(train, s)
	}
	return append(train, d.GUMTrain...), dev
}
