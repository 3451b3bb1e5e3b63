package tagger

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Sentence is one training or evaluation sentence: its tokens and their
// gold labels.
type Sentence struct {
	Tokens []string
	Labels []Label
}

// TrainOptions configure Train. The zero value of a field means its
// default.
type TrainOptions struct {
	Epochs int // passes over the data; default 10
	// Seed fixes the order the sentences are visited in each epoch, so
	// training is reproducible.
	Seed uint64
	// MinCount drops features seen fewer times in the training data;
	// default 2.
	MinCount int
	// Prune drops averaged weights smaller than Prune (in perceptron
	// updates); default 0.1. It trades a little accuracy for size.
	Prune float64
	// Places, when set, is a place gazetteer (names as written: "Nairobi",
	// "New York"): whether a word or two-word phrase is on it becomes a
	// feature, and the model carries the list.
	Places []string
	// Epoch, when set, is called after each epoch with the averaged model
	// so far (to follow progress on held-out data).
	Epoch func(epoch int, m *Model)
}

// Train learns a model from labelled sentences: a structured averaged
// perceptron (Collins 2002) over the feature templates of features.go with
// first-order Viterbi decoding. It is deterministic: the same sentences and
// options give a model WriteTo writes to the same bytes.
func Train(sentences []Sentence, opts TrainOptions) (*Model, error) {
	if opts.Epochs == 0 {
		opts.Epochs = 10
	}
	if opts.MinCount == 0 {
		opts.MinCount = 2
	}
	if opts.Prune == 0 {
		opts.Prune = 0.1
	}
	if opts.Epochs < 0 || opts.MinCount < 0 || opts.Prune < 0 {
		return nil, fmt.Errorf("tagger: train options %+v: negative values", opts)
	}
	if len(sentences) == 0 {
		return nil, errors.New("tagger: no training sentences")
	}
	for i, s := range sentences {
		if len(s.Tokens) != len(s.Labels) {
			return nil, fmt.Errorf("tagger: training sentence %d: %d tokens but %d labels", i, len(s.Tokens), len(s.Labels))
		}
		for k, l := range s.Labels {
			prev := -1
			if k > 0 {
				prev = int(s.Labels[k-1])
			}
			if l >= numLabels || !allowed(prev, l) {
				return nil, fmt.Errorf("tagger: training sentence %d, token %d %q: label %v cannot follow %v", i, k, s.Tokens[k], l, Label(max(prev, 0)))
			}
		}
	}
	places := slices.Clone(opts.Places)
	slices.Sort(places)
	places = slices.Compact(places)
	gaz := placeSet(places)
	lex := learnLexicon(sentences)
	t := newTrainer(sentences, gaz, opts.MinCount)
	var s scratch
	var pred []Label
	for epoch := range opts.Epochs {
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(epoch)))
		for _, si := range rng.Perm(len(sentences)) {
			gold := sentences[si].Labels
			n := len(gold)
			if n == 0 {
				continue
			}
			t.emissions(si, &s)
			pred = append(pred[:0], make([]Label, n)...)
			viterbi(s.score, &t.tw, &s, pred)
			t.update(si, gold, pred)
			t.c++
		}
		if opts.Epoch != nil {
			opts.Epoch(epoch+1, t.model(opts.Prune, places, lex))
		}
	}
	return t.model(opts.Prune, places, lex), nil
}

type trainer struct {
	index map[uint64]int32
	w     []int32 // current weights, numLabels per row
	u     []int64 // sum of c·Δw, for averaging
	tw    [numLabels + 1][numLabels]int32
	tu    [numLabels + 1][numLabels]int64
	c     int64 // updates so far (one per sentence), from 1
	// feats[s] lists the rows of each token of sentence s, token k's at
	// feats[s][offs[s][k]:offs[s][k+1]].
	feats [][]int32
	offs  [][]int32
}

func newTrainer(sentences []Sentence, gaz func(string) bool, minCount int) *trainer {
	count := map[uint64]int32{}
	var info []tokenInfo
	var fs []uint64
	each := func(fn func(si, k int, fs []uint64)) {
		for si, s := range sentences {
			info = infos(s.Tokens, gaz, nil, info, nil)
			for k := range s.Tokens {
				fs = features(info, k, gaz, s.Tokens, fs[:0])
				fn(si, k, fs)
			}
		}
	}
	each(func(_, _ int, fs []uint64) {
		for _, f := range fs {
			count[f]++
		}
	})
	t := &trainer{index: map[uint64]int32{}, c: 1, feats: make([][]int32, len(sentences)), offs: make([][]int32, len(sentences))}
	each(func(si, k int, fs []uint64) {
		if k == 0 {
			t.offs[si] = append(t.offs[si], 0)
		}
		for _, f := range fs {
			if count[f] < int32(minCount) {
				continue
			}
			row, ok := t.index[f]
			if !ok {
				row = int32(len(t.index))
				t.index[f] = row
			}
			t.feats[si] = append(t.feats[si], row)
		}
		t.offs[si] = append(t.offs[si], int32(len(t.feats[si])))
	})
	t.w = make([]int32, len(t.index)*numLabels)
	t.u = make([]int64, len(t.index)*numLabels)
	return t
}

func (t *trainer) emissions(si int, s *scratch) {
	off := t.offs[si]
	n := len(off) - 1
	s.score = append(s.score[:0], make([]int32, n*numLabels)...)
	for k := range n {
		sc := s.score[k*numLabels : (k+1)*numLabels]
		for _, row := range t.feats[si][off[k]:off[k+1]] {
			w := t.w[int(row)*numLabels : (int(row)+1)*numLabels]
			for y := range sc {
				sc[y] += w[y]
			}
		}
	}
}

func (t *trainer) update(si int, gold, pred []Label) {
	off := t.offs[si]
	for k := range gold {
		g, p := gold[k], pred[k]
		if g != p {
			for _, row := range t.feats[si][off[k]:off[k+1]] {
				t.add(int(row)*numLabels+int(g), 1)
				t.add(int(row)*numLabels+int(p), -1)
			}
		}
		gp, pp := 0, 0 // previous labels, +1 (0: sentence start)
		if k > 0 {
			gp, pp = int(gold[k-1])+1, int(pred[k-1])+1
		}
		if g != p || gp != pp {
			t.tw[gp][g]++
			t.tu[gp][g] += t.c
			t.tw[pp][p]--
			t.tu[pp][p] -= t.c
		}
	}
}

func (t *trainer) add(i int, d int32) {
	t.w[i] += d
	t.u[i] += t.c * int64(d)
}

// model averages the weights, scales them to int16 and drops the small ones.
func (t *trainer) model(prune float64, places []string, lex *lexicon) *Model {
	avg := func(w int32, u int64) float64 { return float64(w) - float64(u)/float64(t.c) }
	maxAbs := 1.0
	for i := range t.w {
		maxAbs = max(maxAbs, math.Abs(avg(t.w[i], t.u[i])))
	}
	for p := range t.tw {
		for y := range t.tw[p] {
			maxAbs = max(maxAbs, math.Abs(avg(t.tw[p][y], t.tu[p][y])))
		}
	}
	scale := math.MaxInt16 / maxAbs
	m := &Model{index: map[uint64]int32{}, scale: scale, places: places, gaz: placeSet(places), lex: lex, bufs: newPool()}
	for p := range t.tw {
		for y := range t.tw[p] {
			m.trans[p][y] = int32(math.Round(avg(t.tw[p][y], t.tu[p][y]) * scale))
		}
	}
	var row [numLabels]int16
	for f, r := range t.index {
		keep := false
		for y := range numLabels {
			a := avg(t.w[int(r)*numLabels+y], t.u[int(r)*numLabels+y])
			row[y] = 0
			if math.Abs(a) >= prune {
				row[y] = int16(math.Round(a * scale))
				keep = keep || row[y] != 0
			}
		}
		if keep {
			m.index[f] = int32(len(m.index))
			m.weights = append(m.weights, row[:]...)
		}
	}
	m.table = newFeatTable(m.index, m.weights)
	return m
}
