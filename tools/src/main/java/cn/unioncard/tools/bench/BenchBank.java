package cn.unioncard.tools;

import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.card.Profiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The bank simulator in a process of its own, for the {@code checkout} benchmark: its allocation, its collector and
 * its threads stay out of the terminal's JVM, as the bank is out of the terminal in service. Seeds the bundled cards,
 * the bench terminal and merchant, and a benefit balance the model worker's sales cannot spend; writes its CA
 * certificate to {@code DIR/bank-ca.pem} and prints {@code BANK <base URL>}; runs until its standard input closes.
 *
 * <p>Arguments: the directory for its ledger and CA file, the terminal id, the merchant id.
 */
public final class BenchBank {
  private BenchBank() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    try (BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")))) {
      bank.addTerminal(args[1]);
      bank.addMerchant(args[2], "Bench");
      ProfileBank.seed(bank);
      bank.setBalance(Profiles.load("model-worker").debit().pan(), "benefit", 100_000_000_000L);
      Files.write(dir.resolve("bank-ca.pem"), bank.caPem().getBytes(StandardCharsets.US_ASCII));
      System.out.println("BANK " + bank.baseUrl());
      System.out.flush();
      drain(System.in);
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] b = new byte[256];
    while (in.read(b) >= 0) {
      // until the benchmark closes the pipe (or ends)
    }
  }
}
