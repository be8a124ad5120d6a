package cn.unioncard.tools.bench;

import cn.unioncard.app.Ucard;
import cn.unioncard.app.UserError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * measures every operation with {@link System#nanoTime()} ({@link Measurement}). Benchmarks whose part is not built
 * yet are absent. The PC/SC ones ({@code apdu-rtt-pcsc}, {@code read-pcsc}, {@code gate-tap-pcsc}) start their own
 * pcscd with a vpcd reader and measure fewer operations (at most 5,000 and 500); they are skipped, with the reason on
 * stderr, where pcscd or vpcd is missing or another pcscd runs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the benchmarks and print one JSON object per line.")
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "One benchmark (default: all).")
  String name;

  @Option(names = "--n", description = "Measured operations per benchmark (default: ${DEFAULT-VALUE}).")
  int n = 20_000;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where disk benchmarks write their files (default: the system's temporary directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (n < 1) {
      throw new UserError("--n must be at least 1, not " + n, Ucard.BAD_INPUT);
    }
    if (dir != null && !Files.isDirectory(dir)) {
      throw new UserError("--dir " + dir + " is not a directory", Ucard.BAD_INPUT);
    }
    Map<String, Callable<ObjectNode>> all = benchmarks(new BenchSettings(n, dir, spec.commandLine().getErr()));
    if (name != null && !all.containsKey(name)) {
      throw new UserError("no benchmark named " + name + "; known: " + String.join(", ", all.keySet()),
          Ucard.BAD_INPUT);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Map.Entry<String, Callable<ObjectNode>> b : all.entrySet()) {
      if (name == null || name.equals(b.getKey())) {
        ObjectNode result = b.getValue().call();
        if (result != null) { // null: skipped, the reason is on stderr
          out.println(result.toString());
          out.flush();
        }
      }
    }
    return Ucard.OK;
  }

  /** Every benchmark by name, in the order {@code ucard bench} runs them all. */
  private static Map<String, Callable<ObjectNode>> benchmarks(BenchSettings settings) {
    InProcessCardBenchmarks cards = new InProcessCardBenchmarks(settings);
    PcscCardBenchmarks pcsc = new PcscCardBenchmarks(settings);
    GateBenchmarks gate = new GateBenchmarks(settings);
    Map<String, Callable<ObjectNode>> all = new LinkedHashMap<>();
    all.put("apdu-rtt-inprocess", cards::apduRoundTrip);
    all.put("read", cards::read);
    all.put("read-provider", cards::readThroughProvider);
    all.put("apdu-rtt-pcsc", pcsc::apduRoundTrip);
    all.put("read-pcsc", pcsc::read);
    all.put("serial-roundtrip", new SerialBenchmark(settings)::run);
    all.put("store-append", new StoreAppendBenchmark(settings)::run);
    all.put("hotlist", new HotlistBenchmark(settings)::run);
    all.put("backlog-upload", new BacklogUploadBenchmark(settings)::run);
    all.put("gate-tap", gate::tap);
    all.put("gate-tap-pcsc", gate::tapThroughPcscd);
    all.put("checkout", new CheckoutBenchmark(settings, true)::run);
    all.put("checkout-bank-inprocess", new CheckoutBenchmark(settings, false)::run);
    return all;
  }
}
