/** Ranking metrics for detectors judged against labelled data. */

/**
 * Area under the precision–recall curve as average precision: the mean, over the positives, of
 * the precision at each positive's rank (scikit-learn's `average_precision_score`: tied scores are
 * one threshold, taken together). `labels[i]` says whether item i is a positive. NaN without any.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  if (positives === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let recallBefore = 0;
  let ap = 0;
  for (let k = 0; k < order.length; ) {
    // one threshold: every item of the same score
    const score = scores[order[k]];
    for (; k < order.length && scores[order[k]] === score; k++) {
      seen++;
      if (labels[order[k]]) tp++;
    }
    const recall = tp / positives;
    ap += (recall - recallBefore) * (tp / seen);
    recallBefore = recall;
  }
  return ap;
}

/** Precision and recall of a set of flagged items. Precision is NaN when nothing is flagged. */
export function precisionRecall(
  flagged: ArrayLike<boolean>,
  labels: ArrayLike<boolean>,
): { precision: number; recall: number; truePositives: number; falsePositives: number; positives: number } {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) positives++;
    if (flagged[i]) labels[i] ? tp++ : fp++;
  }
  return {
    precision: tp + fp === 0 ? Number.NaN : tp / (tp + fp),
    recall: positives === 0 ? Number.NaN : tp / positives,
    truePositives: tp,
    falsePositives: fp,
    positives,
  };
}
