package dev.palisade.sidecar.pins;

import dev.palisade.integrity.PinRegistry;
import dev.palisade.integrity.ToolPin;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PinRegistry} and its {@link PinFile} in step: observations are written (debounced,
 * off the event loop) and approvals an administrator writes into the file are read back while the
 * sidecar runs.
 */
public final class PinFileSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PinFileSync.class);
  private static final long DEBOUNCE_MS = 200;
  private static final long POLL_MS = 1000;

  private final Vertx vertx;
  private final PinRegistry registry;
  private final PinFile file;
  private final AtomicBoolean writeScheduled = new AtomicBoolean();
  private volatile Instant lastKnownModification;
  private long pollTimer = -1;

  public PinFileSync(Vertx vertx, PinRegistry registry, PinFile file) {
    this.vertx = vertx;
    this.registry = registry;
    this.file = file;
  }

  /** Loads the file into the registry and starts following it. */
  public void start() {
    Map<String, Map<String, ToolPin>> pins = file.read();
    registry.restore(pins);
    lastKnownModification = file.modified();
    registry.onChange(this::scheduleWrite);
    pollTimer = vertx.setPeriodic(POLL_MS, id -> vertx.executeBlocking(() -> {
      reloadIfChanged();
      return null;
    }, false));
  }

  private void scheduleWrite() {
    if (writeScheduled.compareAndSet(false, true)) {
      vertx.setTimer(DEBOUNCE_MS, id -> vertx.executeBlocking(() -> {
        writeScheduled.set(false);
        writeNow();
        return null;
      }, false));
    }
  }

  /** Writes the registry to the file now (also used at shutdown). */
  public synchronized void writeNow() {
    try {
      reloadIfChanged(); // never overwrite an approval the administrator just wrote
      file.write(registry.snapshot());
      lastKnownModification = file.modified();
    } catch (RuntimeException e) {
      log.warn("could not write pin file {}: {}", file.path(), e.getMessage());
    }
  }

  /** Applies the approvals in the file if someone else changed it. */
  synchronized void reloadIfChanged() {
    Instant modified = file.modified();
    if (modified == null || modified.equals(lastKnownModification)) {
      return;
    }
    try {
      Map<String, Map<String, ToolPin>> onDisk = file.read();
      onDisk.forEach((server, tools) -> tools.forEach((tool, pin) -> {
        if (pin.approvedHash() != null) {
          registry.approve(server, tool, pin.approvedHash());
        }
      }));
      lastKnownModification = modified;
      log.info("pin file {} reloaded", file.path());
    } catch (RuntimeException e) {
      log.warn("pin file {} changed but could not be read: {}", file.path(), e.getMessage());
    }
  }

  @Override
  public void close() {
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    writeNow();
  }
}
