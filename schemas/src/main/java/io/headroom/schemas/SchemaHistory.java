package io.headroom.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of each record schema, kept as {@code history/<Name>-v<N>.avsc} resources.
 * Readers register them so records written by older (or, once a release ships the newer schema,
 * newer) producers still decode. Add a file here whenever a schema changes.
 */
public final class SchemaHistory {
  private static final int MAX_VERSIONS = 100;

  private SchemaHistory() {}

  public static List<Schema> versionsOf(String fullName) {
    String simpleName = fullName.substring(fullName.lastIndexOf('.') + 1);
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; version <= MAX_VERSIONS; version++) {
      String resource = "history/" + simpleName + "-v" + version + ".avsc";
      try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
        if (in == null) {
          break;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema resource " + resource, e);
      }
    }
    return versions;
  }
}
