package cn.unioncard.tools.bench;

import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.card.Profiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The checkout benchmark's bank simulator, seeded with the bundled cards, the bench terminal and merchant, and a
 * benefit balance the model worker's sales cannot spend: in this JVM ({@link #inThisJvm}), or in a process of its own
 * ({@link #inOwnProcess}, this class's {@link #main}), so its allocation, its collector and its threads stay out of
 * the terminal's JVM, as the bank is out of the terminal in service.
 *
 * <p>As a process it writes its CA certificate to {@code DIR/bank-ca.pem}, prints {@code BANK <base URL>} and runs
 * until its standard input closes. Arguments: the directory for its ledger and CA file, the terminal id, the merchant
 * id.
 */
public final class BenchBank {
  private BenchBank() {}

  /** A running bank: where to reach it and whom to trust; closing stops it. */
  interface Running extends AutoCloseable {
    String baseUrl();

    String caPem();

    @Override
    void close() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    try (BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")))) {
      seed(bank, args[1], args[2]);
      Files.write(dir.resolve("bank-ca.pem"), bank.caPem().getBytes(StandardCharsets.US_ASCII));
      System.out.println("BANK " + bank.baseUrl());
      System.out.flush();
      drain(System.in);
    }
  }

  /** The bank in this JVM, its ledger in {@code dir}. */
  static Running inThisJvm(Path dir, String terminal, String merchant) throws Exception {
    BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    try {
      seed(bank, terminal, merchant);
    } catch (Exception | Error e) {
      bank.close();
      throw e;
    }
    String baseUrl = bank.baseUrl().toString();
    String caPem = bank.caPem();
    return new Running() {
      @Override
      public String baseUrl() {
        return baseUrl;
      }

      @Override
      public String caPem() {
        return caPem;
      }

      @Override
      public void close() {
        bank.close();
      }
    };
  }

  /**
   * The bank in a JVM of its own ({@link #main}), its ledger and CA file in {@code dir}; closing its standard input
   * ends it (waited for 10 s, then destroyed).
   */
  static Running inOwnProcess(Path dir, String terminal, String merchant) throws IOException {
    Process bankJvm = new ProcessBuilder(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), BenchBank.class.getName(), dir.toString(), terminal,
            merchant)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Running running = null;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(bankJvm.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("BANK ")) {
        throw new IllegalStateException("the bank process did not start: " + line);
      }
      String baseUrl = line.substring(5).trim();
      String caPem = new String(Files.readAllBytes(dir.resolve("bank-ca.pem")), StandardCharsets.US_ASCII);
      running = new Running() {
        @Override
        public String baseUrl() {
          return baseUrl;
        }

        @Override
        public String caPem() {
          return caPem;
        }

        @Override
        public void close() throws IOException, InterruptedException {
          stop(bankJvm);
        }
      };
      return running;
    } finally {
      if (running == null) {
        try {
          stop(bankJvm);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** The bench terminal and merchant, the bundled cards, and the model worker's benefit balance. */
  private static void seed(BankSimulator bank, String terminal, String merchant) throws Exception {
    bank.addTerminal(terminal);
    bank.addMerchant(merchant, "Bench");
    ProfileBank.seed(bank);
    bank.setBalance(Profiles.load("model-worker").debit().pan(), "benefit", 100_000_000_000L);
  }

  private static void stop(Process bankJvm) throws IOException, InterruptedException {
    bankJvm.getOutputStream().close();
    if (!bankJvm.waitFor(10, TimeUnit.SECONDS)) {
      bankJvm.destroy();
      bankJvm.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] b = new byte[256];
    while (in.read(b) >= 0) {
      // until the benchmark closes the pipe (or ends)
    }
  }
}
