package io.headroom.clickhouse;

/** A ClickHouse server version, for features older servers lack (TTL arrived in 19.6). */
public record ServerVersion(int major, int minor, String text) {
  public static ServerVersion parse(String text) {
    String[] parts = text.strip().split("\\.");
    try {
      return new ServerVersion(
          Integer.parseInt(parts[0]),
          parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
          text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unrecognised ClickHouse version '" + text + "'");
    }
  }

  public boolean atLeast(int wantedMajor, int wantedMinor) {
    return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
  }

  public boolean supportsTtl() {
    return atLeast(19, 6);
  }
}
