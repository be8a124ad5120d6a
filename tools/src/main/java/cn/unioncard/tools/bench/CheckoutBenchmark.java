package cn.unioncard.tools.bench;

import cn.unioncard.agent.checkout.CardSource;
import cn.unioncard.agent.checkout.Checkout;
import cn.unioncard.agent.checkout.CheckoutConfig;
import cn.unioncard.agent.checkout.RulesInForce;
import cn.unioncard.agent.ecr.EcrHandler;
import cn.unioncard.agent.refdata.InForce;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.app.daemon.CheckoutAssembly;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.SignOn;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.card.SimulatedCard;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code checkout} and {@code checkout-bank-inprocess}: a member's SALE at a checkout, from the SALE's payload received
 * to the RESULT's payload ready to send: the flour of the union's example (97.00 -> 91.00, the benefit account pays),
 * the model worker's simulated card in this process read by the real payment kernel (one pass: identified, priced,
 * then the cryptogram for 91.00), the bank simulator on loopback over HTTPS (balance and authorisation), the store on
 * disk. The agent's own time leaves out the time inside the card's {@code transmit}, the bank calls and the store's
 * durable commits; the commits (synchronous=FULL, three per sale) are reported on their own. At most 1,000 sales after
 * 200 unmeasured. The checkout is wired by the daemon's {@link CheckoutAssembly}, with the terminal parameters' code
 * defaults as the offline limits (a daemon's before its first signed parameters).
 */
final class CheckoutBenchmark {
  private static final String TERMINAL = "T0000001";
  private static final String MERCHANT = "M000123";
  private static final int WARMUP = 200;
  private static final EcrHandler.Context NO_REGISTER = new EcrHandler.Context() {
    @Override
    public void progress(Stage stage, String displayText) {}

    @Override
    public boolean cancelRequested() {
      return false;
    }
  };

  private final BenchSettings settings;
  private final boolean bankProcess;

  /**
   * @param bankProcess the bank simulator in a process of its own ({@link BenchBank}; {@code checkout}), or in this
   *     JVM ({@code checkout-bank-inprocess}, the earlier arrangement, kept to compare side by side)
   */
  CheckoutBenchmark(BenchSettings settings, boolean bankProcess) {
    this.settings = settings;
    this.bankProcess = bankProcess;
  }

  ObjectNode run() throws Exception {
    Path work = settings.workDir("checkout");
    int sales = Math.min(settings.n(), 1000);
    try (BenchBank.Running bank = bankProcess ? BenchBank.inOwnProcess(work, TERMINAL, MERCHANT)
        : BenchBank.inThisJvm(work, TERMINAL, MERCHANT)) {
      return sell(work, bank, sales);
    } finally {
      BenchSettings.deleteWork(work);
    }
  }

  private ObjectNode sell(Path work, BenchBank.Running bank, int sales) throws Exception {
    SimulatedCard card = SimulatedCard.of(Profiles.load("model-worker"));
    Clock clock = Clock.systemUTC();
    StepTimes times = new StepTimes();
    try (BankClient client = new BankClient(TestKeys.clientConfig(bank.baseUrl(), bank.caPem(), TERMINAL).build());
        TransactionStore store = TransactionStore.open(work.resolve("checkout.db"), TERMINAL, clock, 0, times)) {
      SignOn signOn = client.signOn(TestKeys.terminalMasterKey(TERMINAL));
      CardSource reader = (timeout, cancelled) -> {
        card.enterField();
        return new CardSource.Tap(card, true);
      };
      // wired as the daemon wires it; its reversal driver is not started (a sale left to reverse fails the bench)
      Checkout checkout = CheckoutAssembly.of(CheckoutConfig.of(MERCHANT), store, client, clock)
          .cards(reader)
          .signOn(() -> signOn)
          .rules(RulesInForce.of(rules()))
          .parameters(new InForce<>(TerminalParameters.defaults(), "defaults"))
          .listener(times)
          .build()
          .checkout();
      Item flour = new Item("6901234567890", "面粉 25kg", "GRAIN", 1000, 9700, 9700);
      long[] own = new long[sales];
      long[] storeTimes = new long[sales];
      long[] bankTimes = new long[sales];
      long[] cardTimes = new long[sales];
      long[] writes = new long[sales];
      List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
      long[] gcAtStart = {0, 0};
      for (int i = 0; i < sales + WARMUP; i++) {
        if (i == WARMUP) {
          gcAtStart = gcTotals(gcs);
        }
        byte[] payload = new Sale("BENCH-" + i, 9700, Collections.singletonList(flour), false).encode();
        times.reset();
        long t = System.nanoTime();
        EcrRequest request = (EcrRequest) EcrMessage.parse(payload);
        Result result = checkout.handle(request, NO_REGISTER);
        byte[] answer = result.encode();
        long total = System.nanoTime() - t;
        card.leaveField();
        if (result.outcome() != Outcome.APPROVED || result.amount() != 9100 || answer.length == 0) {
          throw new IllegalStateException("sale " + i + ": " + result.reasonCode() + " " + result.reasonText());
        }
        if (i >= WARMUP) {
          // the whole, less the card, the bank, the PIN pad and the store (parse and encode are the agent's)
          own[i - WARMUP] = total - times.othersNanos();
          storeTimes[i - WARMUP] = times.storeNanos;
          bankTimes[i - WARMUP] = times.bankNanos;
          cardTimes[i - WARMUP] = times.cardNanos;
          writes[i - WARMUP] = times.durableCommits;
        }
      }
      long[] gcAtEnd = gcTotals(gcs);
      ObjectNode o = Measurement.summary(bankProcess ? "checkout" : "checkout-bank-inprocess", "ms", own);
      ObjectNode w = Measurement.summary("store", "ms", storeTimes);
      Arrays.sort(writes);
      o.put("store_commits", writes[writes.length / 2]);
      o.put("store_p50", w.get("p50").asDouble());
      o.put("store_p99", w.get("p99").asDouble());
      o.put("bank_p50", Measurement.summary("bank", "ms", bankTimes).get("p50").asDouble());
      o.put("card_p50", Measurement.summary("card", "ms", cardTimes).get("p50").asDouble());
      o.put("gc_count", gcAtEnd[0] - gcAtStart[0]);
      o.put("gc_ms", gcAtEnd[1] - gcAtStart[1]);
      o.put("bank", bankProcess ? "own process" : "this JVM");
      o.put("card", "model-worker, qPBOC, one pass");
      o.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return o;
    }
  }

  /** The flour's member price at the bench merchant: 6.00 off, half of it funded by the merchant. */
  private static String rules() {
    return "{\"version\": 1, \"rules\": [{\"id\": \"FLOUR\", \"description\": \"面粉会员价\","
        + " \"merchants\": [\"" + MERCHANT + "\"], \"applies_to\": {\"item_codes\": [\"6901234567890\"]},"
        + " \"form\": {\"amount_off_fen\": 600}, \"valid_from\": \"2000-01-01T00:00:00+08:00\","
        + " \"valid_until\": \"2100-01-01T00:00:00+08:00\", \"funding\": {\"merchant_percent\": 50}}]}";
  }

  /** The collections so far and their milliseconds, over all the collectors. */
  private static long[] gcTotals(List<GarbageCollectorMXBean> gcs) {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean g : gcs) {
      count += g.getCollectionCount();
      millis += g.getCollectionTime();
    }
    return new long[] {count, millis};
  }
}
