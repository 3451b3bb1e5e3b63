package nercorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

// Options are the training settings of the shipped model.
type Options struct {
	Epochs    int      `json:"epochs"`
	Seed      uint64   `json:"seed"`
	MinCount  int      `json:"min_count"`
	Prune     float64  `json:"prune"`
	GUMGenres []string `json:"gum_train_genres"` // GUM genres added to the training data
	// PlacesFile is the place gazetteer, relative to the repository root.
	PlacesFile string `json:"places_file"`
	Verbose    bool   `json:"-"` // print held-out scores after each epoch
}

// DefaultOptions are the settings make tagger-model trains with: the GUM
// genres whose texts are CC BY (academic: CC BY 4.0; interview, from
// Wikinews: CC BY 2.5) join the GMB; bio and voyage (CC BY-SA 3.0) and news
// (held out) do not.
func DefaultOptions() Options {
	return Options{Epochs: 8, Seed: 13, MinCount: 2, Prune: 0.1, GUMGenres: []string{"academic", "interview"},
		PlacesFile: "extract/places.txt"}
}

// TrainOptions returns the tagger's options for o, reading the gazetteer
// from o.PlacesFile under root (the repository's root directory).
func (o Options) TrainOptions(root string) (tagger.TrainOptions, error) {
	to := tagger.TrainOptions{Epochs: o.Epochs, Seed: o.Seed, MinCount: o.MinCount, Prune: o.Prune}
	if o.PlacesFile != "" {
		var err error
		if to.Places, err = ReadPlaces(filepath.Join(root, o.PlacesFile)); err != nil {
			return to, err
		}
	}
	return to, nil
}

// ReadPlaces reads a gazetteer file: one name a line, # comments and blank
// lines skipped (the format of extract/places.txt).
func ReadPlaces(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for l := range strings.Lines(string(data)) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no places", path)
	}
	return out, nil
}

// PRF is a score as model.json records it.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Found     int     `json:"found"`
}

// Scores converts Evaluate's scores, "" becoming "ALL".
func Scores(s map[tagger.Type]tagger.Score) map[string]PRF {
	out := map[string]PRF{}
	for t, sc := range s {
		k := string(t)
		if k == "" {
			k = "ALL"
		}
		out[k] = PRF{Precision: round3(sc.Precision()), Recall: round3(sc.Recall()), F1: round3(sc.F1()), Gold: sc.TP + sc.FN, Found: sc.TP + sc.FP}
	}
	return out
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// Record is model.json: how the committed model was made and what it
// scored on the held-out parts.
type Record struct {
	Command   string         `json:"command"`
	Options   Options        `json:"options"`
	Features  int            `json:"features"`
	Bytes     int            `json:"bytes"`
	Places    int            `json:"places"`
	TrainSent int            `json:"training_sentences"`
	GMB       map[string]PRF `json:"gmb_heldout"`
	GUMNews   map[string]PRF `json:"gum_news"`
}
