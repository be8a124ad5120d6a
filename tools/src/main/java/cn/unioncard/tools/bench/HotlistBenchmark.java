package cn.unioncard.tools.bench;

import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.HotlistFile;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Random;

/** {@code hotlist}: a hotlist check against 1,000,000 blocked cards, half the probes listed, half not. */
final class HotlistBenchmark {
  private final BenchSettings settings;

  HotlistBenchmark(BenchSettings settings) {
    this.settings = settings;
  }

  ObjectNode run() throws Exception {
    Random r = new Random(42);
    int size = 1_000_000;
    String[] serials = new String[size];
    for (int i = 0; i < size; i++) {
      serials[i] = serial(r);
    }
    Hotlist list = Hotlist.empty().apply(HotlistFile.parse(HotlistFile.full(1, serials).encode()));
    String[] probes = new String[4096];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = i % 2 == 0 ? serials[r.nextInt(size)] : serial(r);
    }
    int[] k = new int[1];
    boolean[] sink = new boolean[1];
    ObjectNode o = Measurement.timed("hotlist", "ns", settings.n(), () -> {
      sink[0] ^= list.contains(probes[k[0]++ & 4095]);
    });
    o.put("entries", list.size());
    return o;
  }

  /** A random card serial: four digits from 3100 to 3149, then sixteen. */
  private static String serial(Random r) {
    return String.format(Locale.ROOT, "%04d%016d", 3100 + r.nextInt(50),
        Math.floorMod(r.nextLong(), 10_000_000_000_000_000L));
  }
}
