package dev.palisade.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PalisadeCommandTest {
  @Test
  void aCommandIsBuiltAloneAndReadsAsPartOfTheWhole() {
    CommandLine proxyOnly = PalisadeCommand.commandLine(new String[] {"proxy", "--help"});
    assertThat(proxyOnly.getSubcommands()).containsOnlyKeys("proxy");
    assertThat(usage(proxyOnly.getSubcommands().get("proxy")))
        .isEqualTo(usage(PalisadeCommand.commandLine().getSubcommands().get("proxy")))
        .contains("Usage: palisade-sidecar proxy");
  }

  @Test
  void helpAndUnknownCommandsSeeEveryCommandInOrder() {
    for (String[] args : new String[][] {{}, {"--help"}, {"help"}, {"prox"}}) {
      assertThat(PalisadeCommand.commandLine(args).getSubcommands().keySet())
          .containsExactly("proxy", "pins", "scan", "evaluate", "warm-up", "help");
    }
    StringWriter err = new StringWriter();
    CommandLine line = PalisadeCommand.commandLine(new String[] {"prox"});
    line.setErr(new PrintWriter(err));
    assertThat(line.execute("prox")).isNotZero();
    assertThat(err.toString()).contains("proxy");
  }

  private static String usage(CommandLine line) {
    StringWriter out = new StringWriter();
    line.usage(new PrintWriter(out));
    return out.toString();
  }
}
