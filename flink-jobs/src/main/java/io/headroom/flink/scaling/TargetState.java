package io.headroom.flink.scaling;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.queue.ArrivalSteps;
import io.headroom.core.queue.QueueMemory;
import io.headroom.core.scaling.ScalingHistory;
import io.headroom.core.scaling.TailBudget;
import io.headroom.core.target.ForecastView;
import io.headroom.core.target.TargetView;
import io.headroom.core.target.WindowSample;
import io.headroom.flink.serde.StatelessCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the scaling job remembers about one target, in one immutable value (one keyed state
 * entry, written by {@link Codec} with a format version).
 *
 * @param view what core's {@link io.headroom.core.target.LiveTarget} decides from: engine history,
 *     latest windows, forecasts, trust, last command
 * @param pending windows waiting for the watermark to pass their end (applied in event-time order)
 * @param nextDecision the pending decision timer, {@link #NONE} when decisions are stopped
 * @param lastWindowEnd end of the newest window seen, {@link #NONE} before any
 */
record TargetState(
    TargetView view, List<WindowSample> pending, long nextDecision, long lastWindowEnd) {
  static final long NONE = Long.MIN_VALUE;

  TargetState {
    pending = List.copyOf(pending);
  }

  static TargetState empty() {
    return new TargetState(TargetView.EMPTY, List.of(), NONE, NONE);
  }

  TargetState withView(TargetView value) {
    return new TargetState(value, pending, nextDecision, lastWindowEnd);
  }

  TargetState withPending(List<WindowSample> value) {
    return new TargetState(view, value, nextDecision, lastWindowEnd);
  }

  TargetState withNextDecision(long value) {
    return new TargetState(view, pending, value, lastWindowEnd);
  }

  TargetState withLastWindowEnd(long value) {
    return new TargetState(view, pending, nextDecision, Math.max(lastWindowEnd, value));
  }

  static final class Codec extends StatelessCodec<TargetState> {
    private static final long serialVersionUID = 1L;

    Codec() {
      super(TargetState.class, true);
    }

    /**
     * 2 added the queue target's last active time; 3 its memory between lag readings
     * (persistent-lag offsets, the arrivals model), appended after the version-2 fields. 1 and 2
     * are still read, the memory then empty: a restored predictive queue target starts its arrivals
     * model again. 4 the predictive policy's tail budget (its quantile and shadow HPA), appended;
     * earlier versions restore it afresh, at the configured quantile.
     */
    private static final int VERSION = 4;

    @Override
    public byte[] encode(TargetState s) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(VERSION);
        TargetView v = s.view();
        writeHistory(out, v.history());
        out.writeInt(v.latest().size());
        for (WindowSample sample : new TreeMap<>(v.latest()).values()) {
          writeSample(out, sample);
        }
        out.writeInt(s.pending().size());
        for (WindowSample sample : s.pending()) {
          writeSample(out, sample);
        }
        out.writeInt(v.forecasts().size());
        for (ForecastView f : v.forecasts()) {
          out.writeLong(f.fittedAt());
          out.writeUTF(f.model());
          out.writeBoolean(f.trusted());
          out.writeInt(f.stepSeconds());
          out.writeInt(f.points().size());
          for (ForecastPoint p : f.points()) {
            out.writeLong(p.timestamp().toEpochMilli());
            out.writeDouble(p.value());
            out.writeDouble(p.lower());
            out.writeDouble(p.upper());
          }
        }
        out.writeDouble(v.overForecastShare());
        out.writeInt(v.lastTo());
        out.writeLong(s.nextDecision());
        out.writeLong(s.lastWindowEnd());
        out.writeLong(v.lastActive());
        writeQueue(out, v.queue());
        writeTail(out, v.tail());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public TargetState decode(byte[] data) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        int version = in.readByte();
        if (version < 1 || version > VERSION) {
          throw new IllegalStateException(
              "target state format " + version + " is not supported (expected " + VERSION + ")");
        }
        ScalingHistory history = readHistory(in);
        Map<String, WindowSample> latest = new TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          WindowSample sample = readSample(in);
          latest.put(sample.metric(), sample);
        }
        n = in.readInt();
        List<WindowSample> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          pending.add(readSample(in));
        }
        n = in.readInt();
        List<ForecastView> forecasts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          long fittedAt = in.readLong();
          String model = in.readUTF();
          boolean trusted = in.readBoolean();
          int step = in.readInt();
          int points = in.readInt();
          List<ForecastPoint> list = new ArrayList<>(points);
          for (int p = 0; p < points; p++) {
            list.add(
                new ForecastPoint(
                    Instant.ofEpochMilli(in.readLong()),
                    in.readDouble(),
                    in.readDouble(),
                    in.readDouble()));
          }
          forecasts.add(new ForecastView(fittedAt, model, trusted, step, list));
        }
        double share = in.readDouble();
        int lastTo = in.readInt();
        long nextDecision = in.readLong();
        long lastWindowEnd = in.readLong();
        long lastActive = version >= 2 ? in.readLong() : TargetView.NEVER;
        QueueMemory queue = version >= 3 ? readQueue(in) : QueueMemory.EMPTY;
        TailBudget tail = version >= 4 ? readTail(in) : TailBudget.INITIAL;
        TargetView view =
            new TargetView(history, latest, forecasts, share, lastTo, lastActive, queue, tail);
        return new TargetState(view, pending, nextDecision, lastWindowEnd);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void writeHistory(DataOutputStream out, ScalingHistory h) throws IOException {
      out.writeInt(h.recommendations().size());
      for (ScalingHistory.Recommendation r : h.recommendations()) {
        out.writeLong(r.time().toEpochMilli());
        out.writeInt(r.replicas());
      }
      writeEvents(out, h.scaleUps());
      writeEvents(out, h.scaleDowns());
    }

    private static ScalingHistory readHistory(DataInputStream in) throws IOException {
      int n = in.readInt();
      List<ScalingHistory.Recommendation> recommendations = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        recommendations.add(
            new ScalingHistory.Recommendation(Instant.ofEpochMilli(in.readLong()), in.readInt()));
      }
      return new ScalingHistory(recommendations, readEvents(in), readEvents(in));
    }

    private static void writeTail(DataOutputStream out, TailBudget t) throws IOException {
      out.writeDouble(t.z());
      out.writeInt(t.shadowReplicas());
      writeHistory(out, t.shadowHistory());
      out.writeDouble(t.meanReplicas());
      out.writeLong(t.updated() == null ? NONE : t.updated().toEpochMilli());
    }

    private static TailBudget readTail(DataInputStream in) throws IOException {
      double z = in.readDouble();
      int shadowReplicas = in.readInt();
      ScalingHistory shadowHistory = readHistory(in);
      double meanReplicas = in.readDouble();
      long updated = in.readLong();
      return new TailBudget(
          z,
          shadowReplicas,
          shadowHistory,
          meanReplicas,
          updated == NONE ? null : Instant.ofEpochMilli(updated));
    }

    private static void writeQueue(DataOutputStream out, QueueMemory q) throws IOException {
      out.writeLong(q.lastReading());
      writeOffsets(out, q.logEnds());
      writeOffsets(out, q.previousOffsets());
      out.writeBoolean(q.steps() != null);
      if (q.steps() != null) {
        out.writeLong(q.steps().stepMillis());
        out.writeLong(q.steps().start());
        out.writeDouble(q.steps().items());
        out.writeLong(q.steps().covered());
      }
      out.writeBoolean(q.model() != null);
      if (q.model() != null) {
        out.writeUTF(q.model());
        out.writeInt(q.forecaster().length);
        out.write(q.forecaster());
      }
      writePoints(out, q.forecast());
    }

    private static QueueMemory readQueue(DataInputStream in) throws IOException {
      long lastReading = in.readLong();
      Map<Integer, Long> logEnds = readOffsets(in);
      Map<Integer, Long> previous = readOffsets(in);
      ArrivalSteps steps =
          in.readBoolean()
              ? new ArrivalSteps(in.readLong(), in.readLong(), in.readDouble(), in.readLong())
              : null;
      String model = null;
      byte[] forecaster = null;
      if (in.readBoolean()) {
        model = in.readUTF();
        forecaster = in.readNBytes(in.readInt());
      }
      return new QueueMemory(
          lastReading, logEnds, previous, steps, model, forecaster, readPoints(in));
    }

    private static void writeOffsets(DataOutputStream out, Map<Integer, Long> offsets)
        throws IOException {
      out.writeInt(offsets.size());
      for (Map.Entry<Integer, Long> e : new TreeMap<>(offsets).entrySet()) {
        out.writeInt(e.getKey());
        out.writeLong(e.getValue());
      }
    }

    private static Map<Integer, Long> readOffsets(DataInputStream in) throws IOException {
      int n = in.readInt();
      Map<Integer, Long> offsets = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        offsets.put(in.readInt(), in.readLong());
      }
      return offsets;
    }

    private static void writePoints(DataOutputStream out, List<ForecastPoint> points)
        throws IOException {
      out.writeInt(points.size());
      for (ForecastPoint p : points) {
        out.writeLong(p.timestamp().toEpochMilli());
        out.writeDouble(p.value());
        out.writeDouble(p.lower());
        out.writeDouble(p.upper());
      }
    }

    private static List<ForecastPoint> readPoints(DataInputStream in) throws IOException {
      int n = in.readInt();
      List<ForecastPoint> points = new ArrayList<>(n);
      for (int p = 0; p < n; p++) {
        points.add(
            new ForecastPoint(
                Instant.ofEpochMilli(in.readLong()),
                in.readDouble(),
                in.readDouble(),
                in.readDouble()));
      }
      return points;
    }

    private static void writeEvents(DataOutputStream out, List<ScalingHistory.ScaleEvent> events)
        throws IOException {
      out.writeInt(events.size());
      for (ScalingHistory.ScaleEvent e : events) {
        out.writeLong(e.time().toEpochMilli());
        out.writeInt(e.replicaChange());
      }
    }

    private static List<ScalingHistory.ScaleEvent> readEvents(DataInputStream in)
        throws IOException {
      int n = in.readInt();
      List<ScalingHistory.ScaleEvent> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        events.add(
            new ScalingHistory.ScaleEvent(Instant.ofEpochMilli(in.readLong()), in.readInt()));
      }
      return events;
    }

    private static void writeSample(DataOutputStream out, WindowSample sample) throws IOException {
      out.writeUTF(sample.metric());
      out.writeLong(sample.start());
      out.writeLong(sample.end());
      out.writeInt(sample.values().length);
      for (double v : sample.values()) {
        out.writeDouble(v);
      }
    }

    private static WindowSample readSample(DataInputStream in) throws IOException {
      String metric = in.readUTF();
      long start = in.readLong();
      long end = in.readLong();
      double[] values = new double[in.readInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readDouble();
      }
      return new WindowSample(metric, start, end, values);
    }
  }
}
