package io.headroom.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = HeadroomCommand.class.getPackage().getImplementationVersion();
    return new String[] {"headroom " + (version == null ? "development build" : version)};
  }
}
