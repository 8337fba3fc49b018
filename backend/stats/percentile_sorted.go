package stats

// PercentileSorted is Percentile for samples already sorted in ascending
// order: several percentiles of a large sample cost one sort, not one each.
// It returns 0 for no samples.
func PercentileSorted(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return percentileSorted(sorted, p)
}
