package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

func newEvalCmd(opts *options) *cobra.Command {
	var (
		gold, aliases, nerDir string
		typed, errs           bool
	)
	cmd := &cobra.Command{
		Use:   "eval names|quotes --gold FILE.jsonl [INPUT...] | eval names [--corpus DIR]",
		Short: "Measure name or quotation extraction against hand-made gold",
		Long: `Extract names or quotations from the articles in INPUT (export files or
folders; without INPUT, the gold articles are read from the index at --index)
and compare them with a gold file: one JSON object a line,
{"id": ARTICLE_ID, "names": [{"name": ..., "type": ...}], "quotes":
[{"text": ..., "speaker": ...}]} (see docs/names-and-quotations.md, "Gold format"). Prints
precision, recall and F1; for quotations also the speaker accuracy over
the quotations found.

Without --gold, "eval names" scores the names pipeline on the held-out
parts of the tagger's corpora under --corpus (../shared/corpus/ner: the
held-out tenth of the GMB and GUM's news documents; read by path, never
copied into the repository): precision, recall and F1 of typed name spans
(person, organization, place), and says so and stops when they are absent.`,
		Example: `  newsdesk eval names --gold testdata/eval/gold.jsonl testdata/eval/articles testdata/archive/factiva
  newsdesk eval quotes --gold testdata/eval/gold.jsonl testdata/eval/articles testdata/archive/factiva --errors
  newsdesk eval names --corpus ../shared/corpus/ner`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			what := args[0]
			if what != "names" && what != "quotes" {
				return fmt.Errorf("eval %q: want names or quotes", what)
			}
			if gold == "" && what == "names" && len(args) == 1 {
				return evalNERCorpus(cmd.OutOrStdout(), nerDir, aliases)
			}
			if gold == "" {
				return fmt.Errorf("--gold FILE is required")
			}
			f, err := os.Open(gold)
			if err != nil {
				return fmt.Errorf("--gold: %w", err)
			}
			defer f.Close()
			g, err := extract.ReadGold(f, gold)
			if err != nil {
				return err
			}
			al, err := loadAliases(aliases)
			if err != nil {
				return err
			}
			arts := map[string]*article.Article{}
			if len(args) == 1 {
				if err := goldFromIndex(cmd, opts.indexPath, g, arts); err != nil {
					return err
				}
			}
			for ev := range ingest.Read(cmd.Context(), args[1:], ingest.Options{}) {
				var pe *ingest.ParseError
				switch {
				case errors.As(ev.Err, &pe):
					// A skipped article only matters if the gold names it,
					// which the evaluation reports.
					fmt.Fprintln(cmd.ErrOrStderr(), "skipped:", oneLine(withAdvice(ev.Err)))
				case ev.Err != nil:
					return ev.Err
				}
				if ev.Article != nil {
					arts[ev.Article.ID] = ev.Article
				}
			}
			ex := extract.New(al)
			w := cmd.OutOrStdout()
			var mm []extract.Mismatch
			if what == "names" {
				s, m, err := ex.EvalNames(g, arts, typed)
				if err != nil {
					return err
				}
				mm = m
				kind := "names"
				if typed {
					kind = "names with types"
				}
				fmt.Fprintf(w, "%s in %d articles: precision %.3f  recall %.3f  F1 %.3f  (%d found right, %d extra, %d missed)\n",
					kind, len(g), s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
			} else {
				s, m, err := ex.EvalQuotes(g, arts)
				if err != nil {
					return err
				}
				mm = m
				fmt.Fprintf(w, "quotations in %d articles: precision %.3f  recall %.3f  F1 %.3f  (%d exact spans, %d extra, %d missed)\n",
					len(g), s.Spans.Precision(), s.Spans.Recall(), s.Spans.F1(), s.Spans.TP, s.Spans.FP, s.Spans.FN)
				fmt.Fprintf(w, "speaker accuracy over the %d matched quotations: %.3f\n", s.Spans.TP, s.SpeakerAccuracy())
			}
			if errs {
				printMismatches(w, mm)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&gold, "gold", "", "gold file (JSON Lines)")
	f.StringVar(&aliases, "aliases", "", "alias file (default: the built-in one)")
	f.BoolVar(&typed, "typed", false, "names: count a name right only with the right type")
	f.BoolVar(&errs, "errors", false, "list what was found but not in the gold (+) and missed (-)")
	f.StringVar(&nerDir, "corpus", filepath.Join("..", "shared", "corpus", "ner"), "names without --gold: the NER corpora (GMB, GUM)")
	return cmd
}

func printMismatches(w io.Writer, mm []extract.Mismatch) {
	for _, m := range mm {
		sign := "-"
		if m.Extra {
			sign = "+"
		}
		fmt.Fprintf(w, "%s %s  %s\n", sign, oneLine(m.ID), oneLine(m.Item))
	}
}

// evalNERCorpus prints the names pipeline's typed scores on the held-out
// parts of the NER corpora under dir, or that they are absent.
func evalNERCorpus(w io.Writer, dir, aliases string) error {
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(w, "NER corpus not found at %s (--corpus): nothing to score\n", dir)
		return nil
	}
	al, err := loadAliases(aliases)
	if err != nil {
		return err
	}
	ev, err := extract.New(al).EvalNERCorpus(dir)
	if err != nil {
		return err
	}
	for _, set := range []struct {
		name   string
		n      int
		scores extract.NERScores
	}{{"GMB held-out", ev.GMBArticles, ev.GMB}, {"GUM news", ev.GUMArticles, ev.GUMNews}} {
		fmt.Fprintf(w, "%s (%d articles), typed name spans:\n", set.name, set.n)
		for _, t := range []article.NameType{article.Person, article.Organization, article.Place} {
			s := set.scores[t]
			fmt.Fprintf(w, "  %-12s precision %.3f  recall %.3f  F1 %.3f  (%d gold, %d found)\n", t, s.Precision(), s.Recall(), s.F1(), s.TP+s.FN, s.TP+s.FP)
		}
	}
	return nil
}

// loadAliases reads the --aliases file; "" means the built-in table (nil).
func loadAliases(path string) (*extract.Aliases, error) {
	if path == "" {
		return nil, nil
	}
	a, err := extract.LoadAliases(path)
	if err != nil {
		return nil, fmt.Errorf("--aliases: %w", err)
	}
	return a, nil
}

// goldFromIndex reads the articles of the gold file from the index.
func goldFromIndex(cmd *cobra.Command, path string, gold []extract.GoldArticle, arts map[string]*article.Article) error {
	ix, err := index.OpenReadOnly(path)
	if err != nil {
		return err
	}
	defer ix.Close()
	for _, g := range gold {
		a, err := ix.Article(cmd.Context(), g.ID)
		if err != nil {
			return fmt.Errorf("gold article: %w", err)
		}
		arts[g.ID] = a
	}
	return nil
}
