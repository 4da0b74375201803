package dev.palisade.detection.eval;

/** Confusion counts for one category or type. */
final class Tally {
  int truePositives;
  int falseNegatives;
  int falsePositives;
  int trueNegatives;

  double recall() {
    int positives = truePositives + falseNegatives;
    return positives == 0 ? Double.NaN : (double) truePositives / positives;
  }

  double precision() {
    int flagged = truePositives + falsePositives;
    return flagged == 0 ? Double.NaN : (double) truePositives / flagged;
  }

  double falsePositiveRate() {
    int negatives = falsePositives + trueNegatives;
    return negatives == 0 ? Double.NaN : (double) falsePositives / negatives;
  }
}
