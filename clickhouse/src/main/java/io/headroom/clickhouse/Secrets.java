package io.headroom.clickhouse;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of log and error lines. Secrets are registered where they are read (the
 * ClickHouse settings, the Kafka client properties); {@link #redact} then masks every registered
 * value in any text, because a driver or client may quote one anywhere in its messages, plus the
 * shapes a password takes in a JDBC URL or a JAAS line even when it was never registered.
 */
public final class Secrets {
  public static final String MASK = "***";

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)(password=)(?!\")[^&;\\s'\"),]+");
  private static final Pattern QUOTED_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*\")[^\"]*");
  private static final Pattern USER_INFO = Pattern.compile("(://[^/:@\\s]*:)[^@/\\s]+@");

  private Secrets() {}

  /** Masks {@code secret} in every later {@link #redact}; null and empty are ignored. */
  public static void register(String secret) {
    if (secret != null && !secret.isEmpty()) {
      KNOWN.add(secret);
    }
  }

  /** Registers the password inside a JDBC URL ({@code ?password=...} or {@code user:pw@host}). */
  static void registerUrlPassword(String url) {
    if (url == null) {
      return;
    }
    for (Pattern pattern : new Pattern[] {URL_PASSWORD, USER_INFO}) {
      Matcher m = pattern.matcher(url);
      while (m.find()) {
        String secret = url.substring(m.end(1), m.end());
        register(secret.endsWith("@") ? secret.substring(0, secret.length() - 1) : secret);
      }
    }
  }

  /** {@code text} with every registered secret and every URL or JAAS password masked. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    // Longest first, so a secret containing another is masked whole.
    for (String secret :
        KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      result = result.replace(secret, MASK);
    }
    result = URL_PASSWORD.matcher(result).replaceAll("$1" + MASK);
    result = QUOTED_PASSWORD.matcher(result).replaceAll("$1" + MASK);
    return USER_INFO.matcher(result).replaceAll("$1" + MASK + "@");
  }

  /**
   * Whether a client property's value is a secret: passwords, keys, tokens and the JAAS line (which
   * carries the SASL password).
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("token")
        || k.contains("credential")
        || k.endsWith(".key");
  }

  /** Registers the values of the secret-looking keys of client properties. */
  public static void registerSecretValues(Map<String, ?> properties) {
    properties.forEach(
        (key, value) -> {
          if (value != null && isSecretKey(key)) {
            String text = String.valueOf(value);
            register(text);
            // The password inside a JAAS line can show up on its own in a client's error.
            Matcher m = QUOTED_PASSWORD.matcher(text);
            while (m.find()) {
              register(text.substring(m.end(1), m.end()));
            }
          }
        });
  }

  /** Properties as they may be logged: secret-looking values replaced by {@value #MASK}. */
  public static Map<String, String> masked(Map<String, ?> properties) {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach(
        (key, value) -> shown.put(key, isSecretKey(key) ? MASK : redact(String.valueOf(value))));
    return shown;
  }
}
