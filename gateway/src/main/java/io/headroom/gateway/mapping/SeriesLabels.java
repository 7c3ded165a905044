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
      made = key().getBytes(StandardCharsets.UTF_8);
      keyUtf8 = made;
    }
    return made;
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
