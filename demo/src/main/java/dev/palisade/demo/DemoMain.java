package dev.palisade.demo;

import dev.palisade.demo.agent.AgentSession;
import dev.palisade.demo.agent.AgentStep;
import dev.palisade.demo.agent.DemoAgent;
import dev.palisade.demo.agent.Outcome;
import dev.palisade.demo.agent.ThreatScript;
import dev.palisade.demo.server.HostileTools;
import dev.palisade.demo.agent.RugPullScript;
import dev.palisade.demo.agent.StepResult;
import dev.palisade.demo.server.DemoMcpServer;
import dev.palisade.demo.server.RugPullTool;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo: an MCP server built with the official SDK, the real sidecar jar in front of it, and a
 * scripted agent that goes through the sidecar. Prints what passed, what was blocked and why, and the
 * audit log. Exits 0 when every step behaved as a protected session should, 1 otherwise.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    // Jetty and the SDK log at INFO through java.util.logging; the report is the demo's output.
    Logger.getLogger("").setLevel(Level.WARNING);
    int status;
    try {
      status = run(SidecarProcess.locateJar());
    } catch (Exception | LinkageError e) {
      System.err.println("palisade demo failed: " + e);
      status = 2;
    }
    // The SDK's streamable transport leaves a non-daemon session sweeper thread behind.
    System.exit(status);
  }

  static int run(Path sidecarJar) throws Exception {
    DemoReport report = new DemoReport(System.out);
    Path workDir = Files.createTempDirectory("palisade-demo-");
    List<StepResult> results = new java.util.ArrayList<>();
    Path monitorDir = Files.createDirectories(workDir.resolve("monitor"));
    try (DemoMcpServer server = DemoMcpServer.start(HostileTools.specifications())) {
      report.heading("Palisade demo: a scripted agent talks to an MCP server through the sidecar");
      report.line("MCP server (official MCP Java SDK 2.1.0, Streamable HTTP): " + server.streamableUri());
      try (SidecarProcess sidecar = SidecarProcess.start(sidecarJar, server.streamableUri(), workDir)) {
        report.line("sidecar (the real jar, a child process):                " + sidecar.mcpUri());
        report.line("  " + String.join(" ", sidecar.command().subList(1, sidecar.command().size())));
        report.line("the agent connects to the sidecar only; the built-in default policy applies (trust on first use)");
        List<AgentStep> script = new java.util.ArrayList<>(RugPullScript.steps(server::pullTheRug, RugPullTool.NAME));
        script.addAll(ThreatScript.steps(true));
        results.addAll(runAgent(sidecar.mcpUri(), script, report));
      }
      report.heading("The same threats under a policy in monitor mode: nothing changes on the wire, everything is recorded");
      Path monitorPolicy = monitorDir.resolve("monitor.yaml");
      Files.writeString(monitorPolicy, monitorPolicy());
      try (SidecarProcess sidecar = SidecarProcess.start(sidecarJar, server.streamableUri(), monitorDir, monitorPolicy)) {
        report.line("  " + String.join(" ", sidecar.command().subList(1, sidecar.command().size())));
        List<AgentStep> script = new java.util.ArrayList<>();
        script.add(new AgentStep("initialize the session", Outcome.PASSED, "monitor mode", AgentSession::initialize));
        script.addAll(ThreatScript.steps(false));
        results.addAll(runAgent(sidecar.mcpUri(), script, report));
      }
    }
    report.summary(results);
    Path audit = workDir.resolve("audit.jsonl");
    report.auditLog(audit, Files.exists(audit) ? Files.readAllLines(audit) : List.of());
    Path monitorAudit = monitorDir.resolve("audit.jsonl");
    report.auditLog(monitorAudit, Files.exists(monitorAudit) ? Files.readAllLines(monitorAudit) : List.of());
    report.line("");
    report.line("pins: " + workDir.resolve("pins.json") + "   sidecar log: " + workDir.resolve("sidecar.log"));
    report.line("approve the changed tool with: java -jar " + sidecarJar + " pins approve --pins "
        + workDir.resolve("pins.json") + " --tool " + RugPullTool.NAME);
    return results.stream().allMatch(StepResult::asExpected) ? 0 : 1;
  }

  /** The built-in default policy, renamed and switched to monitor mode. */
  private static String monitorPolicy() throws java.io.IOException {
    try (var in = DemoMain.class.getClassLoader().getResourceAsStream("palisade/policies/builtin-default.yaml")) {
      String builtin = in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (builtin == null) {
        throw new java.io.IOException("the built-in default policy is not on the classpath");
      }
      return builtin.replace("name: builtin-default", "name: monitor-everything").replace("mode: enforce", "mode: monitor");
    }
  }

  private static List<StepResult> runAgent(URI sidecarMcp, List<AgentStep> script, DemoReport report) {
    var transport = HttpClientStreamableHttpTransport.builder(sidecarMcp.resolve("/").toString())
        .endpoint(sidecarMcp.getPath()).build();
    try (McpSyncClient client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("palisade-demo-agent", "1.0.0").build())
        .requestTimeout(Duration.ofSeconds(15))
        .build()) {
      DemoAgent agent = new DemoAgent(new AgentSession(client));
      return agent.run(script, report::step);
    }
  }
}
