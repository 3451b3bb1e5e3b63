package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // pure-Go SQLite with FTS5 built in

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// ftsBatch is the rows written per transaction.
const ftsBatch = 1000

// The FTS5 baseline: the text in an FTS5 table (porter stemming over
// unicode61, which also folds accents), the fields to filter and facet on in
// a companion table with B-tree indexes, joined on rowid.
const ftsSchema = `
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT, date TEXT);
CREATE INDEX docs_source ON docs(source);
CREATE INDEX docs_date ON docs(date);
CREATE VIRTUAL TABLE fts USING fts5(headline, body, tokenize='porter unicode61');
`

func ftsPath(dir string) string { return filepath.Join(dir, "fts.db") }

func ingestFTS5(ctx context.Context, dir string, events <-chan ingest.Event, t *tally) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("fts5 %s: %w", dir, err)
	}
	db, err := sql.Open("sqlite", ftsPath(dir)+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return fmt.Errorf("fts5 %s: %w", dir, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, ftsSchema); err != nil {
		return fmt.Errorf("fts5 schema: %w", err)
	}
	var tx *sql.Tx
	var insDoc, insFTS *sql.Stmt
	n := 0
	begin := func() error {
		var err error
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			return err
		}
		if insDoc, err = tx.PrepareContext(ctx, `INSERT INTO docs(rowid, id, source, date) VALUES(?, ?, ?, ?)`); err != nil {
			return err
		}
		insFTS, err = tx.PrepareContext(ctx, `INSERT INTO fts(rowid, headline, body) VALUES(?, ?, ?)`)
		return err
	}
	commit := func() error {
		if tx == nil {
			return nil
		}
		err := tx.Commit()
		tx = nil
		if err == nil {
			t.mark(t.articles)
		}
		return err
	}
	rowid := int64(0)
	err = eachArticle(ctx, events, t, func(a *article.Article, id string) error {
		if tx == nil {
			if err := begin(); err != nil {
				return fmt.Errorf("fts5 begin: %w", err)
			}
		}
		rowid++
		var date any
		if !a.Date.IsZero() {
			date = a.Date.UTC().Format("2006-01-02")
		}
		if _, err := insDoc.ExecContext(ctx, rowid, id, a.Source, date); err != nil {
			return fmt.Errorf("fts5 insert %s: %w", id, err)
		}
		if _, err := insFTS.ExecContext(ctx, rowid, a.Headline, a.BodyText()); err != nil {
			return fmt.Errorf("fts5 insert %s: %w", id, err)
		}
		if n++; n%ftsBatch == 0 {
			if err := commit(); err != nil {
				return fmt.Errorf("fts5 commit: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := commit(); err != nil {
		return fmt.Errorf("fts5 commit: %w", err)
	}
	// Fold the write-ahead log into the database so its size is the index's.
	if _, err := db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("fts5 checkpoint: %w", err)
	}
	return ctx.Err()
}

type ftsSearcher struct {
	db *sql.DB
	ci corpusInfo
	mu sync.Mutex
	// stmts caches prepared statements by SQL text, as an application
	// would, so a query does not pay for compiling its SQL.
	stmts map[string]*sql.Stmt
}

func openFTS5(dir string, ci corpusInfo) (*ftsSearcher, error) {
	db, err := sql.Open("sqlite", "file:"+ftsPath(dir)+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("fts5 %s: %w", dir, err)
	}
	if err := db.Ping(); err != nil {
		return nil, fmt.Errorf("fts5 %s: %w", dir, err)
	}
	return &ftsSearcher{db: db, ci: ci, stmts: map[string]*sql.Stmt{}}, nil
}

func (s *ftsSearcher) close() error             { return s.db.Close() }
func (s *ftsSearcher) supports(benchQuery) bool { return true }

func (s *ftsSearcher) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[q]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", q, err)
	}
	s.stmts[q] = st
	return st, nil
}

// ftsHit is one row of the top 10.
type ftsHit struct {
	ID       string  `json:"id"`
	Headline string  `json:"headline"`
	Snippet  string  `json:"snippet"`
	Score    float64 `json:"score"`
}

type ftsResult struct {
	Hits   []ftsHit       `json:"hits"`
	Facets map[string]int `json:"facets,omitempty"`
}

// where returns the SQL conditions and arguments for q's filters.
func (s *ftsSearcher) where(q benchQuery) (conds []string, args []any) {
	if m := fts5Match(q); m != "" {
		conds, args = append(conds, "fts MATCH ?"), append(args, m)
	}
	if q.Source && s.ci.TopSource != "" {
		conds, args = append(conds, "d.source = ?"), append(args, s.ci.TopSource)
	}
	if from, to, ok := s.ci.window(q); ok {
		conds = append(conds, "d.date >= ?", "d.date < ?")
		args = append(args, from.Format("2006-01-02"), to.Format("2006-01-02"))
	}
	return conds, args
}

// run answers q: the top 10 by bm25 (headline weighted 2, as newsdesk does)
// with one snippet of up to 32 tokens from the body, and for facets a GROUP
// BY over the same matches.
func (s *ftsSearcher) run(ctx context.Context, q benchQuery) (*ftsResult, error) {
	conds, args := s.where(q)
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var sqlText string
	if fts5Match(q) != "" {
		sqlText = `SELECT d.id, fts.headline, snippet(fts, 1, '<mark>', '</mark>', '…', 32), bm25(fts, 2.0, 1.0) AS score
FROM fts JOIN docs d ON d.rowid = fts.rowid` + where + ` ORDER BY score LIMIT 10`
	} else {
		sqlText = `SELECT d.id, fts.headline, '', 0 FROM docs d JOIN fts ON fts.rowid = d.rowid` + where + ` LIMIT 10`
	}
	st, err := s.stmt(ctx, sqlText)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("fts5 %s: %w", q, err)
	}
	res := &ftsResult{}
	for rows.Next() {
		var h ftsHit
		if err := rows.Scan(&h.ID, &h.Headline, &h.Snippet, &h.Score); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fts5 %s: %w", q, err)
		}
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if q.Facet == "" {
		return res, nil
	}
	key := "d.source"
	if q.Facet == "month" {
		key = "substr(d.date, 1, 7)"
	}
	from := "docs d"
	if fts5Match(q) != "" {
		from = "fts JOIN docs d ON d.rowid = fts.rowid"
	}
	facetSQL := `SELECT ` + key + `, count(*) FROM ` + from + where + ` GROUP BY 1`
	if q.Facet == "source" {
		facetSQL += ` ORDER BY 2 DESC LIMIT 10`
	}
	if st, err = s.stmt(ctx, facetSQL); err != nil {
		return nil, err
	}
	if rows, err = st.QueryContext(ctx, args...); err != nil {
		return nil, fmt.Errorf("fts5 facet %s: %w", q, err)
	}
	res.Facets = map[string]int{}
	for rows.Next() {
		var k sql.NullString
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fts5 facet %s: %w", q, err)
		}
		res.Facets[k.String] = n
	}
	return res, rows.Close()
}

func (s *ftsSearcher) search(ctx context.Context, q benchQuery) (searchResult, error) {
	res, err := s.run(ctx, q)
	if err != nil {
		return searchResult{}, err
	}
	// FTS5 does not count all matches for a top-10 query; counting would be a
	// second full pass, which this baseline does not pay for.
	return searchResult{Total: -1, Top: len(res.Hits), Facets: len(res.Facets)}, nil
}

func (s *ftsSearcher) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.URL.Query().Get("i"))
		if err != nil || i < 0 || i >= len(benchQueries) {
			http.Error(w, "bad i", http.StatusBadRequest)
			return
		}
		res, err := s.run(r.Context(), benchQueries[i])
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(res)
	})
}

func (s *ftsSearcher) url(_ benchQuery, i int) string { return "/api/search?i=" + strconv.Itoa(i) }
