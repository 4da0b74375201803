package dev.palisade.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PinRegistryTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);

  private static Map<String, String> tools(String... nameHash) {
    Map<String, String> tools = new LinkedHashMap<>();
    for (int i = 0; i < nameHash.length; i += 2) {
      tools.put(nameHash[i], nameHash[i + 1]);
    }
    return tools;
  }

  private static List<PinEvent.Kind> kinds(List<PinEvent> events) {
    return events.stream().map(PinEvent::kind).toList();
  }

  @Test
  void trustOnFirstUsePinsTheFirstListingAndWithholdsChanges() {
    PinRegistry pins = new PinRegistry(s -> TrustMode.TRUST_ON_FIRST_USE, CLOCK);
    assertThat(kinds(pins.observeListing("s", tools("a", "h1", "b", "h2"), Set.of(), true)))
        .containsExactly(PinEvent.Kind.BASELINE, PinEvent.Kind.BASELINE);
    List<PinEvent> second = pins.observeListing("s", tools("a", "h1", "b", "h2-changed"), Set.of(), true);
    assertThat(kinds(second)).containsExactly(PinEvent.Kind.UNCHANGED, PinEvent.Kind.CHANGED);
    assertThat(second.get(1).withheld()).isTrue();
    assertThat(second.get(1).previousHash()).isEqualTo("h2");
    assertThat(pins.withheld("s", "b")).isTrue();
    assertThat(pins.withheld("s", "a")).isFalse();

    assertThat(pins.approve("s", "b", null)).isTrue();
    assertThat(pins.withheld("s", "b")).isFalse();
    assertThat(kinds(pins.observeListing("s", tools("a", "h1", "b", "h2-changed"), Set.of(), true)))
        .containsExactly(PinEvent.Kind.UNCHANGED, PinEvent.Kind.UNCHANGED);
  }

  @Test
  void aChangeBackToTheApprovedDefinitionIsAcceptedAgain() {
    PinRegistry pins = new PinRegistry(s -> TrustMode.TRUST_ON_FIRST_USE, CLOCK);
    pins.observeListing("s", tools("a", "h1"), Set.of(), true);
    pins.observeListing("s", tools("a", "evil"), Set.of(), true);
    assertThat(pins.withheld("s", "a")).isTrue();
    pins.observeListing("s", tools("a", "h1"), Set.of(), true);
    assertThat(pins.withheld("s", "a")).isFalse();
  }

  @Test
  void newToolsAfterTheBaselineAreReportedButApprovedInTrustOnFirstUse() {
    PinRegistry pins = new PinRegistry(s -> TrustMode.TRUST_ON_FIRST_USE, CLOCK);
    pins.observeListing("s", tools("a", "h1"), Set.of(), true);
    List<PinEvent> events = pins.observeListing("s", tools("a", "h1", "c", "h3"), Set.of(), true);
    assertThat(kinds(events)).containsExactly(PinEvent.Kind.UNCHANGED, PinEvent.Kind.ADDED);
    assertThat(pins.withheld("s", "c")).isFalse();
  }

  @Test
  void pinnedModeWithholdsEverythingNotApproved() {
    PinRegistry pins = new PinRegistry(s -> TrustMode.PINNED, CLOCK);
    assertThat(pins.withheld("s", "never-listed")).isTrue();
    List<PinEvent> events = pins.observeListing("s", tools("a", "h1"), Set.of(), true);
    assertThat(kinds(events)).containsExactly(PinEvent.Kind.UNAPPROVED);
    assertThat(events.get(0).withheld()).isTrue();
    pins.approve("s", "a", "h1");
    assertThat(pins.withheld("s", "a")).isFalse();
  }

  @Test
  void observeModeNeverWithholds() {
    PinRegistry pins = new PinRegistry(s -> TrustMode.OBSERVE, CLOCK);
    pins.observeListing("s", tools("a", "h1"), Set.of(), true);
    List<PinEvent> events = pins.observeListing("s", tools("a", "h2"), Set.of(), true);
    assertThat(kinds(events)).containsExactly(PinEvent.Kind.CHANGED);
    assertThat(events.get(0).withheld()).isFalse();
    assertThat(pins.withheld("s", "a")).isFalse();
  }

  @Test
  void onlyACompleteListingReportsRemovals() {
    PinRegistry pins = new PinRegistry(s -> TrustMode.TRUST_ON_FIRST_USE, CLOCK);
    pins.observeListing("s", tools("a", "h1", "b", "h2"), Set.of(), true);
    assertThat(kinds(pins.observeListing("s", tools("a", "h1"), Set.of(), false))).containsExactly(PinEvent.Kind.UNCHANGED);
    assertThat(kinds(pins.observeListing("s", tools("a", "h1"), Set.of(), true)))
        .containsExactly(PinEvent.Kind.UNCHANGED, PinEvent.Kind.REMOVED);
    assertThat(kinds(pins.observeListing("s", tools("a", "h1"), Set.of(), true))).containsExactly(PinEvent.Kind.UNCHANGED);
  }

  @Test
  void serversAreIndependentAndChangesAreAnnounced() {
    AtomicInteger changes = new AtomicInteger();
    PinRegistry pins = new PinRegistry(s -> TrustMode.TRUST_ON_FIRST_USE, CLOCK);
    pins.onChange(changes::incrementAndGet);
    pins.observeListing("one", tools("a", "h1"), Set.of(), true);
    pins.observeListing("two", tools("a", "other"), Set.of(), true);
    assertThat(pins.withheld("two", "a")).isFalse();
    int before = changes.get();
    pins.observeListing("one", tools("a", "h1"), Set.of(), true);
    assertThat(changes.get()).isEqualTo(before);
    assertThat(pins.snapshot()).containsOnlyKeys("one", "two");
  }
}
