package dev.palisade.sidecar.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit records as JSON lines to a file or standard output. Callers only enqueue; a single
 * writer thread does the I/O. When the queue is full the record is dropped and counted, so a slow
 * disk can never stall the proxy.
 */
public final class JsonLinesAuditLog implements AuditLog {
  private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final BlockingQueue<AuditRecord> queue;
  private final OutputStream out;
  private final boolean closeOut;
  private final Thread writer;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile boolean closed;

  private JsonLinesAuditLog(OutputStream out, boolean closeOut, int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.out = out;
    this.closeOut = closeOut;
    this.writer = new Thread(this::drain, "palisade-audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  public static JsonLinesAuditLog toFile(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new JsonLinesAuditLog(stream, true, 16_384);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit log " + file, e);
    }
  }

  public static JsonLinesAuditLog toStream(OutputStream stream) {
    return new JsonLinesAuditLog(stream, false, 16_384);
  }

  @Override
  public void record(AuditRecord record) {
    if (closed || !queue.offer(record)) {
      dropped.incrementAndGet();
    }
  }

  public long dropped() {
    return dropped.get();
  }

  public long written() {
    return written.get();
  }

  /** Waits until everything enqueued so far is written (tests and orderly shutdown). */
  public void flush() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    synchronized (out) {
      try {
        out.flush();
      } catch (IOException e) {
        log.warn("audit log flush failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    flush();
    closed = true;
    writer.interrupt();
    try {
      writer.join(2000);
      if (closeOut) {
        out.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("closing audit log failed: {}", e.toString());
    }
  }

  private void drain() {
    while (!closed) {
      try {
        AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        StringBuilder lines = new StringBuilder(512);
        lines.append(format(first)).append('\n');
        AuditRecord next;
        int batch = 1;
        while (batch++ < 256 && (next = queue.poll()) != null) {
          lines.append(format(next)).append('\n');
        }
        synchronized (out) {
          out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        written.addAndGet(batch - 1);
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("audit log write failed: {}", e.toString());
      }
    }
  }

  /** One record as a JSON object on one line. */
  public static String format(AuditRecord record) {
    StringWriter text = new StringWriter(384);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("time", record.time().toString());
      json.writeStringField("server", record.server());
      Exchange exchange = record.exchange();
      if (exchange != null) {
        json.writeStringField("session", exchange.sessionKey());
        json.writeStringField("principal", exchange.principal());
        json.writeStringField("direction", exchange.direction().wireName());
        writeNullable(json, "method", exchange.method());
        writeNullable(json, "target", exchange.target());
        if (exchange.requestId() != null) {
          json.writeStringField("requestId", exchange.requestId().toString());
        }
      }
      Decision decision = record.decision();
      if (decision == null) {
        json.writeStringField("action", "block");
        json.writeStringField("reason", record.proxyReason());
      } else {
        Finding finding = decision.finding();
        json.writeStringField("action", decision.action().wireName());
        json.writeBooleanField("enforced", decision.enforced());
        json.writeStringField("policy", decision.policy());
        json.writeStringField("policyRule", decision.policyRule());
        json.writeStringField("category", finding.category().wireName());
        json.writeStringField("type", finding.type());
        json.writeStringField("severity", finding.severity().wireName());
        json.writeStringField("rule", finding.rule());
        writeNullable(json, "tool", finding.tool());
        json.writeStringField("pointer", finding.pointer());
        if (finding.hasSpan()) {
          json.writeNumberField("start", finding.start());
          json.writeNumberField("end", finding.end());
        }
        json.writeObjectFieldStart("evidence");
        json.writeStringField("excerpt", finding.evidence().excerpt());
        json.writeStringField("hash", finding.evidence().hash());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void writeNullable(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
