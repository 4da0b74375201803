package dev.palisade.integrity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The tool pins of every protected server, in memory and thread safe. It decides, per trust mode,
 * which tools of a listing are approved and which are withheld; persistence and approval by an
 * administrator happen outside (a pin file in standalone mode, the McpServer resource under the
 * operator), through {@link #snapshot()}, {@link #restore(Map)} and {@link #approve}.
 */
public final class PinRegistry {
  private final Map<String, Map<String, ToolPin>> servers = new HashMap<>();
  private final Function<String, TrustMode> trustModes;
  private final Clock clock;
  private volatile Runnable changeListener = () -> {};

  public PinRegistry(Function<String, TrustMode> trustModes, Clock clock) {
    this.trustModes = trustModes;
    this.clock = clock;
  }

  /** Called (outside the lock) after every change worth persisting. */
  public void onChange(Runnable listener) {
    this.changeListener = listener;
  }

  public TrustMode trustMode(String server) {
    return trustModes.apply(server);
  }

  /**
   * Records one listing and says, tool by tool, what it revealed.
   *
   * @param tools tool name to hash, in listing order; duplicates must be passed in {@code duplicates}
   * @param duplicates names that appeared more than once in the listing
   * @param complete whether the listing is a whole list (absence means removal)
   */
  public List<PinEvent> observeListing(String server, Map<String, String> tools, Set<String> duplicates, boolean complete) {
    TrustMode mode = trustModes.apply(server);
    Instant now = clock.instant();
    List<PinEvent> events = new ArrayList<>(tools.size());
    boolean changed;
    synchronized (this) {
      Map<String, ToolPin> pins = servers.computeIfAbsent(server, s -> new LinkedHashMap<>());
      boolean baseline = pins.isEmpty();
      changed = baseline;
      for (Map.Entry<String, String> tool : tools.entrySet()) {
        String name = tool.getKey();
        String hash = tool.getValue();
        ToolPin pin = pins.get(name);
        PinEvent event;
        if (pin == null) {
          boolean autoApprove = mode != TrustMode.PINNED;
          pin = new ToolPin(name, autoApprove ? hash : null, hash, now, now, false);
          PinEvent.Kind kind = !autoApprove ? PinEvent.Kind.UNAPPROVED : baseline ? PinEvent.Kind.BASELINE : PinEvent.Kind.ADDED;
          event = new PinEvent(name, kind, null, hash, !autoApprove);
          changed = true;
        } else {
          changed |= !hash.equals(pin.observedHash()) || pin.removed();
          pin = pin.observed(hash, now);
          if (pin.approved()) {
            event = new PinEvent(name, PinEvent.Kind.UNCHANGED, pin.approvedHash(), hash, false);
          } else {
            PinEvent.Kind kind = pin.approvedHash() == null ? PinEvent.Kind.UNAPPROVED : PinEvent.Kind.CHANGED;
            event = new PinEvent(name, kind, pin.approvedHash(), hash, mode != TrustMode.OBSERVE);
          }
        }
        pins.put(name, pin);
        events.add(duplicates.contains(name)
            ? new PinEvent(name, PinEvent.Kind.DUPLICATE, pin.approvedHash(), hash, mode != TrustMode.OBSERVE)
            : event);
      }
      if (complete) {
        for (Map.Entry<String, ToolPin> entry : pins.entrySet()) {
          ToolPin pin = entry.getValue();
          if (!tools.containsKey(entry.getKey()) && !pin.removed()) {
            entry.setValue(pin.markRemoved());
            events.add(new PinEvent(pin.tool(), PinEvent.Kind.REMOVED, pin.approvedHash(), null, false));
            changed = true;
          }
        }
      }
    }
    if (changed) {
      changeListener.run();
    }
    return events;
  }

  /**
   * Whether calls to the tool must be refused: its last listed definition is not approved, or the
   * server is pinned and the tool was never approved at all.
   */
  public boolean withheld(String server, String tool) {
    TrustMode mode = trustModes.apply(server);
    if (mode == TrustMode.OBSERVE) {
      return false;
    }
    synchronized (this) {
      ToolPin pin = servers.getOrDefault(server, Map.of()).get(tool);
      if (pin == null) {
        return mode == TrustMode.PINNED;
      }
      return !pin.approved();
    }
  }

  /** Approves a hash for a tool (an administrator's act); {@code null} hash approves what was last observed. */
  public boolean approve(String server, String tool, String hash) {
    synchronized (this) {
      Map<String, ToolPin> pins = servers.computeIfAbsent(server, s -> new LinkedHashMap<>());
      ToolPin pin = pins.get(tool);
      String approved = hash != null ? hash : pin == null ? null : pin.observedHash();
      if (approved == null) {
        return false;
      }
      Instant now = clock.instant();
      pins.put(tool, pin == null ? new ToolPin(tool, approved, approved, now, now, false) : pin.approve(approved));
    }
    changeListener.run();
    return true;
  }

  /** A copy of every pin, by server and tool. */
  public synchronized Map<String, Map<String, ToolPin>> snapshot() {
    Map<String, Map<String, ToolPin>> copy = new LinkedHashMap<>();
    servers.forEach((server, pins) -> copy.put(server, new LinkedHashMap<>(pins)));
    return copy;
  }

  /** Replaces the pins of the given servers (a reload of the pin file or of McpServer pins). */
  public void restore(Map<String, Map<String, ToolPin>> pins) {
    synchronized (this) {
      pins.forEach((server, tools) -> servers.put(server, new LinkedHashMap<>(tools)));
    }
  }
}
