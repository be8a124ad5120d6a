package cn.unioncard.tools.bench;

import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.CardSeed;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code backlog-upload}: 100,000 approved sales in a real store uploaded by the settlement worker in batches of 500 to
 * the bank simulator on loopback over HTTPS, in a JVM of its own limited to a 64 MB heap ({@link BacklogUploader});
 * the bank runs in this JVM. One shot: seconds, records per second, the worker's peak heap during the upload.
 */
final class BacklogUploadBenchmark {
  private static final int RECORDS = 100_000;
  private static final String TERMINAL = "BENCH0001";
  private static final String PAN = "6217001234567890125";

  private final BenchSettings settings;

  BacklogUploadBenchmark(BenchSettings settings) {
    this.settings = settings;
  }

  ObjectNode run() throws Exception {
    Path work = settings.workDir("backlog");
    try (BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(work.resolve("bank.db")))) {
      bank.addTerminal(TERMINAL);
      bank.addCard(CardSeed.of(PAN, "01", "301231", null, 100_000_000L, null));
      Path ca = work.resolve("ca.pem");
      Files.write(ca, bank.caPem().getBytes(StandardCharsets.US_ASCII));
      Process p = new ProcessBuilder(
              Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx64m", "-cp", System.getProperty("java.class.path"), BacklogUploader.class.getName(),
              bank.baseUrl().toString(), ca.toString(), TERMINAL, PAN, String.valueOf(RECORDS), "500",
              work.resolve("terminal.db").toString())
          .redirectErrorStream(true)
          .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("the uploader failed: " + output);
      }
      // the uploader's last line: seconds records settled peak_heap_bytes store_bytes
      String[] f = output.substring(output.lastIndexOf('\n') + 1).split(" ");
      double seconds = Double.parseDouble(f[0]);
      ObjectNode o = Measurement.object();
      o.put("name", "backlog-upload");
      o.put("unit", "s");
      o.put("n", 1);
      o.put("p50", Math.round(seconds * 100) / 100.0);
      o.put("p99", Math.round(seconds * 100) / 100.0);
      o.put("records", Long.parseLong(f[1]));
      o.put("settled", Long.parseLong(f[2]));
      o.put("records_per_s", Math.round(Long.parseLong(f[1]) / seconds));
      o.put("peak_heap_mb", Math.round(Long.parseLong(f[3]) / 1048576.0 * 10) / 10.0);
      o.put("xmx_mb", 64);
      o.put("store_mb", Math.round(Long.parseLong(f[4]) / 1048576.0 * 10) / 10.0);
      return o;
    } finally {
      BenchSettings.deleteWork(work);
    }
  }
}
