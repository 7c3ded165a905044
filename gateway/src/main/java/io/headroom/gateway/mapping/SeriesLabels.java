package io.headroom.gateway.mapping;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The labels of one series, immutable and sorted by name, with its {@link PromSeries#key() key}
 * made once. Two parallel arrays instead of a TreeMap: a series has a handful of labels, and
 * building a TreeMap per series, then copying it, then walking it for the key, was a fifth of the
 * gateway's time per sample on the bench's bodies.
 */
public final class SeriesLabels extends AbstractMap<String, String>
    implements SortedMap<String, String> {
  private static final SeriesLabels EMPTY = new SeriesLabels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  // Made on first use (the labels kept on events never need them); a race makes them twice, equal.
  private volatile String key;
  private volatile byte[] keyUtf8;

  private SeriesLabels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** The labels of {@code map}, the same instance when it is already a SeriesLabels. */
  public static SeriesLabels copyOf(Map<String, String> map) {
    if (map instanceof SeriesLabels labels) {
      return labels;
    }
    if (map.isEmpty()) {
      return EMPTY;
    }
    SortedMap<String, String> sorted =
        map instanceof TreeMap<String, String> t && t.comparator() == null ? t : new TreeMap<>(map);
    String[] names = new String[sorted.size()];
    String[] values = new String[sorted.size()];
    int i = 0;
    for (Map.Entry<String, String> label : sorted.entrySet()) {
      names[i] = label.getKey();
      values[i] = label.getValue();
      i++;
    }
    return new SeriesLabels(names, values);
  }

  /**
   * The first {@code count} pairs, in the order they came; a name given twice keeps its last value,
   * as a map would. The arrays are kept, not copied, when {@code count} is their length.
   */
  public static SeriesLabels of(String[] names, String[] values, int count) {
    if (count == 0) {
      return EMPTY;
    }
    if (!strictlyAscending(names, count)) {
      TreeMap<String, String> sorted = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        sorted.put(names[i], values[i]);
      }
      return copyOf(sorted);
    }
    return new SeriesLabels(
        names.length == count ? names : Arrays.copyOf(names, count),
        values.length == count ? values : Arrays.copyOf(values, count));
  }

  /**
   * These labels less any named {@code a}, {@code b} or {@code c}: a subset of sorted labels is
   * sorted, so nothing is checked or compared again.
   */
  SeriesLabels without(String a, String b, String c) {
    String[] keptNames = new String[names.length];
    String[] keptValues = new String[names.length];
    int kept = 0;
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      if (!name.equals(a) && !name.equals(b) && !name.equals(c)) {
        keptNames[kept] = name;
        keptValues[kept] = values[i];
        kept++;
      }
    }
    if (kept == 0) {
      return EMPTY;
    }
    return new SeriesLabels(
        kept == names.length ? keptNames : Arrays.copyOf(keptNames, kept),
        kept == names.length ? keptValues : Arrays.copyOf(keptValues, kept));
  }

  /**
   * {@link #of(String[], String[], int)}, copying both arrays, and without comparing a name when
   * {@code previous} has the very same name instances in the same order (they were found in order
   * then): the series of one request mostly share their label names, and comparing them again was a
   * twentieth of the gateway's time per sample.
   *
   * @param previous the labels made just before from the same kind of arrays, or null
   */
  public static SeriesLabels of(String[] names, String[] values, int count, SeriesLabels previous) {
    if (previous == null || !sameNames(previous.names, names, count)) {
      return of(Arrays.copyOf(names, count), Arrays.copyOf(values, count), count);
    }
    return new SeriesLabels(previous.names, Arrays.copyOf(values, count));
  }

  private static boolean sameNames(String[] known, String[] names, int count) {
    if (known.length != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (known[i] != names[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean strictlyAscending(String[] names, int count) {
    for (int i = 0; i < count; i++) {
      if (names[i] == null) {
        throw new NullPointerException("label name " + i + " is null");
      }
      if (i > 0 && names[i - 1].compareTo(names[i]) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code name{a="x",b="y"}}, see {@link PromSeries#key()}. */
  String key() {
    String made = key;
    if (made == null) {
      made = key(names, values);
      key = made;
    }
    return made;
  }

  /** The key in UTF-8, what the event ids are made of. */
  byte[] keyUtf8() {
    byte[] made = keyUtf8;
    if (made == null) {
      made = asciiKey(names, values);
      if (made == null) {
        made = key().getBytes(StandardCharsets.UTF_8);
      }
      keyUtf8 = made;
    }
    return made;
  }

  /**
   * The key's bytes written straight from ASCII labels, or null when one is not ASCII. Gauges need
   * only these bytes, and making the key's String first and encoding it copied every key three
   * times over.
   */
  private static byte[] asciiKey(String[] names, String[] values) {
    int name = -1;
    int length = 2;
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(PromSeries.NAME_LABEL)) {
        name = i;
        length += values[i].length();
      } else {
        // name="value", and the comma before every label but the first
        length += names[i].length() + 3 + values[i].length() + 1;
      }
    }
    if (names.length > (name < 0 ? 0 : 1)) {
      length--;
    }
    byte[] key = new byte[length];
    int at = name < 0 ? 0 : copyAscii(values[name], key, 0);
    if (at < 0) {
      return null;
    }
    key[at++] = '{';
    boolean first = true;
    for (int i = 0; i < names.length && at >= 0; i++) {
      if (i == name) {
        continue;
      }
      if (!first) {
        key[at++] = ',';
      }
      first = false;
      at = copyAscii(names[i], key, at);
      if (at >= 0) {
        key[at++] = '=';
        key[at++] = '"';
        at = copyAscii(values[i], key, at);
      }
      if (at >= 0) {
        key[at++] = '"';
      }
    }
    if (at < 0) {
      return null;
    }
    key[at] = '}';
    return key;
  }

  /** Copies {@code text} into {@code into} at {@code at}; the end, or -1 when it is not ASCII. */
  private static int copyAscii(String text, byte[] into, int at) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      into[at++] = (byte) c;
    }
    return at;
  }

  private static String key(String[] names, String[] values) {
    String name = "";
    StringBuilder labels = new StringBuilder(64);
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(PromSeries.NAME_LABEL)) {
        name = values[i];
        continue;
      }
      if (labels.length() > 0) {
        labels.append(',');
      }
      labels.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return name + '{' + labels + '}';
  }

  private int indexOf(Object name) {
    // A linear scan: fewer comparisons than a search over a handful of labels, and no hashing.
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> label =
                new AbstractMap.SimpleImmutableEntry<>(names[next], values[next]);
            next++;
            return label;
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }

  @Override
  public Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public String firstKey() {
    if (names.length == 0) {
      throw new NoSuchElementException();
    }
    return names[0];
  }

  @Override
  public String lastKey() {
    if (names.length == 0) {
      throw new NoSuchElementException();
    }
    return names[names.length - 1];
  }

  // Views by range are not used on the hot path: a sorted copy answers them.
  @Override
  public SortedMap<String, String> subMap(String fromKey, String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<String, String> headMap(String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
  }

  @Override
  public SortedMap<String, String> tailMap(String fromKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
  }
}
