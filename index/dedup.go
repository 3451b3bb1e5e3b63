package index

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Duplicate detection at ingest (see package dedup and docs/duplicates.md).
//
// Every article gets FieldDupExact, a digest of its normalised body (its own
// id when the body has no words, so empty articles never group), and
// FieldDupGroup, the id of the lead of its near-duplicate group (its own id
// when it has none). The lead is the earliest published article of the
// group, ties broken by the lowest id; undated articles come after dated
// ones.
//
// The groups are defined by the set of articles alone (see assignGroups):
// taken in lead order, each article joins the group of its most similar
// earlier confirmed duplicate (single assignment, not transitive merging:
// chains of slightly edited copies cannot snowball into one giant group).
// Each batch decides again, in the same bleve batch, the indexed articles
// whose group its articles can change, so the index always holds that
// partition whatever order, batches or runs the articles came in.
// Candidates come from the articles that share an LSH band key (the band
// table, bandtable.go; FieldDupBands in the test mode bandsInIndex) or the
// exact digest (its postings), read in full.

// dupState is the per-writer state of duplicate detection.
type dupState struct {
	h *dedup.Hasher
}

func newDupState() (*dupState, error) {
	h, err := dedup.NewHasher(dedup.DefaultParams())
	if err != nil {
		return nil, fmt.Errorf("duplicate detection: %w", err)
	}
	return &dupState{h: h}, nil
}

// leadKey orders articles for the lead choice: earliest date, then lowest id.
type leadKey struct {
	undated bool
	unix    int64
	id      string
}

func (k leadKey) less(o leadKey) bool {
	if k.undated != o.undated {
		return !k.undated
	}
	if k.unix != o.unix {
		return k.unix < o.unix
	}
	return k.id < o.id
}

func keyOf(id string, d *time.Time) leadKey {
	if d == nil {
		return leadKey{undated: true, id: id}
	}
	return leadKey{unix: d.Unix(), id: id}
}

// inWindow applies the date window of near-duplicates (dedup.Params.Window).
func inWindow(h *dedup.Hasher, a, b leadKey) bool {
	if a.undated || b.undated {
		return true
	}
	return h.Params().InWindow(time.Unix(a.unix, 0), time.Unix(b.unix, 0))
}

// nearInTime accepts the band table dates (Unix seconds) that may be in
// the window of an article of lead key k, with a day to spare: the
// candidates read back from the index get the exact window.
func nearInTime(h *dedup.Hasher, k leadKey) func(date int64) bool {
	p := h.Params()
	p.Window += 24 * time.Hour
	at := time.Unix(k.unix, 0)
	return func(date int64) bool { return k.undated || p.InWindow(at, time.Unix(date, 0)) }
}

// bandDate is the date the band table keeps for an article of lead key k.
func bandDate(k leadKey) int64 {
	if k.undated {
		return noBandDate
	}
	return k.unix
}

// sortedKey is the lead key of an indexed article from the sort value of
// its FieldDate doc value (prefix-coded nanoseconds; a missing date sorts
// as a sentinel that is not one).
func sortedKey(id, date string) leadKey {
	ns, err := numeric.PrefixCoded(date).Int64()
	if ok, shift := numeric.ValidPrefixCodedTerm(date); err != nil || !ok || shift != 0 {
		return keyOf(id, nil)
	}
	t := time.Unix(0, ns).UTC()
	return keyOf(id, &t)
}

// dupEntry is an article whose group the batch decides: one being written,
// or an indexed one whose group may change with them.
type dupEntry struct {
	id  string
	key leadKey
	// doc is the document being written; nil for an indexed article, which
	// is rewritten only if its group changes.
	doc *document
	// exact is the exact digest of the body, "" when it has no words.
	exact string
	// fp is the fingerprint of the body; for an indexed article it is
	// computed from body when first needed (most are exact copies, which
	// need only the digest).
	fp   *dedup.Fingerprint
	body string
	// stored is the group the index holds for the article ("" for a new
	// one); group the one decided.
	stored, group string
	decided       bool
}

// indexedDup is an indexed article met in the postings of a duplicate key,
// with what the pass needs of it.
type indexedDup struct {
	id           string
	key          leadKey
	exact, group string
	fp           *dedup.Fingerprint // nil until its body is read
}

// groupPass decides the duplicate groups of one batch (see the rule at
// assignGroups).
type groupPass struct {
	ctx  context.Context
	w    *writer
	h    *dedup.Hasher
	snap *engine.Snapshot
	// The indexed articles seen, by doc number and id, and the postings of
	// the duplicate keys looked up, read once per batch.
	byNum    map[uint64]*indexedDup
	byID     map[string]*indexedDup
	postings map[string][]*indexedDup
	// absent holds the ids of the band table that the index does not hold.
	absent map[string]bool
	// entries are the articles the pass decides; queue those not decided
	// yet, earliest first.
	entries map[string]*dupEntry
	queue   entryQueue
	at      *dupEntry // the entry being decided
	// The written articles decided so far, by exact digest and band key:
	// their indexed versions, if any, are out of date.
	byExact map[string][]*dupEntry
	byBand  map[string][]*dupEntry
}

// entryQueue is a heap of entries, earliest lead key first.
type entryQueue []*dupEntry

func (q entryQueue) Len() int           { return len(q) }
func (q entryQueue) Less(i, j int) bool { return q[i].key.less(q[j].key) }
func (q entryQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *entryQueue) Push(x any)        { *q = append(*q, x.(*dupEntry)) }
func (q *entryQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// assignGroups sets the duplicate fields of the documents about to be
// written and returns the indexed articles whose group changes with them,
// as documents to write in the same batch.
//
// The groups are those of one sequential pass over all articles in lead
// order (earliest first, then lowest id; undated last): each article joins
// the group of its most similar earlier confirmed duplicate (an exact copy
// counts as more similar than any near one; ties go to the earliest), or
// leads a group of its own. That depends only on the set of articles, so
// no order of ingest, batch size or worker count changes it. Each article
// keeps one link, to its closest earlier copy, so chains of slightly edited
// copies do not merge groups that do not resemble each other.
//
// A batch decides again only what it can change: its own articles; the
// indexed articles that are later duplicates of one of them (one may now be
// their closest earlier copy); the members of the old group of a changed
// article; and, when an indexed article changes group, the later members
// of the group it leaves (they may have joined through it). Every other
// article keeps its closest earlier copy, and with it its group.
func (w *writer) assignGroups(ctx context.Context, docs map[string]*document) ([]pending, error) {
	if w.dups == nil {
		var err error
		if w.dups, err = newDupState(); err != nil {
			return nil, err
		}
	}
	switch w.ix.dedup {
	case dedupExactOnly:
		for id, doc := range docs {
			doc.DupExact = cmp.Or(dedup.ExactDigest(doc.text(schema.FieldBody)), id)
			doc.DupGroup = id
		}
		return nil, nil
	case dedupNone:
		return nil, nil
	}
	if len(docs) == 0 {
		return nil, nil
	}
	snap, err := engine.OpenSnapshot(w.ix.b, schema.FieldDate, schema.FieldDupExact, schema.FieldDupGroup)
	if err != nil {
		return nil, fmt.Errorf("duplicate detection: %w", err)
	}
	defer snap.Close()
	p := &groupPass{
		ctx: ctx, w: w, h: w.dups.h, snap: snap,
		byNum: map[uint64]*indexedDup{}, byID: map[string]*indexedDup{}, postings: map[string][]*indexedDup{}, absent: map[string]bool{},
		entries: map[string]*dupEntry{}, byExact: map[string][]*dupEntry{}, byBand: map[string][]*dupEntry{},
	}
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	old, err := engine.DocValues(ctx, w.ix.b, ids, schema.FieldDupGroup)
	if err != nil {
		return nil, fmt.Errorf("duplicate groups of changed articles: %w", err)
	}
	for _, id := range ids {
		doc := docs[id]
		if doc.fp == nil { // Put prepares them too; this is a safety net
			fp := p.h.Fingerprint(doc.text(schema.FieldBody))
			doc.fp = &fp
		}
		doc.DupExact = cmp.Or(doc.fp.Exact, id)
		if w.ix.bandsInIndex {
			doc.DupBands = strings.Join(doc.fp.Bands, " ")
		}
		e := &dupEntry{id: id, key: keyOf(id, doc.date()), doc: doc, exact: doc.fp.Exact, fp: doc.fp}
		if v, ok := old[id]; ok {
			e.stored = v[0]
		}
		p.push(e)
	}
	// A changed article leaves its old group: the members that joined it
	// through the old version are decided again.
	for _, id := range ids {
		if g := p.entries[id].stored; g != "" {
			if err := p.pushGroup(g, nil); err != nil {
				return nil, err
			}
		}
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	var moved []*dupEntry
	for _, e := range p.entries {
		switch {
		case e.doc != nil:
			e.doc.DupGroup = e.group
		case e.group != e.stored:
			moved = append(moved, e)
		}
	}
	return w.rebuild(ctx, moved)
}

// push adds e to the articles the pass decides.
func (p *groupPass) push(e *dupEntry) {
	p.entries[e.id] = e
	heap.Push(&p.queue, e)
}

// run decides the entries in lead order, adding those that may change
// with them as it goes; they are always later than the one being decided.
func (p *groupPass) run() error {
	for p.queue.Len() > 0 {
		e := heap.Pop(&p.queue).(*dupEntry)
		p.at = e
		if err := p.decide(e); err != nil {
			return err
		}
		if e.doc != nil {
			// A new or changed body may be the closest earlier copy of
			// indexed articles after it.
			if err := p.pushLater(e); err != nil {
				return err
			}
		} else if e.group != e.stored {
			if err := p.pushGroup(e.stored, &e.key); err != nil {
				return err
			}
		}
	}
	return nil
}

// best is the closest earlier duplicate found so far.
type best struct {
	sim   float64
	key   leadKey
	group string
}

func (b *best) consider(sim float64, key leadKey, group string) {
	if b.group == "" || sim > b.sim || (sim == b.sim && key.less(b.key)) {
		b.sim, b.key, b.group = sim, key, group
	}
}

// decide sets e's group: that of its closest earlier duplicate, or its own.
func (p *groupPass) decide(e *dupEntry) error {
	var b best
	if e.exact != "" {
		// An exact copy beats any near one, and all exact copies are in
		// one group: near candidates need not be compared.
		for _, c := range p.byExact[e.exact] {
			b.consider(2, c.key, c.group)
		}
		ds, err := p.lookup(schema.FieldDupExact, e.exact)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if g, ok := p.earlier(d, e); ok {
				b.consider(2, d.key, g)
			}
		}
	}
	if b.group == "" {
		fp, err := p.fingerprint(e)
		if err != nil {
			return err
		}
		seen := map[*dupEntry]bool{}
		for _, k := range fp.Bands {
			for _, c := range p.byBand[k] {
				if seen[c] {
					continue
				}
				seen[c] = true
				if inWindow(p.h, e.key, c.key) && p.h.Duplicate(fp.Sig, c.fp.Sig) {
					j, _ := dedup.Similarity(fp.Sig, c.fp.Sig)
					b.consider(j, c.key, c.group)
				}
			}
		}
		near, groups, err := p.bandCandidates(fp, e.key, func(d *indexedDup) (string, bool) {
			g, ok := p.earlier(d, e)
			return g, ok && inWindow(p.h, e.key, d.key)
		})
		if err != nil {
			return err
		}
		for i, d := range near {
			if p.h.Duplicate(fp.Sig, d.fp.Sig) {
				j, _ := dedup.Similarity(fp.Sig, d.fp.Sig)
				b.consider(j, d.key, groups[i])
			}
		}
	}
	e.group = cmp.Or(b.group, e.id)
	e.decided = true
	if e.doc != nil {
		if e.exact != "" {
			p.byExact[e.exact] = append(p.byExact[e.exact], e)
		}
		for _, k := range e.fp.Bands {
			p.byBand[k] = append(p.byBand[k], e)
		}
	}
	return nil
}

// bandCandidates returns the indexed articles that share a band key of fp
// and that keep accepts, with their fingerprints read and the group keep
// returns for each. keep must accept only articles in the date window of
// key, the lead key of fp's article: the band table drops the others
// before they are read.
func (p *groupPass) bandCandidates(fp *dedup.Fingerprint, key leadKey, keep func(*indexedDup) (string, bool)) ([]*indexedDup, []string, error) {
	var out []*indexedDup
	var groups []string
	seen := map[*indexedDup]bool{}
	add := func(d *indexedDup) {
		if seen[d] {
			return
		}
		seen[d] = true
		if g, ok := keep(d); ok {
			out = append(out, d)
			groups = append(groups, g)
		}
	}
	if p.w.ix.bandsInIndex {
		for _, k := range fp.Bands {
			ds, err := p.lookup(schema.FieldDupBands, k)
			if err != nil {
				return nil, nil, err
			}
			for _, d := range ds {
				add(d)
			}
		}
	} else {
		ids, err := p.w.ix.bands.candidates(fp.Bands, nearInTime(p.h, key))
		if err != nil {
			return nil, nil, fmt.Errorf("duplicate candidates: %w", err)
		}
		for _, id := range ids {
			d, err := p.indexedByID(id)
			if err != nil {
				return nil, nil, err
			}
			if d != nil {
				add(d)
			}
		}
	}
	if err := p.readFingerprints(out); err != nil {
		return nil, nil, err
	}
	if !p.w.ix.bandsInIndex {
		// The band table may list keys of an older version of an article
		// (bandtable.go): a candidate counts only with a band key of the
		// body the index holds, as it would through indexed keys.
		n := 0
		for i, d := range out {
			if dedup.ShareBand(d.fp.Bands, fp.Bands) {
				out[n], groups[n] = d, groups[i]
				n++
			}
		}
		out, groups = out[:n], groups[:n]
	}
	return out, groups, nil
}

// indexedByID returns what the pass needs of the indexed article id, or
// nil when the index does not hold it.
func (p *groupPass) indexedByID(id string) (*indexedDup, error) {
	if d, ok := p.byID[id]; ok {
		return d, nil
	}
	if p.absent[id] {
		return nil, nil
	}
	var d *indexedDup
	err := p.snap.Postings(p.ctx, "_id", id, func(doc uint64) error {
		var err error
		d, err = p.indexedDoc(doc)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("duplicate candidate %s: %w", id, err)
	}
	if d == nil {
		p.absent[id] = true
	}
	return d, nil
}

// earlier reports whether indexed article d is a candidate for e, earlier
// than e, and its group. An article the pass has decided counts with its
// new group; one being written counts through byExact and byBand, not
// through its indexed version; one not decided yet is not earlier.
func (p *groupPass) earlier(d *indexedDup, e *dupEntry) (string, bool) {
	if x, ok := p.entries[d.id]; ok {
		return x.group, x.doc == nil && x.decided && x != e
	}
	return d.group, d.key.less(e.key)
}

// pushLater adds to the pass the indexed articles after written article e
// that are its duplicates: e may be their closest earlier copy now.
func (p *groupPass) pushLater(e *dupEntry) error {
	later := func(d *indexedDup) bool {
		_, ok := p.entries[d.id]
		return !ok && e.key.less(d.key)
	}
	if e.exact != "" {
		ds, err := p.lookup(schema.FieldDupExact, e.exact)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if later(d) {
				p.pushIndexed(d)
			}
		}
	}
	near, _, err := p.bandCandidates(e.fp, e.key, func(d *indexedDup) (string, bool) {
		return "", later(d) && inWindow(p.h, e.key, d.key)
	})
	if err != nil {
		return err
	}
	for _, d := range near {
		if later(d) && p.h.Duplicate(e.fp.Sig, d.fp.Sig) {
			p.pushIndexed(d)
		}
	}
	return nil
}

// pushIndexed adds indexed article d to the pass.
func (p *groupPass) pushIndexed(d *indexedDup) {
	e := &dupEntry{id: d.id, key: d.key, exact: d.exact, fp: d.fp, stored: d.group}
	if e.exact == e.id {
		e.exact = "" // a body without words has its id as digest
	}
	p.push(e)
}

// pushGroup adds to the pass the indexed members of group g, those after
// key only when key is given, not decided already.
func (p *groupPass) pushGroup(g string, after *leadKey) error {
	t := bleve.NewTermQuery(g)
	t.SetField(schema.FieldDupGroup)
	for from := 0; ; {
		const page = 1000
		req := bleve.NewSearchRequestOptions(t, page, from, false)
		req.Fields = schema.StoredBodyFields()
		req.SortBy([]string{schema.FieldDate, schema.FieldDupExact, "_id"})
		req.Score = "none"
		res, err := p.w.ix.b.SearchInContext(p.ctx, req)
		if err != nil {
			return fmt.Errorf("members of duplicate group %s: %w", g, err)
		}
		for _, hit := range res.Hits {
			if _, ok := p.entries[hit.ID]; ok || len(hit.Sort) < 2 {
				continue
			}
			key := sortedKey(hit.ID, hit.Sort[0])
			if after != nil && !after.less(key) {
				continue
			}
			if p.at != nil && !p.at.key.less(key) {
				// The pass never goes back: a bug, not bad input.
				return fmt.Errorf("duplicate group %s: member %s comes before the article being decided, %s", g, hit.ID, p.at.id)
			}
			body, err := schema.Body(hit.Fields)
			if err != nil {
				return fmt.Errorf("member %s of duplicate group %s: %w", hit.ID, g, err)
			}
			e := &dupEntry{id: hit.ID, key: key, exact: hit.Sort[1], body: body, stored: g}
			if e.exact == e.id {
				e.exact = ""
			}
			p.push(e)
		}
		from += len(res.Hits)
		if len(res.Hits) < page {
			return nil
		}
	}
}

// fingerprint returns the fingerprint of e's body, reading the body of an
// indexed article if need be.
func (p *groupPass) fingerprint(e *dupEntry) (*dedup.Fingerprint, error) {
	if e.fp != nil {
		return e.fp, nil
	}
	if d, ok := p.byID[e.id]; ok && d.fp != nil {
		e.fp = d.fp
		return e.fp, nil
	}
	if e.body == "" {
		res, err := p.bodies([]string{e.id})
		if err != nil {
			return nil, err
		}
		e.body = res[e.id]
	}
	fp := p.h.Fingerprint(e.body)
	e.fp, e.body = &fp, ""
	return e.fp, nil
}

// readFingerprints computes the fingerprints of ds that have none from
// their stored bodies (storing them cost more index space than computing
// them again).
func (p *groupPass) readFingerprints(ds []*indexedDup) error {
	var ids []string
	for _, d := range ds {
		if d.fp == nil {
			ids = append(ids, d.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	bodies, err := p.bodies(ids)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.fp == nil {
			fp := p.h.Fingerprint(bodies[d.id])
			d.fp = &fp
		}
	}
	return nil
}

// bodies reads the stored bodies of indexed articles.
func (p *groupPass) bodies(ids []string) (map[string]string, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = schema.StoredBodyFields()
	req.Score = "none"
	res, err := p.w.ix.b.SearchInContext(p.ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bodies of %d duplicate candidates: %w", len(ids), err)
	}
	out := make(map[string]string, len(res.Hits))
	for _, hit := range res.Hits {
		body, err := schema.Body(hit.Fields)
		if err != nil {
			return nil, fmt.Errorf("duplicate candidate %s: %w", hit.ID, err)
		}
		out[hit.ID] = body
	}
	return out, nil
}

// lookup returns the indexed articles whose field holds term, with their
// dates and duplicate keys from doc values. The keys are looked up in the
// term dictionary directly: most have no posting at all, and a search
// request per article cost more than the rest of the detection. Every
// posting is read, so the candidates do not depend on the order the index
// holds them in.
func (p *groupPass) lookup(field, term string) ([]*indexedDup, error) {
	ck := field + "\x00" + term
	if ds, ok := p.postings[ck]; ok {
		return ds, nil
	}
	if k := p.w.ix.dupKeys; k != nil && !k.mayHold(field, term) {
		p.postings[ck] = nil // no article of the index holds it
		return nil, nil
	}
	var ds []*indexedDup
	err := p.snap.Postings(p.ctx, field, term, func(doc uint64) error {
		d, err := p.indexedDoc(doc)
		if err != nil {
			return err
		}
		ds = append(ds, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("duplicate candidates by %s: %w", field, err)
	}
	p.postings[ck] = ds
	p.w.ix.dupLookups.done++
	if len(ds) == 0 {
		p.w.ix.dupLookups.empty++
	}
	return ds, nil
}

// indexedDoc returns what the pass needs of the indexed document num.
func (p *groupPass) indexedDoc(num uint64) (*indexedDup, error) {
	if d, ok := p.byNum[num]; ok {
		return d, nil
	}
	id, err := p.snap.ExternalID(num)
	if err != nil {
		return nil, fmt.Errorf("duplicate candidate: %w", err)
	}
	d := &indexedDup{id: id, key: keyOf(id, nil)}
	err = p.snap.VisitDocValues(num, func(field string, term []byte) {
		switch field {
		case schema.FieldDate:
			if ok, shift := numeric.ValidPrefixCodedTerm(string(term)); ok && shift == 0 {
				d.key = sortedKey(id, string(term))
			}
		case schema.FieldDupExact:
			d.exact = string(term)
		case schema.FieldDupGroup:
			d.group = string(term)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("duplicate keys of %s: %w", id, err)
	}
	p.byNum[num] = d
	p.byID[id] = d
	return d, nil
}

// rebuild returns the documents of indexed articles es with their new
// groups, to be rewritten.
func (w *writer) rebuild(ctx context.Context, es []*dupEntry) ([]pending, error) {
	if len(es) == 0 {
		return nil, nil
	}
	slices.SortFunc(es, func(a, b *dupEntry) int { return strings.Compare(a.id, b.id) })
	var out []pending
	for chunk := range slices.Chunk(es, 1000) {
		byID := make(map[string]*dupEntry, len(chunk))
		ids := make([]string, len(chunk))
		for i, e := range chunk {
			byID[e.id], ids[i] = e, e.id
		}
		req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
		req.Fields = schema.StoredArticleFields()
		req.SortBy([]string{schema.FieldHash, schema.FieldTokenCounts, "_id"})
		req.Score = "none"
		res, err := w.ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("articles changing duplicate group: %w", err)
		}
		for _, hit := range res.Hits {
			e := byID[hit.ID]
			if e == nil || len(hit.Sort) < 2 {
				continue
			}
			a, err := articleFromFields(hit.Fields)
			if err != nil {
				return nil, fmt.Errorf("article %s changing duplicate group: %w", hit.ID, err)
			}
			doc, err := w.memberDoc(a, hit.Sort[0], hit.Sort[1], e.group)
			if err != nil {
				return nil, err
			}
			out = append(out, pending{id: hit.ID, doc: doc, oldGroup: e.stored})
		}
	}
	return out, nil
}

// memberDoc rebuilds the document of an indexed article with a new group id.
func (w *writer) memberDoc(a *article.Article, hash, lengths, group string) (*document, error) {
	// Names and quotations are extracted again: the document must keep
	// its entity fields, and its stored metadata its names and quotes.
	var ex *extract.Extractor
	if !w.opt.noEntities {
		ex = w.ix.extractor()
	}
	doc, err := newDocument(a, hash, ex, w.ix)
	if err != nil {
		return nil, err
	}
	doc.Lengths = lengths
	fp := w.dups.h.Fingerprint(doc.text(schema.FieldBody))
	doc.DupExact = cmp.Or(fp.Exact, a.ID)
	if w.ix.bandsInIndex {
		doc.DupBands = strings.Join(fp.Bands, " ")
	}
	doc.DupGroup = group
	return doc, nil
}
