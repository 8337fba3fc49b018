package projection

import (
	"fmt"
	"slices"

	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
)

// Row is one route's month as text, the same in the CLI and the compare
// view: Head is the indented name padded to the widest, Amount the total
// right-aligned to the widest ("n/a" when unknown), Note what follows it:
// the token/fee split, "(cost unknown)", or nothing.
type Row struct {
	Head, Amount, Note string
	Known              bool
}

// Rows lays out the months of the routes named (names as configured; the
// text is sanitised here), then one sentence per gateway/direct pair saying
// where their monthly costs cross, each pair once.
func Rows(names []string, months []*Month) (rows []Row, pairs []string) {
	shown, amounts := make([]string, len(months)), make([]string, len(months))
	nameW, amountW := 0, 0
	for i, m := range months {
		shown[i], amounts[i] = safetext.Sanitize(names[i]), "n/a"
		if m != nil {
			amounts[i] = figure.USD(m.TotalUSD)
		}
		nameW, amountW = max(nameW, figure.Width(shown[i])), max(amountW, len(amounts[i]))
	}
	for i, m := range months {
		r := Row{Head: "  " + figure.PadRight(shown[i], nameW) + "  ",
			Amount: fmt.Sprintf("%*s", amountW, amounts[i]), Known: m != nil}
		switch {
		case m == nil:
			r.Note = "(cost unknown)"
		case m.FeeUSD > 0:
			r.Note = "(" + figure.USD(m.TokenUSD) + " tokens + " + figure.USD(m.FeeUSD) + " fees)"
		}
		rows = append(rows, r)
		if m == nil {
			continue
		}
		for _, c := range m.Crossings {
			if j := slices.Index(names, c.With); j > i {
				pairs = append(pairs, "  "+c.Sentence(names[i], shown[i], safetext.Sanitize(c.With)))
			}
		}
	}
	return rows, pairs
}

// Line is a row as plain text.
func (r Row) Line() string {
	if r.Note == "" {
		return r.Head + r.Amount
	}
	return r.Head + r.Amount + " " + r.Note
}
