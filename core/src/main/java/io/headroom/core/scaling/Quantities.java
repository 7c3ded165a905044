package io.headroom.core.scaling;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes quantities ({@code 500m}, {@code 1.5k}, {@code 128Mi}, {@code 1e3}) as doubles, and
 * the short number format used in decision reasons.
 */
final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|n|u|m|k|M|G|T|P|E)?");

  private Quantities() {}

  /**
   * Parses a quantity.
   *
   * @throws IllegalArgumentException naming the text when it is not a quantity
   */
  static double parse(String text) {
    Matcher matcher = QUANTITY.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a quantity (e.g. 100, 500m, 1.5k, 128Mi)");
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    String suffix = matcher.group(2);
    if (suffix == null) {
      return number.doubleValue();
    }
    return switch (suffix) {
      case "n" -> number.scaleByPowerOfTen(-9).doubleValue();
      case "u" -> number.scaleByPowerOfTen(-6).doubleValue();
      case "m" -> number.scaleByPowerOfTen(-3).doubleValue();
      case "k" -> number.scaleByPowerOfTen(3).doubleValue();
      case "M" -> number.scaleByPowerOfTen(6).doubleValue();
      case "G" -> number.scaleByPowerOfTen(9).doubleValue();
      case "T" -> number.scaleByPowerOfTen(12).doubleValue();
      case "P" -> number.scaleByPowerOfTen(15).doubleValue();
      case "E" -> number.scaleByPowerOfTen(18).doubleValue();
      case "Ki" -> number.doubleValue() * 0x1p10;
      case "Mi" -> number.doubleValue() * 0x1p20;
      case "Gi" -> number.doubleValue() * 0x1p30;
      case "Ti" -> number.doubleValue() * 0x1p40;
      case "Pi" -> number.doubleValue() * 0x1p50;
      case "Ei" -> number.doubleValue() * 0x1p60;
      default -> number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))).doubleValue();
    };
  }

  /** Up to three decimals, no trailing zeros: 70, 0.5, 31.667. */
  static String format(double value) {
    return append(new StringBuilder(16), value).toString();
  }

  /**
   * Appends {@link #format(double)} of {@code value} to {@code text} (it runs per decision reason).
   */
  static StringBuilder append(StringBuilder text, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) >= 1e12) {
      return text.append(value);
    }
    long thousandths = Math.round(Math.abs(value) * 1000);
    if (value < 0 && thousandths != 0) {
      text.append('-');
    }
    text.append(thousandths / 1000);
    int fraction = (int) (thousandths % 1000);
    if (fraction != 0) {
      text.append('.');
      for (int digit = 100; digit > 0 && fraction != 0; digit /= 10) {
        text.append((char) ('0' + fraction / digit));
        fraction %= digit;
      }
    }
    return text;
  }
}
