package io.headroom.cli;

import io.headroom.core.time.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as on the rest of the command line (core's {@link DurationText}): 15s, 2m, 7d, 1h30m.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      // picocli prefixes "Invalid value for option '--x': " and exits 2.
      throw new TypeConversionException(e.getMessage());
    }
  }
}
