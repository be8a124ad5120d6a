package cn.unioncard.app;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.protocol.Hex;
import cn.unioncard.serial.SerialRoundTripBenchmark;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.replay.ReplayTrace;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ucard bench [NAME]}: the project's benchmarks, one JSON object a line: {@code name}, {@code unit},
 * {@code n}, {@code p50}, {@code p99} and benchmark-specific fields. Each runs a warm-up first (JIT), then
 * measures every operation with {@link System#nanoTime()}. Benchmarks whose part is not built yet are absent.
 */
@Command(name = "bench", description = "Run the benchmarks and print one JSON object per line.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "One benchmark (default: all).")
  String name;

  @Option(names = "--n", description = "Measured operations per benchmark (default: ${DEFAULT-VALUE}).")
  int n = 20_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Callable<ObjectNode>> all = new LinkedHashMap<>();
    all.put("apdu-rtt-inprocess", this::apduInProcess);
    all.put("read", this::read);
    all.put("serial-roundtrip", this::serialRoundTrip);
    if (name != null && !all.containsKey(name)) {
      throw new UserError("no benchmark named " + name + "; known: " + String.join(", ", all.keySet()), Ucard.BAD_INPUT);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Map.Entry<String, Callable<ObjectNode>> b : all.entrySet()) {
      if (name == null || name.equals(b.getKey())) {
        out.println(b.getValue().call().toString());
        out.flush();
      }
    }
    return Ucard.OK;
  }

  /** One APDU (GET BALANCE) to the simulator's replay card in the same process. */
  private ObjectNode apduInProcess() throws Exception {
    ReplayCard card = new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT));
    byte[] getBalance = Hex.of("805C000204");
    return measure("apdu-rtt-inprocess", "us", () -> card.transmit(getBalance));
  }

  /** The whole card read of the debit-and-transit card (13 APDUs) over the in-process replay card. */
  private ObjectNode read() throws Exception {
    ReplayTrace trace = BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT);
    TerminalData terminal = TerminalData.defaults();
    int[] apdus = new int[1];
    ObjectNode r = measure("read", "us", () -> {
      CardRead cr = new CardSession(new ReplayCard(trace), terminal).read();
      apdus[0] = cr.apduCount();
    });
    r.put("apdus", apdus[0]);
    r.put("card", BundledTraces.DEBIT_AND_TRANSIT);
    return r;
  }

  /**
   * A SALE frame and its ACK between two ECR links over a socat pseudo-terminal pair through jssc at 115200
   * baud, with the line time those bytes would take on a real line ({@code line_time_us}). Needs socat.
   */
  private ObjectNode serialRoundTrip() throws Exception {
    int count = Math.min(n, 5000);
    long[] t;
    try {
      t = SerialRoundTripBenchmark.run(Math.max(100, count / 4), count);
    } catch (java.io.IOException e) {
      throw new UserError("serial-roundtrip: " + e.getMessage(), Ucard.FAILED);
    }
    ObjectNode o = summary("serial-roundtrip", "us", t);
    o.put("line_time_us", Math.round(SerialRoundTripBenchmark.lineTimeMicros() * 100) / 100.0);
    o.put("wire_bytes", SerialRoundTripBenchmark.wireBytes());
    o.put("baud", SerialRoundTripBenchmark.BAUD);
    return o;
  }

  private ObjectNode measure(String benchName, String unit, Op op) throws Exception {
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

  private ObjectNode summary(String benchName, String unit, long[] samples) {
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

}
