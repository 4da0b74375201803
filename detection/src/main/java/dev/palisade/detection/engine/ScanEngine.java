package dev.palisade.detection.engine;

import com.google.re2j.LazyDfa;
import com.google.re2j.LeadingLiterals;
import com.google.re2j.Matcher;
import com.google.re2j.RequiredLiterals;
import dev.palisade.detection.normalize.CamelCaseSplitter;
import dev.palisade.detection.normalize.IdentifierSplitter;
import dev.palisade.detection.normalize.LeetFolder;
import dev.palisade.detection.normalize.PayloadDecoder;
import dev.palisade.detection.normalize.TextNormalizer;
import dev.palisade.detection.normalize.TextShape;
import dev.palisade.detection.normalize.TextView;
import dev.palisade.detection.prefilter.KeywordAutomaton;
import dev.palisade.detection.rules.Rule;
import dev.palisade.detection.rules.RuleSet;
import dev.palisade.detection.rules.View;
import dev.palisade.detection.validate.Checksums;
import dev.palisade.detection.validate.Validator;
import dev.palisade.detection.validate.Validators;
import dev.palisade.detection.work.ScanWork;
import dev.palisade.inspection.Category;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Scans one string with every rule: builds the views (raw, normalised, decoded), runs the keyword
 * prefilter over each, runs only the regexes the prefilter allows, checks validators, entropy and
 * allowlists, maps matches back to the original string and drops duplicates found in several views.
 * Thread-safe and stateless per call.
 */
public final class ScanEngine {
  private final RuleSet rules;
  private final KeywordAutomaton prefilter;
  /** The fewest digits a numeric rule looks at: shorter digit clusters are not kept. */
  private final int minClusterDigits;
  private final Validator[] validators;
  private final TextNormalizer normalizer;
  private final PayloadDecoder decoder;
  private final ScanLimits limits;
  /** Per rule, the prefilter slots of the literal groups its regex cannot match without (see {@link RequiredLiterals}). */
  private final int[][] required;
  /**
   * Per rule, how far before the end of a keyword hit a match may start: the rule's reach, or, when
   * every match begins with one of its keywords (token formats), the longest keyword.
   */
  private final int[] keywordBackReach;
  /**
   * Per rule, how far before the end of a keyword a match can start when every match holds one of the
   * rule's keywords (and is at most its reach long); 0 when that is not known. A window's DFA then
   * lets matches start only that far before each keyword and, past the last one, stops where every
   * thread has died instead of reading to the window's end. For a rule whose matches begin with a
   * keyword most windows are settled a few characters after it.
   */
  private final int[] startReach;
  /** Per rule, a lazily built DFA that rules out windows where the regex cannot match before re2j runs. */
  private final LazyDfa[] dfas;
  /** Indices of the rules that also consider digit clusters (validated numbers: cards, IBANs, ...). */
  private final int[] numericRules;

  public ScanEngine(RuleSet rules, Validators validators, TextNormalizer normalizer, PayloadDecoder decoder, ScanLimits limits) {
    this.rules = rules;
    this.normalizer = normalizer;
    this.decoder = decoder;
    this.limits = limits;
    List<List<String>> slots = slots(rules);
    this.required = requiredSlots(rules, slots);
    int keywordSlots = rules.size() * SLOTS;
    // only keyword slots make a rule a candidate (see candidates); near and required slots are asked about after
    this.prefilter = new KeywordAutomaton(slots, slot -> slot < keywordSlots && slot % SLOTS == 0);
    this.numericRules = IntStream.range(0, rules.size()).filter(r -> rules.get(r).minDigits() > 0).toArray();
    this.minClusterDigits = rules.rules().stream().mapToInt(Rule::minDigits).filter(d -> d > 0).min().orElse(1);
    this.validators = new Validator[rules.size()];
    this.dfas = new LazyDfa[rules.size()];
    this.keywordBackReach = new int[rules.size()];
    this.startReach = new int[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      String name = rules.get(i).validator();
      this.validators[i] = name == null ? null : validators.get(name);
      this.dfas[i] = LazyDfa.of(rules.get(i).pattern());
      this.keywordBackReach[i] = keywordBackReach(rules.get(i));
      this.startReach[i] = startReach(rules.get(i), keywordBackReach[i]);
    }
  }

  /** Prefilter slot {@code rule * SLOTS + 0} holds a rule's keywords, {@code + 1 + g} its near group g. */
  private static final int SLOTS = 1 + Rule.MAX_NEAR_GROUPS;

  private static List<List<String>> slots(RuleSet rules) {
    List<List<String>> slots = new ArrayList<>(rules.size() * SLOTS);
    for (Rule rule : rules.rules()) {
      slots.add(rule.keywords());
      for (int g = 0; g < Rule.MAX_NEAR_GROUPS; g++) {
        slots.add(g < rule.near().size() ? rule.near().get(g) : List.of());
      }
    }
    return slots;
  }

  /**
   * Appends one prefilter slot per distinct literal group that some rule's regex requires, and says
   * which slots each rule needs. A window (or a whole text) lacking any of them cannot match, so the
   * regex does not run there: the keyword gets the rule considered, the required literals decide
   * whether re2j is worth starting.
   */
  private static int[][] requiredSlots(RuleSet rules, List<List<String>> slots) {
    Map<Set<String>, Integer> slotOf = new HashMap<>();
    int[][] required = new int[rules.size()][];
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      Set<String> keywords = new HashSet<>();
      for (String keyword : rule.keywords()) {
        keywords.add(keyword.toLowerCase(Locale.ROOT));
      }
      List<Integer> mine = new ArrayList<>();
      for (Set<String> group : RequiredLiterals.of(rule.pattern().pattern())) {
        if (keywords.containsAll(group)) {
          continue; // the keyword slot already says as much
        }
        Integer slot = slotOf.get(group);
        if (slot == null) {
          slot = slots.size();
          slots.add(List.copyOf(group));
          slotOf.put(group, slot);
        }
        mine.add(slot);
      }
      required[r] = mine.stream().mapToInt(Integer::intValue).toArray();
    }
    return required;
  }

  private static int keywordBackReach(Rule rule) {
    boolean plain = rule.keywords().stream().noneMatch(keyword -> keyword.chars().anyMatch(c -> Character.isWhitespace(c) || c >= 0x80));
    if (!plain || !LeadingLiterals.startWithOneOf(rule.pattern().pattern(), rule.keywords())) {
      return rule.maxLength();
    }
    return rule.keywords().stream().mapToInt(String::length).max().orElse(0) - 1;
  }

  private static int startReach(Rule rule, int keywordBackReach) {
    if (keywordBackReach < rule.maxLength()) {
      return keywordBackReach;
    }
    // a window reaches this far back once widened to a word edge
    return RequiredLiterals.everyMatchContainsOneOf(rule.pattern().pattern(), rule.keywords()) ? rule.maxLength() + Windows.WIDEN : 0;
  }

  public RuleSet rules() {
    return rules;
  }

  /** Every accepted match, one per finding type and overlapping span. */
  public List<Match> scan(String text) {
    return scan(text, new ScanWork());
  }

  /** As {@link #scan(String)}, counting the work done into {@code work}. */
  public List<Match> scan(String text, ScanWork work) {
    List<Match> matches = scanAll(text, work);
    return matches.size() < 2 ? matches : dedupe(matches);
  }

  /** Every accepted match of every rule in every view, before duplicates are dropped (rule tests use this). */
  public List<Match> scanAll(String text) {
    return scanAll(text, new ScanWork());
  }

  private List<Match> scanAll(String text, ScanWork work) {
    List<Match> matches = scanWithViews(TextView.raw(text), null, limits.maxDecodeDepth(), work);
    return matches == null ? List.of() : matches;
  }

  /** Scans {@code view}, its normalised view when it needs one, and what decodes from it, to {@code depth} levels. */
  private List<Match> scanWithViews(TextView view, List<Match> matches, int depth, ScanWork work) {
    String text = view.text();
    int n = text.length();
    char[] chars = CharScratch.of(text);
    TextShape shape = TextShape.of(chars, n, minClusterDigits);
    matches = scanView(view, chars, shape, matches, work);
    boolean normalise = normalizer.needed(chars, n, shape);
    List<TextView> decoded = depth > 0 && n >= 8 ? decoder.decode(view, chars, shape, limits.maxDecodedChars(), work) : List.of();
    TextView unleet = null;
    if (shape.mayBeLeet()) {
      int[] digits = shape.digitsBesideLetters();
      unleet = counted(LeetFolder.fold(view, chars, n, digits), digits, n, work);
    }
    TextView identifiers = null;
    if (shape.mayHaveIdentifiers()) {
      int[] underscores = shape.underscores();
      identifiers = counted(IdentifierSplitter.split(view, chars, n, underscores), underscores, n, work);
    }
    TextView camelCase = n <= CamelCaseSplitter.MAX_TEXT ? counted(CamelCaseSplitter.split(view, chars, n), null, n, work) : null;
    // chars is overwritten from here on
    matches = scanFolded(unleet, matches, work);
    matches = scanFolded(identifiers, matches, work);
    matches = scanFolded(camelCase, matches, work);
    if (normalise) {
      TextView normalised = normalizer.normalise(view, work);
      char[] normalisedChars = CharScratch.of(normalised.text());
      matches = scanView(normalised, normalisedChars, TextShape.of(normalisedChars, normalised.text().length(), minClusterDigits),
          matches, work);
    }
    for (TextView inner : decoded) {
      matches = scanWithViews(inner, matches, depth - 1, work);
    }
    return matches;
  }

  /** Scans a view of folded words ({@link LeetFolder}, {@link IdentifierSplitter}, {@link CamelCaseSplitter}) when there is one. */
  private List<Match> scanFolded(TextView folded, List<Match> matches, ScanWork work) {
    if (folded == null) {
      return matches;
    }
    char[] chars = CharScratch.of(folded.text());
    return scanView(folded, chars, TextShape.of(chars, folded.text().length(), minClusterDigits), matches, work);
  }

  /**
   * Counts the work of making a folded view into {@code work}: the words around {@code positions}
   * (every character when there were too many to keep) and the view made; returns {@code folded}.
   */
  private static TextView counted(TextView folded, int[] positions, int n, ScanWork work) {
    work.decoderRead((positions == null ? n : positions.length) + (folded == null ? 0 : folded.text().length()));
    return folded;
  }

  private List<Match> scanView(TextView view, char[] chars, TextShape shape, List<Match> matches, ScanWork work) {
    String text = view.text();
    int n = text.length();
    work.viewScanned(n, view.depth());
    KeywordAutomaton.Hits hits = prefilter.scan(chars, n, shape.beyondAscii());
    hits.digits(shape.digits(), shape.digitClusters());
    if (!hits.any() && hits.digits() == 0) {
      return matches;
    }
    Candidates candidates = candidates(hits);
    for (int c = 0; c < candidates.count; c++) {
      int r = candidates.rules[c];
      Rule rule = rules.get(r);
      boolean byKeyword = hits.hit(r * SLOTS);
      for (int g = 0; byKeyword && g < rule.near().size(); g++) {
        byKeyword = hits.hit(r * SLOTS + 1 + g);
      }
      boolean byDigits = rule.minDigits() > 0 && hits.digits() >= rule.minDigits();
      if ((!byKeyword && !byDigits) || !rule.views().contains(view.kind()) || !allPresent(hits, required[r])) {
        continue;
      }
      int[] windows = Windows.around(text, rule.maxLength(), keywordBackReach[r], hits, r * SLOTS, rule.near().size(),
          byKeyword, rule.minDigits(), byDigits);
      StartZones zones = startZones(hits, r, byKeyword && !byDigits);
      int before = matches == null ? 0 : matches.size();
      for (int w = 0; w < windows.length; w += 2) {
        int found = matches == null ? 0 : matches.size() - before;
        if (found >= limits.maxFindingsPerString()) {
          break; // the cap holds per rule and string, however many windows the rule's hits made
        }
        if (Windows.allWithin(hits, required[r], windows[w], windows[w + 1])) {
          if (zones != null) {
            zones.within(windows[w], windows[w + 1]);
          }
          matches = matchWindow(view, chars, r, rule, windows[w], windows[w + 1], zones, limits.maxFindingsPerString() - found, matches,
              work);
        }
      }
    }
    return matches;
  }

  /** Reused per thread: the rules a view's prefilter hits make worth a look. */
  private static final class Candidates {
    int[] rules = new int[32];
    int count;

    void add(int rule) {
      if (count == rules.length) {
        rules = Arrays.copyOf(rules, rules.length * 2);
      }
      rules[count++] = rule;
    }
  }

  private static final ThreadLocal<Candidates> CANDIDATES = ThreadLocal.withInitial(Candidates::new);

  /**
   * The rules whose keyword occurs in the view or, for numeric rules, that have enough digits, in
   * rule order: walking only these instead of every rule keeps a short string's scan short.
   */
  private Candidates candidates(KeywordAutomaton.Hits hits) {
    Candidates candidates = CANDIDATES.get();
    candidates.count = 0;
    for (int i = 0; i < hits.slotsHit(); i++) {
      candidates.add(hits.slotHit(i) / SLOTS); // only keyword slots are announced
    }
    int digits = hits.digits();
    for (int i = 0; i < numericRules.length && digits > 0; i++) {
      if (rules.get(numericRules[i]).minDigits() <= digits) {
        candidates.add(numericRules[i]);
      }
    }
    int[] found = candidates.rules;
    Arrays.sort(found, 0, candidates.count);
    int distinct = 0;
    for (int i = 0; i < candidates.count; i++) {
      if (distinct == 0 || found[distinct - 1] != found[i]) {
        found[distinct++] = found[i];
      }
    }
    candidates.count = distinct;
    return candidates;
  }

  /**
   * Where rule {@code r}'s matches can start in this view, from the literals every match holds: its
   * keywords (when {@code byKeyword} and {@link #startReach} says a match holds one) or one of the
   * literal groups its regex requires, whichever leaves the least to read (hits times reach); null
   * when none is known.
   */
  private StartZones startZones(KeywordAutomaton.Hits hits, int r, boolean byKeyword) {
    int keywordSlot = -1;
    long bestCost = Long.MAX_VALUE;
    if (byKeyword && startReach[r] > 0) {
      int count = hits.count(r * SLOTS);
      if (count > 0) {
        keywordSlot = r * SLOTS;
        bestCost = (long) count * startReach[r];
      }
    }
    // every match holds one of each required group and is at most a reach long (a window reaches this far back once widened)
    int reach = rules.get(r).maxLength() + Windows.WIDEN;
    int requiredSlot = -1;
    for (int slot : required[r]) {
      int count = hits.countAtMost(slot); // the exact count would merge the positions of every group
      if (count > 0 && (long) count * reach < bestCost) {
        requiredSlot = slot;
        bestCost = (long) count * reach;
      }
    }
    // a group whose literals are each kept can still have too many positions once merged: then none are kept
    if (requiredSlot >= 0 && hits.count(requiredSlot) > 0) {
      return StartZones.of(hits, requiredSlot, reach);
    }
    return keywordSlot < 0 ? null : StartZones.of(hits, keywordSlot, startReach[r]);
  }

  /**
   * Where a rule's matches can start in a window: from {@code backReach} before each end of a literal
   * every match holds to that end, merged. Reused per thread; windows come in ascending order, so one
   * cursor walks the literal's positions once per rule.
   */
  private static final class StartZones {
    int[] pairs = new int[16];
    int count;
    private KeywordAutomaton.Hits hits;
    private int slot;
    private int backReach;
    private int positions;
    private int next;

    static StartZones of(KeywordAutomaton.Hits hits, int slot, int backReach) {
      StartZones zones = ZONES.get();
      zones.hits = hits;
      zones.slot = slot;
      zones.backReach = backReach;
      zones.positions = hits.count(slot);
      zones.next = 0;
      return zones;
    }

    void within(int from, int to) {
      count = 0;
      while (next < positions && hits.position(slot, next) < from) {
        next++;
      }
      for (int k = next; k < positions; k++) {
        int end = hits.position(slot, k);
        if (end >= to) {
          break;
        }
        int start = Math.max(from, end - backReach);
        if (count > 0 && start <= pairs[2 * count - 1]) {
          pairs[2 * count - 1] = end + 1;
          continue;
        }
        if (2 * count + 2 > pairs.length) {
          pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * count] = start;
        pairs[2 * count + 1] = end + 1;
        count++;
      }
    }
  }

  private static final ThreadLocal<StartZones> ZONES = ThreadLocal.withInitial(StartZones::new);

  private static boolean allPresent(KeywordAutomaton.Hits hits, int[] slots) {
    for (int slot : slots) {
      if (!hits.hit(slot)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs one rule's regex over {@code [from, to)} of the view, keeping at most {@code budget} matches;
   * with {@code zones}, matches can only start inside them.
   */
  private List<Match> matchWindow(TextView view, char[] chars, int index, Rule rule, int from, int to, StartZones zones, int budget,
      List<Match> matches, ScanWork work) {
    String text = view.text();
    work.dfaRead(to - from);
    boolean may = zones == null ? dfas[index].mayMatch(chars, from, to) : dfas[index].mayMatch(chars, from, to, zones.pairs, zones.count);
    if (!may) {
      return matches;
    }
    work.regexRun(to - from);
    CharSequence window = from == 0 && to == text.length() ? text : CharBuffer.wrap(text, from, to);
    Matcher matcher = rule.pattern().matcher(window);
    int found = 0;
    while (found < budget && countedFind(matcher, work)) {
      int start = matcher.start(rule.group());
      int end = matcher.end(rule.group());
      if (start < 0 || end <= start
          || !accepted(index, rule, text, from + start, from + end, from + matcher.start(), from + matcher.end())) {
        continue;
      }
      start += from;
      end += from;
      found++;
      if (matches == null) {
        matches = new ArrayList<>(4);
      }
      matches.add(new Match(rule, view.originalStart(start), view.originalEnd(start, end), view.kind(), text.substring(start, end)));
    }
    return matches;
  }

  private static boolean countedFind(Matcher matcher, ScanWork work) {
    work.regexFind();
    return matcher.find();
  }

  /** Whether the value {@code [start, end)}, reported from the match {@code [matchStart, matchEnd)}, passes validator, entropy and allowlist. */
  private boolean accepted(int index, Rule rule, String text, int start, int end, int matchStart, int matchEnd) {
    Validator validator = validators[index];
    if (validator != null && !validator.valid(text, start, end)) {
      return false;
    }
    String value = null;
    if (rule.minEntropy() > 0) {
      value = text.substring(start, end);
      if (Checksums.entropy(value) < rule.minEntropy()) {
        return false;
      }
    }
    if (rule.allowlist().isEmpty()) {
      return true;
    }
    return !rule.allowlist().allows(value == null ? text.substring(start, end) : value, text.substring(matchStart, matchEnd));
  }

  /**
   * Keeps one match per finding type and overlapping span (the same secret found in the raw and the
   * decoded view, or an IPv4 address inside an IPv4-mapped IPv6 one), preferring the earliest, then
   * the raw view, then the longest.
   */
  private static List<Match> dedupe(List<Match> matches) {
    if (matches.size() < 2) {
      return matches;
    }
    List<Match> sorted = new ArrayList<>(matches);
    sorted.sort(Comparator.comparing((Match m) -> m.rule().category()).thenComparing(m -> m.rule().type()).thenComparingInt(Match::start)
        .thenComparing(m -> m.view().ordinal()).thenComparing(Comparator.comparingInt(Match::end).reversed()));
    List<Match> kept = new ArrayList<>(sorted.size());
    Match last = null;
    for (Match match : sorted) {
      if (last != null && last.rule().category() == match.rule().category() && last.rule().type().equals(match.rule().type())
          && match.start() < last.end()) {
        continue;
      }
      kept.add(match);
      last = match;
    }
    kept.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::end));
    return withoutPiiInsideLongerPii(kept);
  }

  /**
   * Drops a personal-data match that lies inside a longer one of another type: the digits of an IBAN
   * or a card number also read as a phone number, and the value is the longer identifier.
   */
  private static List<Match> withoutPiiInsideLongerPii(List<Match> sorted) {
    List<Match> kept = new ArrayList<>(sorted.size());
    for (Match match : sorted) {
      if (!insideLongerPii(match, sorted)) {
        kept.add(match);
      }
    }
    return kept;
  }

  private static boolean insideLongerPii(Match inner, List<Match> all) {
    if (inner.rule().category() != Category.PII) {
      return false;
    }
    for (Match outer : all) {
      if (outer != inner && outer.rule().category() == Category.PII && !outer.rule().type().equals(inner.rule().type())
          && outer.start() <= inner.start() && inner.end() <= outer.end() && outer.end() - outer.start() > inner.end() - inner.start()) {
        return true;
      }
    }
    return false;
  }
}
