package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/ingest"
)

// Duplicate detection at ingest (see package dedup and README "Duplicates").
//
// Every article gets FieldDupExact, a digest of its normalised body (its own
// id when the body has no words, so empty articles never group), and
// FieldDupGroup, the id of the lead of its near-duplicate group (its own id
// when it has none). The lead is the earliest published article of the
// group, ties broken by the lowest id; undated articles come after dated
// ones. When an article joins a group whose lead is later than itself, it
// becomes the lead and the members already indexed are rewritten with the
// new group id in the same bleve batch, so the groups in the index always
// agree with the lead rule whatever order the exports are ingested in. When
// a lead itself changes, the other members of its group are assigned again
// in the same batch, so none keeps the id of a lead it no longer resembles.
//
// A new article joins the group of its most similar confirmed candidate
// (single assignment, not transitive merging: chains of slightly edited
// copies cannot snowball into one giant group). Candidates come from the
// articles already indexed that share an LSH band key (FieldDupBands) or the
// exact digest, and from the articles earlier in the same batch.
const (
	// FieldDupBands holds the LSH band keys of the body (KeysAnalyzer):
	// indexed only, to find candidates.
	FieldDupBands = "dup_bands"
	// FieldDupSig was the stored MinHash signature of the body. It is no
	// longer written: a candidate's signature is computed again from its
	// stored body, which is read with it anyway (bleve decompresses all
	// stored fields of a document together). Indexes made before keep the
	// field, unread.
	FieldDupSig = "dup_sig"
)

// maxCandidates bounds the indexed articles compared with each new one; the
// best-scoring (most band keys shared) come first.
const maxCandidates = 50

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

// dupEntry is one article of the batch being written.
type dupEntry struct {
	id  string
	doc *document
	fp  dedup.Fingerprint
	key leadKey
}

// assignGroups sets the duplicate fields of the documents about to be
// written and returns the indexed articles whose group id changes because a
// new article became their lead, as documents to write in the same batch.
func (w *writer) assignGroups(ctx context.Context, docs map[string]*document) ([]pending, error) {
	if w.dups == nil {
		var err error
		if w.dups, err = newDupState(); err != nil {
			return nil, err
		}
	}
	switch w.ix.dedupOff {
	case 1:
		for id, doc := range docs {
			doc.DupExact = cmp.Or(dedup.ExactDigest(doc.Body), id)
			doc.DupGroup = id
		}
		return nil, nil
	case 2:
		return nil, nil
	}
	h := w.dups.h
	adv, err := w.ix.b.Advanced()
	if err != nil {
		return nil, fmt.Errorf("duplicate detection: %w", err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("duplicate detection: %w", err)
	}
	defer reader.Close()
	// An indexed lead that changes may leave its group: its members are
	// assigned again with the batch, as if re-ingested.
	orphans, err := w.orphans(ctx, docs)
	if err != nil {
		return nil, err
	}
	for _, p := range orphans {
		docs[p.id] = p.doc
	}
	entries := make([]*dupEntry, 0, len(docs))
	for id, doc := range docs {
		if doc.fp == nil { // rebuilt members; new articles come prepared
			fp := h.Fingerprint(doc.Body)
			doc.fp = &fp
		}
		e := &dupEntry{id: id, doc: doc, fp: *doc.fp, key: keyOf(id, doc.Date)}
		doc.DupExact = cmp.Or(e.fp.Exact, id)
		doc.DupBands = strings.Join(e.fp.Bands, " ")
		doc.DupGroup = id
		entries = append(entries, e)
	}
	// Earliest first, so within a batch the first member of a group is its lead.
	slices.SortFunc(entries, func(a, b *dupEntry) int {
		switch {
		case a.key.less(b.key):
			return -1
		case b.key.less(a.key):
			return 1
		}
		return 0
	})

	var (
		byBand  = map[string][]*dupEntry{}
		byExact = map[string]*dupEntry{}
		leads   = map[string]leadKey{} // group id → its lead's key
		relead  = map[string]string{}  // group id in the index → group id now
		rewrite = map[string]bool{}    // indexed groups whose members get a new group id
		indexed = map[string]bool{}    // groups that have members in the index
	)
	resolve := func(g string) string {
		for {
			n, ok := relead[g]
			if !ok {
				return g
			}
			g = n
		}
	}
	done := entries[:0:0]
	for _, e := range entries {
		best, bestSim, bestKey := "", -1.0, leadKey{}
		consider := func(group string, key leadKey, sim float64) {
			if sim > bestSim || (sim == bestSim && key.less(bestKey)) {
				best, bestSim, bestKey = group, sim, key
			}
		}
		// Articles earlier in this batch.
		seen := map[*dupEntry]bool{}
		if c, ok := byExact[e.fp.Exact]; ok && e.fp.Exact != "" {
			seen[c] = true
			consider(c.doc.DupGroup, leads[c.doc.DupGroup], 2)
		}
		for _, k := range e.fp.Bands {
			for _, c := range byBand[k] {
				if seen[c] {
					continue
				}
				seen[c] = true
				if h.Duplicate(e.fp.Sig, c.fp.Sig) && inWindow(h, e.key, c.key) {
					j, _ := dedup.Similarity(e.fp.Sig, c.fp.Sig)
					consider(c.doc.DupGroup, leads[c.doc.DupGroup], j)
				}
			}
		}
		// Articles already indexed.
		cands, err := w.ix.dupCandidates(ctx, reader, h, e, docs)
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			sim := 2.0 // same exact digest
			if e.fp.Exact == "" || c.exact != e.fp.Exact {
				if !h.Duplicate(e.fp.Sig, c.sig) || !inWindow(h, e.key, c.key) {
					continue
				}
				sim, _ = dedup.Similarity(e.fp.Sig, c.sig)
			}
			g := resolve(c.group)
			indexed[g] = true
			lk, ok := leads[g]
			if !ok {
				if lk, err = w.ix.leadKeyOf(ctx, g, c); err != nil {
					return nil, err
				}
				leads[g] = lk
			}
			consider(g, lk, sim)
		}

		switch {
		case best == "":
			leads[e.id] = e.key
		case e.key.less(leads[best]):
			// e is earlier than the group's lead: it leads the group now.
			for _, d := range done {
				if d.doc.DupGroup == best {
					d.doc.DupGroup = e.id
				}
			}
			relead[best] = e.id
			if indexed[best] {
				rewrite[best] = true
				indexed[e.id] = true
			}
			delete(leads, best)
			leads[e.id] = e.key
		default:
			e.doc.DupGroup = best
		}
		if e.fp.Exact != "" {
			if _, ok := byExact[e.fp.Exact]; !ok {
				byExact[e.fp.Exact] = e
			}
		}
		for _, k := range e.fp.Bands {
			byBand[k] = append(byBand[k], e)
		}
		done = append(done, e)
	}
	out := orphans
	for g := range rewrite {
		if relead[g] == "" {
			continue
		}
		ps, err := w.regroup(ctx, g, resolve(g), docs)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// candidate is an indexed article that may duplicate a new one.
type candidate struct {
	id, exact, group string
	key              leadKey
	sig              dedup.Signature
}

// dupCandidates returns the indexed articles (not being rewritten in this
// batch) that share e's exact digest or one of its band keys, with their
// signatures computed from their stored bodies, those sharing most keys
// first. The keys are looked up
// in the term dictionary directly (r): most have no posting at all, and a
// search request per article cost more than the rest of the detection.
func (ix *Index) dupCandidates(ctx context.Context, r bindex.IndexReader, h *dedup.Hasher, e *dupEntry, batch map[string]*document) ([]candidate, error) {
	shared := map[string]int{}
	look := func(field, term string) error {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return err
		}
		defer tfr.Close()
		var td bindex.TermFieldDoc
		for n := 0; n < 10*maxCandidates; n++ {
			d, err := tfr.Next(&td)
			if err != nil || d == nil {
				return err
			}
			id, err := r.ExternalID(d.ID)
			if err != nil {
				return err
			}
			if _, ok := batch[id]; !ok {
				shared[id]++
			}
		}
		return nil
	}
	// Exact copies share every band key, and come first for it; the digest
	// is looked up only for bodies too short for band keys.
	if e.fp.Exact != "" && len(e.fp.Bands) == 0 {
		if err := look(FieldDupExact, e.fp.Exact); err != nil {
			return nil, fmt.Errorf("duplicate candidates of %s: %w", e.id, err)
		}
	}
	for _, k := range e.fp.Bands {
		if err := look(FieldDupBands, k); err != nil {
			return nil, fmt.Errorf("duplicate candidates of %s: %w", e.id, err)
		}
	}
	if len(shared) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(shared))
	for id := range shared {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(shared[b]-shared[a], strings.Compare(a, b)) })
	if len(ids) > maxCandidates {
		ids = ids[:maxCandidates]
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	// The signature is computed again from the stored body (storing it cost
	// more than that); the date comes from doc values.
	req.Fields = []string{FieldBody}
	req.SortBy([]string{FieldDupGroup, FieldDupExact, FieldDate}) // the doc values come back in hit.Sort
	req.Score = "none"
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("duplicate candidates of %s: %w", e.id, err)
	}
	out := make([]candidate, 0, len(res.Hits))
	for _, hit := range res.Hits {
		if len(hit.Sort) < 3 {
			continue
		}
		body, _ := hit.Fields[FieldBody].(string)
		key, sig := sortedKey(hit.ID, hit.Sort[2]), h.Signature(body)
		out = append(out, candidate{id: hit.ID, exact: hit.Sort[1], group: hit.Sort[0], key: key, sig: sig})
	}
	// Most shared keys first, as ids were: the best match wins ties later.
	slices.SortFunc(out, func(a, b candidate) int { return cmp.Or(shared[b.id]-shared[a.id], strings.Compare(a.id, b.id)) })
	return out, nil
}

// leadKeyOf returns the lead key of indexed group g, reached through
// candidate c.
func (ix *Index) leadKeyOf(ctx context.Context, g string, c candidate) (leadKey, error) {
	if c.id == g {
		return c.key, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{g}), 1, 0, false)
	req.SortBy([]string{FieldDate})
	req.Score = "none"
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return leadKey{}, fmt.Errorf("lead of duplicate group %s: %w", g, err)
	}
	if len(res.Hits) == 0 {
		// The lead is gone (changed out of its group): any member that
		// joins the group again leads it.
		return leadKey{undated: true, id: "\U0010FFFF"}, nil
	}
	if len(res.Hits[0].Sort) < 1 {
		return keyOf(g, nil), nil
	}
	return sortedKey(g, res.Hits[0].Sort[0]), nil
}

// regroup returns the indexed members of group old (other than the articles
// being written) as documents with group id now, to be rewritten.
func (w *writer) regroup(ctx context.Context, old, now string, batch map[string]*document) ([]pending, error) {
	t := bleve.NewTermQuery(old)
	t.SetField(FieldDupGroup)
	var out []pending
	for from := 0; ; {
		const page = 1000
		req := bleve.NewSearchRequestOptions(t, page, from, false)
		req.Fields = []string{FieldMeta, FieldBody}
		req.SortBy([]string{FieldHash, FieldTokenCounts, "_id"})
		res, err := w.ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("members of duplicate group %s: %w", old, err)
		}
		for _, hit := range res.Hits {
			if _, ok := batch[hit.ID]; ok || len(hit.Sort) < 2 {
				continue
			}
			a, err := ArticleFromFields(hit.Fields)
			if err != nil {
				return nil, fmt.Errorf("member %s of duplicate group %s: %w", hit.ID, old, err)
			}
			doc, err := w.memberDoc(a, hit.Sort[0], hit.Sort[1], now)
			if err != nil {
				return nil, err
			}
			out = append(out, pending{id: hit.ID, doc: doc})
		}
		from += len(res.Hits)
		if len(res.Hits) < page {
			return out, nil
		}
	}
}

// orphans returns the indexed members of the groups led by articles that
// are being rewritten, other than the articles being written.
func (w *writer) orphans(ctx context.Context, docs map[string]*document) ([]pending, error) {
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	old, err := w.ix.DocValues(ctx, ids, FieldDupGroup)
	if err != nil {
		return nil, fmt.Errorf("duplicate groups of changed articles: %w", err)
	}
	var out []pending
	for id, v := range old {
		if v[0] != id {
			continue
		}
		members, err := w.regroup(ctx, id, id, docs)
		if err != nil {
			return nil, err
		}
		out = append(out, members...)
	}
	return out, nil
}

// memberDoc rebuilds the document of an indexed article with a new group id.
func (w *writer) memberDoc(a *ingest.Article, hash, lengths, group string) (*document, error) {
	// Names and quotations are extracted again: the document must keep
	// its entity fields, and its stored metadata its names and quotes.
	var ex *extract.Extractor
	if !w.opt.NoEntities {
		ex = w.ix.extractor()
	}
	doc, err := newDocument(a, hash, ex, &w.ix.variant)
	if err != nil {
		return nil, err
	}
	doc.Lengths = lengths
	fp := w.dups.h.Fingerprint(doc.Body)
	doc.DupExact = cmp.Or(fp.Exact, a.ID)
	doc.DupBands = strings.Join(fp.Bands, " ")
	doc.DupGroup = group
	return doc, nil
}
