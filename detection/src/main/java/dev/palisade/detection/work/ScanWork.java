package dev.palisade.detection.work;

/**
 * What one scan did, counted in characters and runs: the evidence that hostile text costs work in
 * proportion to its length (tests bound these counters, not the wall clock). One instance per scan,
 * not thread-safe; counting is a few additions per view and per regex window, not per character.
 *
 * <p>re2j's own steps are not counted: each run is linear in its window by re2j's design, so the
 * windows and runs handed to it are what can grow out of proportion.
 */
public final class ScanWork {
  private long viewChars;
  private long views;
  private long decodedViews;
  private int deepestDecode;
  private long decoderChars;
  private long normaliserChars;
  private long dfaChars;
  private long regexRuns;
  private long regexChars;
  private long regexFinds;

  /** A view of {@code length} characters went through the keyword prefilter. */
  public void viewScanned(int length, int depth) {
    views++;
    viewChars += length;
    deepestDecode = Math.max(deepestDecode, depth);
  }

  public void decodedView() {
    decodedViews++;
  }

  public void decoderRead(long chars) {
    decoderChars += chars;
  }

  public void normaliserRead(long chars) {
    normaliserChars += chars;
  }

  public void dfaRead(long chars) {
    dfaChars += chars;
  }

  /** A regex ran over a window of {@code length} characters. */
  public void regexRun(int length) {
    regexRuns++;
    regexChars += length;
  }

  public void regexFind() {
    regexFinds++;
  }

  /** Characters of all views (raw, normalised, decoded) the prefilter read. */
  public long viewChars() {
    return viewChars;
  }

  public long views() {
    return views;
  }

  public long decodedViews() {
    return decodedViews;
  }

  /** Deepest decoding layer a scanned view came from (0: raw or normalised raw). */
  public int deepestDecode() {
    return deepestDecode;
  }

  /** Characters the payload decoder read, look-ahead included. */
  public long decoderChars() {
    return decoderChars;
  }

  public long normaliserChars() {
    return normaliserChars;
  }

  /** Characters the rules' lazy DFAs stepped through before deciding whether re2j runs. */
  public long dfaChars() {
    return dfaChars;
  }

  public long regexRuns() {
    return regexRuns;
  }

  /** Characters of the windows handed to re2j, summed over runs. */
  public long regexChars() {
    return regexChars;
  }

  /** {@code find()} calls on re2j matchers, accepted or not. */
  public long regexFinds() {
    return regexFinds;
  }

  /** Every character counter, summed: the figure a linear bound is checked against. */
  public long chars() {
    return viewChars + decoderChars + normaliserChars + dfaChars + regexChars;
  }

  @Override
  public String toString() {
    return "ScanWork[views=" + views + " viewChars=" + viewChars + " decodedViews=" + decodedViews + " deepestDecode=" + deepestDecode
        + " decoderChars=" + decoderChars + " normaliserChars=" + normaliserChars + " dfaChars=" + dfaChars + " regexRuns=" + regexRuns
        + " regexChars=" + regexChars + " regexFinds=" + regexFinds + "]";
  }
}
