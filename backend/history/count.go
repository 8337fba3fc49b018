package history

import "context"

// CountRuns is how many runs the filter selects, its Limit aside: the
// "of 79" in "50 of 79".
func (db *DB) CountRuns(ctx context.Context, f Filter) (int, error) {
	where, args := f.where()
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM runs r`+where, args...).Scan(&n); err != nil {
		return 0, classify(db.path, "counting runs", err)
	}
	return n, nil
}
