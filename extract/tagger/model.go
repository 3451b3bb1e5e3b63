package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Model is a trained tagger: feature weights per label and label transition
// weights. It is immutable and safe for concurrent use.
type Model struct {
	index   map[uint64]int32 // feature hash → row in weights
	weights []int16          // numLabels per row
	table   featTable        // index and weights, for tagging
	// trans[p+1][y] scores label y after label p (row 0: sentence start).
	trans [numLabels + 1][numLabels]int32
	// scale is the weights' units per perceptron update.
	scale float64
	// places is the gazetteer the model was trained with and carries;
	// gaz asks it, or the caller's function (WithGazetteer).
	places []string
	gaz    func(string) bool
	// lex is what training learned of the words of its text.
	lex *lexicon
	// bufs recycles per-call scratch space.
	bufs *sync.Pool
}

// Features returns the number of features the model keeps.
func (m *Model) Features() int { return len(m.index) }

// Places returns the place gazetteer the model carries (TrainOptions.Places),
// sorted.
func (m *Model) Places() []string { return slices.Clone(m.places) }

// WithGazetteer returns a copy of m whose place-gazetteer feature asks gaz
// instead of the model's own list, for a caller with a better one (with
// aliases or folding). It is asked about capitalised words and two-word
// phrases as written ("Nairobi", "New York"), and should answer as the
// training list did for the names on it; nil switches the feature off.
func (m *Model) WithGazetteer(gaz func(string) bool) *Model {
	c := *m
	c.gaz = gaz
	c.bufs = newPool()
	return &c
}

type scratch struct {
	info  []tokenInfo
	feats []uint64
	// featEnd[i] is where the features of token i end in feats.
	featEnd []int32
	// sink keeps the prefetching reads (featTable.prefetch) from being
	// optimised away.
	sink  uint64
	score []int32              // numLabels per token: emission scores
	back  []int8               // numLabels per token: Viterbi back-pointers
	words map[string]tokenInfo // infos' cache; a scratch space serves one model
	// start and end are the sums of the sentence-boundary pseudo-words.
	start, end wordSums
}

func newPool() *sync.Pool {
	return &sync.Pool{New: func() any { return new(scratch) }}
}

// Tag returns the BIO label of each token of one sentence (tokens as
// Tokenize makes them). Feeding a whole paragraph works but loses the
// sentence-start features; see Sentences.
func (m *Model) Tag(tokens []string) []Label {
	out, _ := m.tag(tokens, false)
	return out
}

// tag also returns, when asked, how far each token's emission score for
// B-PERSON falls short of its best other B label's (0 or more).
func (m *Model) tag(tokens []string, withGap bool) ([]Label, []int32) {
	out := make([]Label, len(tokens))
	if len(tokens) == 0 {
		return out, nil
	}
	s := m.bufs.Get().(*scratch)
	defer m.bufs.Put(s)
	m.emissions(tokens, s)
	viterbi(s.score, &m.trans, s, out)
	if !withGap {
		return out, nil
	}
	gap := make([]int32, len(tokens))
	for k := range tokens {
		sc := s.score[k*numLabels : (k+1)*numLabels]
		gap[k] = max(0, max(sc[BOrganization], sc[BLocation])-sc[BPerson])
	}
	return out, gap
}

// Entities returns the names in one sentence as token spans.
func (m *Model) Entities(tokens []string) []Entity {
	return Entities(m.Tag(tokens))
}

// Name is a name found in a text, with its byte offsets:
// text[Start:End] == Text.
type Name struct {
	Text       string
	Start, End int
	Type       Type
}

// Find tokenises text (one article, or one paragraph of it), splits it
// into sentences, tags them as one document (TagDocument) and returns the
// names with their byte offsets, in order.
func (m *Model) Find(text string) []Name {
	sents := Sentences(Tokenize(text))
	doc := make([][]string, len(sents))
	for i, sent := range sents {
		doc[i] = make([]string, len(sent))
		for k, t := range sent {
			doc[i][k] = t.Text
		}
	}
	var out []Name
	for i, labels := range m.TagDocument(doc) {
		for _, e := range Entities(labels) {
			start, end := sents[i][e.Start].Start, sents[i][e.End-1].End
			out = append(out, Name{Text: text[start:end], Start: start, End: end, Type: e.Type})
		}
	}
	return out
}

// FindParagraphs is Find for the paragraphs of one document: sentences
// never cross a paragraph break, the document pass (TagDocument) spans all
// paragraphs, and the names of paragraph i, with byte offsets in paras[i],
// are out[i]. Sentences without a capitalised word after their first are
// not tagged (see mayName), which makes it faster than Find on news.
func (m *Model) FindParagraphs(paras []string) [][]Name {
	size := 0
	for _, p := range paras {
		size += len(p)
	}
	// The tokens of all paragraphs in one buffer, and the words of the
	// sentences tagged in another: two allocations for most documents.
	all := make([]Token, 0, size/4+1)
	words := make([]string, 0, size/4+1)
	var doc [][]string
	var sents [][]Token
	var paraOf []int
	for pi, p := range paras {
		from := len(all)
		all = appendTokens(all, p)
		for _, sent := range Sentences(all[from:]) {
			if !m.mayName(sent) {
				continue // saves about a third of the tagging of news
			}
			at := len(words)
			for _, t := range sent {
				words = append(words, t.Text)
			}
			doc = append(doc, words[at:len(words):len(words)])
			sents = append(sents, sent)
			paraOf = append(paraOf, pi)
		}
	}
	out := make([][]Name, len(paras))
	for i, labels := range m.TagDocument(doc) {
		p := paras[paraOf[i]]
		for _, e := range Entities(labels) {
			start, end := sents[i][e.Start].Start, sents[i][e.End-1].End
			out[paraOf[i]] = append(out[paraOf[i]], Name{Text: p[start:end], Start: start, End: end, Type: e.Type})
		}
	}
	return out
}

// mayName reports whether a sentence may hold a name worth tagging: a
// capitalised word after its first, or a first word that the training text
// does not write in lower case inside sentences ("Mutharika thanked
// voters.", but not "The talks ended."). The sentences it skips are about
// a fifth of the tokens of Reuters-21578.
func (m *Model) mayName(sent []Token) bool {
	for _, t := range sent[min(1, len(sent)):] {
		if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) {
			return true
		}
	}
	if len(sent) == 0 || !isCapitalised(sent[0].Text) {
		return false
	}
	switch m.lex.capsOf(sent[0].Text) {
	case capsNever, capsSometimes:
		return false
	}
	return true
}

func (m *Model) emissions(tokens []string, s *scratch) {
	if s.words == nil {
		s.words = map[string]tokenInfo{}
		s.start, s.end = m.table.edgeSums()
	}
	s.info = infos(tokens, m.gaz, &m.table, s.info, s.words)
	s.score = slices.Grow(s.score[:0], len(tokens)*numLabels)[:len(tokens)*numLabels]
	n := len(tokens)
	// The features that combine words, for the whole sentence first: the
	// table is read at random, and asking it for all of them in one loop
	// lets the processor wait for several cache misses at once (prefetch).
	s.feats = s.feats[:0]
	s.featEnd = slices.Grow(s.featEnd[:0], n)[:n]
	for i := range tokens {
		s.feats = contextHashes(s.info, i, m.gaz, tokens, &s.start, s.feats)
		s.featEnd[i] = int32(len(s.feats))
	}
	s.sink ^= m.table.prefetch(s.feats)
	start := 0
	for i := range tokens {
		// The word's own sums and its neighbours' (fast.go), then the
		// features that combine words.
		sc := (*[numLabels]int32)(s.score[i*numLabels : (i+1)*numLabels])
		*sc = s.info[i].sums.self
		left, left2, right, right2 := &s.start.left, &s.start.left2, &s.end.right, &s.end.right2
		if i > 0 {
			left = &s.info[i-1].sums.left
		}
		if i > 1 {
			left2 = &s.info[i-2].sums.left2
		}
		if i+1 < n {
			right = &s.info[i+1].sums.right
		}
		if i+2 < n {
			right2 = &s.info[i+2].sums.right2
		}
		for y := range numLabels {
			sc[y] += left[y] + left2[y] + right[y] + right2[y]
		}
		end := int(s.featEnd[i])
		for _, f := range s.feats[start:end] {
			w := m.table.get(f)
			if w == nil {
				continue
			}
			for y := range numLabels {
				sc[y] += int32(w[y])
			}
		}
		start = end
	}
}

// emissionsSlow is emissions summing every feature of features, as
// training does; TestWordSumsMatchFeatures compares the two.
func (m *Model) emissionsSlow(tokens []string, s *scratch) {
	s.info = infos(tokens, m.gaz, nil, s.info, nil)
	s.score = slices.Grow(s.score[:0], len(tokens)*numLabels)[:len(tokens)*numLabels]
	clear(s.score)
	for i := range tokens {
		s.feats = features(s.info, i, m.gaz, tokens, s.feats[:0])
		sc := s.score[i*numLabels : (i+1)*numLabels]
		for _, f := range s.feats {
			w := m.table.get(f)
			if w == nil {
				continue
			}
			for y := range numLabels {
				sc[y] += int32(w[y])
			}
		}
	}
}

// allowedAfter[p+1][y] is allowed(p, y), computed once: Viterbi asks it
// for every pair of labels of every token.
var allowedAfter = func() (t [numLabels + 1][numLabels]bool) {
	for p := -1; p < numLabels; p++ {
		for y := range numLabels {
			t[p+1][y] = allowed(p, Label(y))
		}
	}
	return t
}()

// viterbi writes the best label sequence under the emission scores
// (numLabels per token) and transition weights, never an I label that does
// not continue its type.
func viterbi(score []int32, trans *[numLabels + 1][numLabels]int32, s *scratch, out []Label) {
	n := len(out)
	const minScore = math.MinInt32 / 2
	s.back = slices.Grow(s.back[:0], n*numLabels)[:n*numLabels]
	var prev, cur [numLabels]int32
	for y := range numLabels {
		prev[y] = minScore
		if allowed(-1, Label(y)) {
			prev[y] = trans[0][y] + score[y]
		}
	}
	for i := 1; i < n; i++ {
		for y := range numLabels {
			best, arg := int32(minScore), int8(0)
			for p := range numLabels {
				if !allowedAfter[p+1][y] || prev[p] <= minScore {
					continue
				}
				if v := prev[p] + trans[p+1][y]; v > best {
					best, arg = v, int8(p)
				}
			}
			cur[y] = best + score[i*numLabels+y]
			s.back[i*numLabels+y] = arg
		}
		prev = cur
	}
	best := 0
	for y := range numLabels {
		if prev[y] > prev[best] {
			best = y
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = Label(best)
		best = int(s.back[i*numLabels+best])
	}
}

// The model file: gzip of magic, feature version, number of labels, the
// scale of the weights (float64 bits), the gazetteer (a count, then each
// entry's length and bytes), transition weights, and the features
// sorted by hash (hash deltas, a bit mask of the labels with a non-zero
// weight, those weights), all as varints.
const magic = "newsdesk-tagger\n"

// WriteTo writes the model in the format Load reads. The bytes depend only
// on the model, so a retrained model can be compared with the committed one.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return cw.n, err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	sv := func(x int64) { bw.Write(buf[:binary.PutVarint(buf[:], x)]) }
	bw.WriteString(magic)
	uv(featureVersion)
	uv(numLabels)
	uv(math.Float64bits(m.scale))
	uv(uint64(len(m.places)))
	for _, p := range m.places {
		uv(uint64(len(p)))
		bw.WriteString(p)
	}
	words := make([]string, 0, len(m.lex.caps))
	for w := range m.lex.caps {
		words = append(words, w)
	}
	slices.Sort(words)
	uv(uint64(len(words)))
	for _, w := range words {
		uv(uint64(len(w)))
		bw.WriteString(w)
		bw.WriteByte(m.lex.caps[w])
	}
	for p := range m.trans {
		for y := range m.trans[p] {
			sv(int64(m.trans[p][y]))
		}
	}
	hashes := make([]uint64, 0, len(m.index))
	for h := range m.index {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	uv(uint64(len(hashes)))
	var last uint64
	for _, h := range hashes {
		uv(h - last)
		last = h
		row := m.index[h]
		ws := m.weights[int(row)*numLabels : (int(row)+1)*numLabels]
		var mask byte
		for y, x := range ws {
			if x != 0 {
				mask |= 1 << y
			}
		}
		bw.WriteByte(mask)
		for _, x := range ws {
			if x != 0 {
				sv(int64(x))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, fmt.Errorf("write tagger model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return cw.n, fmt.Errorf("write tagger model: %w", err)
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Load reads a model written by WriteTo.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tagger model: %w", err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("tagger model: not a newsdesk tagger model")
	}
	var rerr error
	uv := func(what string) uint64 {
		x, err := binary.ReadUvarint(br)
		if err != nil && rerr == nil {
			rerr = fmt.Errorf("tagger model: reading %s: %w", what, noEOF(err))
		}
		return x
	}
	sv := func(what string) int64 {
		x, err := binary.ReadVarint(br)
		if err != nil && rerr == nil {
			rerr = fmt.Errorf("tagger model: reading %s: %w", what, noEOF(err))
		}
		return x
	}
	if v := uv("version"); rerr == nil && v != featureVersion {
		return nil, fmt.Errorf("tagger model: feature version %d, this build reads %d (retrain with make tagger-model)", v, featureVersion)
	}
	if n := uv("labels"); rerr == nil && n != numLabels {
		return nil, fmt.Errorf("tagger model: %d labels, want %d", n, numLabels)
	}
	m := &Model{bufs: newPool()}
	m.scale = math.Float64frombits(uv("scale"))
	if rerr == nil && !(m.scale > 0 && m.scale < math.Inf(1)) {
		return nil, fmt.Errorf("tagger model: scale %v", m.scale)
	}
	np := uv("gazetteer size")
	if rerr == nil && np > 1<<24 {
		return nil, fmt.Errorf("tagger model: %d gazetteer entries is more than a model can hold", np)
	}
	for range np {
		n := uv("gazetteer entry")
		if rerr != nil {
			return nil, rerr
		}
		if n > 1<<10 {
			return nil, fmt.Errorf("tagger model: gazetteer entry of %d bytes", n)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("tagger model: gazetteer: %w", noEOF(err))
		}
		m.places = append(m.places, string(b))
	}
	m.gaz = placeSet(m.places)
	nw := uv("lexicon size")
	if rerr == nil && nw > 1<<24 {
		return nil, fmt.Errorf("tagger model: %d lexicon entries is more than a model can hold", nw)
	}
	m.lex = &lexicon{caps: make(map[string]uint8, nw)}
	for range nw {
		n := uv("lexicon entry")
		if rerr != nil {
			return nil, rerr
		}
		if n > 1<<10 {
			return nil, fmt.Errorf("tagger model: lexicon entry of %d bytes", n)
		}
		b := make([]byte, n+1)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("tagger model: lexicon: %w", noEOF(err))
		}
		m.lex.caps[string(b[:n])] = b[n]
	}
	for p := range m.trans {
		for y := range m.trans[p] {
			m.trans[p][y] = int32(sv("transitions"))
		}
	}
	n := uv("feature count")
	if rerr != nil {
		return nil, rerr
	}
	if n > 1<<26 {
		return nil, fmt.Errorf("tagger model: %d features is more than a model can hold", n)
	}
	m.index = make(map[uint64]int32, n)
	m.weights = make([]int16, 0, n*numLabels)
	var h uint64
	for i := range n {
		h += uv("feature hash")
		mask, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("tagger model: feature %d: %w", i, noEOF(err))
		}
		for y := range numLabels {
			var x int64
			if mask&(1<<y) != 0 {
				x = sv("weight")
			}
			if x < math.MinInt16 || x > math.MaxInt16 {
				return nil, fmt.Errorf("tagger model: feature %d: weight %d out of range", i, x)
			}
			m.weights = append(m.weights, int16(x))
		}
		if rerr != nil {
			return nil, rerr
		}
		m.index[h] = int32(i)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("tagger model: trailing data after the features")
	}
	m.table = newFeatTable(m.index, m.weights)
	return m, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// placeSet returns the gazetteer function of a list, nil for none.
func placeSet(places []string) func(string) bool {
	if len(places) == 0 {
		return nil
	}
	set := make(map[string]bool, len(places))
	for _, p := range places {
		set[p] = true
	}
	return func(s string) bool { return set[s] }
}
