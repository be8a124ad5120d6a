package cn.unioncard.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The benchmarks' shared method: a warm-up (a quarter of the operations, at least 1,000), then every operation timed
 * with {@link System#nanoTime()}, and the samples' median ({@code p50}) and 99th percentile ({@code p99}) in one JSON
 * object with the benchmark's {@code name}, {@code unit} and {@code n}.
 */
final class Measurement {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Measurement() {}

  /** One operation to time. */
  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  /** {@code op} run {@code max(1000, n / 4)} times unmeasured, then {@code n} times each timed. */
  static ObjectNode timed(String benchName, String unit, int n, Op op) throws Exception {
    for (int i = 0; i < Math.max(1000, n / 4); i++) {
      op.run();
    }
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      op.run();
      t[i] = System.nanoTime() - s;
    }
    return summary(benchName, unit, t);
  }

  /** name, unit, n, p50, p99 of samples in nanoseconds, in {@code unit} ({@code us}, {@code ms} or {@code ns}). */
  static ObjectNode summary(String benchName, String unit, long[] samples) {
    long[] t = samples.clone();
    int n = t.length;
    Arrays.sort(t);
    double div = unit.equals("us") ? 1e3 : unit.equals("ms") ? 1e6 : 1;
    ObjectNode o = JSON.createObjectNode();
    o.put("name", benchName);
    o.put("unit", unit);
    o.put("n", n);
    o.put("p50", Math.round(t[n / 2] / div * 100) / 100.0);
    o.put("p99", Math.round(t[(int) (n * 0.99)] / div * 100) / 100.0);
    return o;
  }

  /** An empty JSON object, for a benchmark that reports one shot rather than samples. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** The mean of samples. */
  static double mean(long[] t) {
    double sum = 0;
    for (long v : t) {
      sum += v;
    }
    return sum / t.length;
  }
}
