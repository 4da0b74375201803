package dev.palisade.sidecar.cli;

import picocli.CommandLine;

/** Reports the jar's implementation version. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = PalisadeCommand.class.getPackage().getImplementationVersion();
    return new String[] {"palisade-sidecar " + (version == null ? "development build" : version)};
  }
}
