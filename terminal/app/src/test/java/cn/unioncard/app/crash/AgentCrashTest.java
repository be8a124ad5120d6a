package cn.unioncard.app.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.Faults;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.ecr.RegisterSimulator;
import cn.unioncard.sim.testing.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability proof: the agent process (a checkout and a bus validator, {@link CrashChild}) is killed with
 * SIGKILL and restarted, first at every step of every kind of transaction (the aimed drill: before the intent, after
 * the intent, after the card's command, after the bank's answer, after the outcome; for a benefit sale, a debit sale,
 * an offline electronic-cash sale and a ride), then at random instants of a run of sales and taps, against the bank
 * simulator. Afterwards the cards are presented once more, everything is uploaded, and the bank's ledger is compared,
 * record by record, with what the register and the gate were told, and with the money on the cards (purses and
 * electronic cash) and in the members' accounts: no approved transaction lost, none counted twice, no money moved
 * that the bank does not hold.
 */
class AgentCrashTest {
  static final String CHECKOUT = "T0000001";
  static final String GATE = "G0000001";
  static final String MERCHANT = "M0000001";
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /**
   * The random drill in every build: 100 sales and 150 taps, the agent killed inside one of every 7 to 50
   * transactions (about 8 kills). The long drill, {@code mvn -B verify -Pcrash-long -pl terminal/app}: 400 sales and
   * 600 taps, killed inside one of every 14 to 100, and the aimed drill five times (-Dcrash.sales, -Dcrash.taps,
   * -Dcrash.killEvery, -Dcrash.aimed set them one by one).
   */
  static final int SALES = Integer.getInteger("crash.sales", 100);
  static final int TAPS = Integer.getInteger("crash.taps", 150);
  /** How many times the aimed drill kills at each step of each kind of transaction (5 in the long drill). */
  static final int AIMED = Integer.getInteger("crash.aimed", 1);
  /** After each start the agent is killed inside one of its next killEvery/7 to killEvery transactions. */
  static final int KILL_EVERY = Integer.getInteger("crash.killEvery", 50);
  /** The members who buy (their benefit and debit accounts at the bank). */
  static final String[] BUYERS = {"ordinary-member", "model-worker", "migrant-worker"};
  /** Transit cards made for the test: 10,000.00 yuan in the purse each, so no tap is refused for money. */
  static final int RIDERS = 4;
  /**
   * The aimed drill's riders: a card of its own for each of its rides, after the random drill's riders (a bus
   * validator lets a card through once in a while: a card that rode a moment ago is refused before its DEBIT).
   */
  static final int AIMED_RIDERS = 4 * AIMED;
  /** The card is away this long before the next one comes (the reader's watcher sees it leave). */
  static final long HAND_MILLIS = 60;
  static final Item GOODS = new Item("GOODS-1", "日用品", "GENERAL", 1000, 100, 100);

  @TempDir Path dir;
  BankSimulator bank;
  final Random random = new Random(20261123);
  volatile Process child;
  volatile PrintWriter toChild;
  final BlockingQueue<String> fromChild = new LinkedBlockingQueue<>();
  volatile RegisterSimulator register;
  int port;
  int kills;
  int balances;
  int starts;
  volatile int opsThisLife;
  volatile int killAtOp = Integer.MAX_VALUE;
  final java.util.concurrent.ScheduledExecutorService killer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
  long startNanos;

  @Test
  void killedAtEveryStepAndAtRandomTheAgentLosesNothingAndCountsNothingTwice() throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    try {
      run();
    } finally {
      if (child != null) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (register != null) {
        register.close();
      }
      bank.close();
    }
  }

  private void run() throws Exception {
    bank.addMerchant(MERCHANT, "会员超市");
    ProfileBank.seed(bank);
    bank.addTerminal(CHECKOUT);
    bank.addTerminal(GATE);
    bank.publishReference("discount-rules", "{\"version\": 1, \"rules\": []}".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("bank-ca.pem"), bank.caPem().getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("fares.json"), ("{\"version\": 1, \"operator\": \"SZ\", \"lines\": {\"0007\":"
        + " {\"kind\": \"flat\", \"fare_fen\": 200}}}").getBytes(StandardCharsets.UTF_8));
    Map<String, Long> purseBefore = riders();
    Map<String, long[]> accountsBefore = accounts();
    Map<String, Long> ecashBefore = ecash();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    startChild();

    // The register and the gate work at once, as at a real shop with a bus stop outside: one thread plays the
    // register's sales, another the riders' taps. The agent is killed during one of them at a random instant.
    Map<String, Result> told = new ConcurrentHashMap<>(); // register reference -> the final result it was told
    List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> gateTold = new ConcurrentHashMap<>(); // trip -> the charge the gate output said
    AtomicInteger sales = new AtomicInteger();
    AtomicInteger taps = new AtomicInteger();
    Random saleRandom = new Random(random.nextLong());
    Random tapRandom = new Random(random.nextLong());
    aimedDrill(told, unanswered, gateTold, new Random(random.nextLong()));
    java.util.concurrent.ExecutorService players = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      while (sales.get() < SALES || taps.get() < TAPS) {
        java.util.concurrent.Future<?> selling = players.submit(() -> {
          while (sales.get() < SALES && child.isAlive()) {
            nextOperation();
            String ref = String.format("R%05d", sales.incrementAndGet());
            Result r = sale(ref, BUYERS[saleRandom.nextInt(BUYERS.length)], 100 + saleRandom.nextInt(2000));
            if (r == null) {
              unanswered.add(ref);
            } else {
              told.put(ref, r);
            }
          }
          return null;
        });
        java.util.concurrent.Future<?> riding = players.submit(() -> {
          while (taps.get() < TAPS && child.isAlive()) {
            nextOperation();
            taps.incrementAndGet();
            String[] t = tap("rider-" + tapRandom.nextInt(RIDERS));
            if (t != null && t[0].equals("OPEN") && Long.parseLong(t[1]) > 0) {
              gateTold.put(t[2], Long.parseLong(t[1]));
            }
          }
          return null;
        });
        selling.get();
        riding.get();
        if (opsThisLife >= killAtOp) {
          assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the agent was killed");
        }
        if (!child.isAlive()) {
          startChild();
        }
      }
    } finally {
      players.shutdownNow();
    }
    killer.shutdownNow();
    assertTrue(kills >= 5, "the agent was killed " + kills + " times");
    System.out.printf("crash test: %d sales and %d taps, the agent killed %d times, %d starts taking %d ms on average%n",
        sales.get(), taps.get(), kills, starts, startNanos / starts / 1_000_000);

    // a clean start: the register asks again for the sales it got no answer to (the same reference: the first
    // result, never a second charge), and every rider taps once more (a torn trip is finished at the card's next tap)
    if (!child.isAlive()) {
      startChild();
    }
    for (String ref : unanswered) {
      Result r = sale(ref, BUYERS[0], 100);
      assertNotNull(r, "an answer to " + ref + " after the restart");
      told.put(ref, r);
    }
    // every buyer presents the card once more (a BALANCE): an offline sale whose outcome the terminal lost is
    // settled by what the card shows; then the register asks again for the sales it was not told a final outcome
    for (String buyer : new String[] {"ordinary-member", "model-worker", "migrant-worker"}) {
      Result b = present(buyer);
      assertNotNull(b, "a BALANCE of " + buyer + " after the restart");
    }
    for (String ref : unanswered) {
      Result again = sale(ref, BUYERS[0], 100);
      assertNotNull(again, "an answer to " + ref + " after the cards were presented again");
      told.put(ref, again);
    }
    for (int i = 0; i < RIDERS + AIMED_RIDERS; i++) {
      String[] t = tap("rider-" + i);
      assertNotNull(t, "the gate answers rider-" + i);
      if (t[0].equals("OPEN") && Long.parseLong(t[1]) > 0) {
        gateTold.put(t[2], Long.parseLong(t[1]));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long pending;
    do {
      toChild.println("pending");
      pending = Long.parseLong(await("pending ", 30).substring(8));
      if (pending > 0) {
        Thread.sleep(500);
      }
    } while (pending > 0 && System.nanoTime() < deadline);
    assertEquals(0, pending, "every record uploaded, every authorisation finished");
    toChild.println("quit");
    await("bye", 30);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));

    // the register's view against the bank's ledger, record by record
    Map<String, Ledger.Record> sold = new HashMap<>();
    Map<String, Ledger.Record> trips = new HashMap<>();
    for (Ledger.Record r : records()) {
      if (r.type().equals("sale")) {
        assertTrue(sold.put(r.transactionId(), r) == null);
      } else if (r.type().equals("trip")) {
        trips.put(r.transactionId(), r);
      }
    }
    int approved = 0;
    for (Map.Entry<String, Result> e : told.entrySet()) {
      Result r = e.getValue();
      if (r.outcome() == Outcome.APPROVED) {
        approved++;
        Ledger.Record rec = sold.remove(r.transactionId());
        assertNotNull(rec, "the bank holds sale " + e.getKey() + " (" + r.transactionId() + ") the register was told");
        assertEquals(r.amount(), rec.amountFen(), e.getKey());
        assertEquals(part(r, Account.BENEFIT), rec.benefitFen(), e.getKey());
        assertEquals(part(r, Account.DEBIT), rec.debitFen(), e.getKey());
      }
    }
    assertEquals(Collections.emptyMap(), sold, "no sale at the bank that the register was not told was approved");
    assertTrue(approved > SALES / 2, approved + " sales approved");
    // the members' accounts moved by exactly what the register was told, and nothing is left held
    Map<String, long[]> accountsAfter = accounts();
    long[] expected = new long[2]; // benefit, debit: summed over the members (each sale's card is its own)
    for (Result r : told.values()) {
      if (r.outcome() == Outcome.APPROVED) {
        expected[0] += part(r, Account.BENEFIT);
        expected[1] += part(r, Account.DEBIT);
      }
    }
    long[] spent = new long[2];
    long held = 0;
    for (Map.Entry<String, long[]> e : accountsBefore.entrySet()) {
      long[] after = accountsAfter.get(e.getKey());
      int kind = e.getKey().endsWith("/benefit") ? 0 : 1;
      spent[kind] += e.getValue()[0] - after[0];
      held += after[1];
    }
    assertEquals(expected[0], spent[0], "benefit accounts moved by what the register was told");
    assertEquals(expected[1], spent[1], "debit accounts moved by what the register was told");
    assertEquals(0, held, "no authorisation left holding money");

    // the gate's view: every trip the gate output announced is at the bank with its charge, and the purses paid
    // exactly what the bank's trip records hold (no debit without a trip record, none counted twice)
    for (Map.Entry<String, Long> e : gateTold.entrySet()) {
      Ledger.Record rec = trips.get(e.getKey());
      assertNotNull(rec, "the bank holds trip " + e.getKey() + " the gate opened for");
      assertEquals((long) e.getValue(), rec.amountFen(), e.getKey());
    }
    Map<String, Long> purseAfter = riders(false);
    long paidByPurses = 0;
    for (Map.Entry<String, Long> e : purseBefore.entrySet()) {
      paidByPurses += e.getValue() - purseAfter.get(e.getKey());
    }
    long tripRecords = 0;
    for (Ledger.Record r : trips.values()) {
      tripRecords += r.amountFen();
    }
    assertEquals(paidByPurses, tripRecords, "what the purses paid is what the bank's trip records hold");

    // the cards' electronic cash: what left the cards is what the bank's sale records hold as e-cash
    Map<String, Long> ecashAfter = ecash();
    long paidByEcash = 0;
    for (Map.Entry<String, Long> e : ecashBefore.entrySet()) {
      paidByEcash += e.getValue() - ecashAfter.get(e.getKey());
    }
    long ecashRecords = 0;
    for (Ledger.Record r : records()) {
      if (r.type().equals("sale")) {
        ecashRecords += r.ecashFen();
      }
    }
    assertEquals(paidByEcash, ecashRecords, "what the cards' electronic cash paid is what the bank's sales hold");
    assertTrue(paidByPurses >= 200L * TAPS / 2, "most taps were charged: " + paidByPurses);
  }

  // ---------------------------------------------------------------------------------------------- the aimed drill

  /** The steps of a transaction the aimed drill kills the agent at. */
  enum Step {
    /** The card's first command: nothing of the transaction is stored yet. */
    BEFORE_INTENT("first"),
    /** The command that can move value on the card arrives, before the card runs it: the intent is stored. */
    AFTER_INTENT("before-value"),
    /** The card has run that command (an offline approval has taken the e-cash, a purse DEBIT the fare). */
    AFTER_CARD("after-value"),
    /** The bank has authorised (its ledger holds the money) and its answer is still on the way. */
    AFTER_BANK(null),
    /** The register or the gate output was told the outcome; nothing is uploaded yet. */
    AFTER_OUTCOME(null);

    final String trap;

    Step(String trap) {
      this.trap = trap;
    }
  }

  /** The kinds of transaction the aimed drill kills during. */
  enum Kind {
    /** A member's sale the benefit account pays (online). */
    BENEFIT,
    /** A DEBIT ONLY sale above the offline limit: online, from the debit account. */
    DEBIT,
    /** A DEBIT ONLY sale the card's electronic cash pays offline (qPBOC: the card decides and debits at GPO). */
    ECASH,
    /** A ride: the purse DEBIT with the PSAM's MAC, offline. */
    PURSE
  }

  /**
   * Kills the agent at every step of every kind of transaction, {@link #AIMED} times each, restarting it after
   * each kill. What the register or the gate was told goes into the same maps as the random drill's, for the same
   * comparison with the bank, the accounts and the cards at the end.
   */
  private void aimedDrill(Map<String, Result> told, List<String> unanswered, Map<String, Long> gateTold,
      Random r) throws Exception {
    int n = 0;
    int rides = 0;
    for (int round = 0; round < AIMED; round++) {
      for (Kind kind : Kind.values()) {
        for (Step step : Step.values()) {
          if (step == Step.AFTER_BANK && (kind == Kind.ECASH || kind == Kind.PURSE)) {
            continue; // no bank in an offline transaction
          }
          String what = kind + " killed " + step + " (log: child-" + starts + ".log)";
          if (kind == Kind.PURSE) {
            aimedTap(RIDERS + rides++, step, gateTold, what);
          } else {
            String buyer = kind == Kind.ECASH ? "model-worker" : BUYERS[r.nextInt(BUYERS.length)];
            long amount = kind == Kind.DEBIT ? 10_001 + r.nextInt(10_000) : 100 + r.nextInt(1_900);
            Result result = null;
            for (int attempt = 0; ; attempt++) {
              String ref = String.format("A%04d", ++n);
              CompletableFuture<Result> f = aimedSale(ref, buyer, amount, kind != Kind.BENEFIT, step, what);
              if (f == null) {
                unanswered.add(ref); // killed at the step
                break;
              }
              result = f.get();
              told.put(ref, result);
              if (step == Step.AFTER_OUTCOME) {
                break;
              }
              // finished before the step (the card's earlier sale settled first and this one failed): again
              assertTrue(attempt < 2, "no sale reached the step: " + what + "; the last: " + result);
            }
            if (step == Step.AFTER_OUTCOME) { // the drill's sale is the kind it says
              assertEquals(Outcome.APPROVED, result.outcome(), what + ": " + result);
              if (kind == Kind.BENEFIT) {
                assertTrue(part(result, Account.BENEFIT) > 0, what + ": " + result);
              } else {
                assertEquals(amount, part(result, kind == Kind.DEBIT ? Account.DEBIT : Account.ELECTRONIC_CASH),
                    what + ": " + result);
              }
            }
          }
          kills++;
          startChild();
        }
      }
    }
    System.out.printf("crash test: the aimed drill killed the agent %d times%n", kills);
  }

  /**
   * A sale killed at {@code step}: null when the agent was killed at it; the register's answer, done, when the sale
   * finished first (at {@link Step#AFTER_OUTCOME}, the agent is killed right after it; otherwise it is not, and
   * the sale did not reach the step, as when the card's earlier sale was settled first and this one failed).
   */
  private CompletableFuture<Result> aimedSale(String ref, String buyer, long amount, boolean debitOnly, Step step,
      String what) throws Exception {
    CompletableFuture<Result> f = register.request(new Sale(ref, amount,
        Collections.singletonList(new Item(GOODS.code(), GOODS.name(), GOODS.category(), 1000, amount, amount)),
        debitOnly));
    String card = "profile:" + buyer;
    if (step == Step.AFTER_BANK) { // the bank answers its next authorisation a byte every 200 ms
      bank.faults().add(Faults.Rule.trickle(1, 200).onPath("/v1/authorisations").times(1));
    }
    toChild.println("insert shop " + (step.trap == null ? card : "trap:" + step.trap + ":" + card));
    boolean killed = false;
    try {
      if (step.trap != null) {
        String l = awaitLineOr("trapped", f, 30);
        assertNotNull(l, "the trap sprang or the register was answered: " + what);
        killed = l.startsWith("trapped");
      } else if (step == Step.AFTER_BANK) {
        Await.until("the authorisation of " + ref + " at the bank or the register's answer (" + what + ")",
            () -> bank.faults().rules().isEmpty() ? "the bank took it" : f.isDone() ? "answered: " + f.getNow(null)
                : "neither", x -> !x.equals("neither"), Duration.ofSeconds(30));
        killed = !f.isDone();
        Thread.sleep(300); // the bank commits, then trickles the answer for about a minute
      } else {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      if (killed || step == Step.AFTER_OUTCOME) {
        kill(); // the next start has new readers: the card left with the process
      } else {
        toChild.println("remove shop");
        Thread.sleep(HAND_MILLIS);
      }
      bank.faults().clear();
    }
    return killed ? null : f;
  }

  /** A tap of {@code rider} killed at {@code step}; what the gate output said goes into {@code gateTold}. */
  private void aimedTap(int rider, Step step, Map<String, Long> gateTold, String what) throws Exception {
    String card = "profile-file:" + dir.resolve("riders/rider-" + rider + ".json");
    toChild.println("insert gate " + (step.trap == null ? card : "trap:" + step.trap + ":" + card));
    try {
      String l = step.trap == null ? await("tap ", 30) : awaitLineOr("trapped", null, 30);
      assertNotNull(l, "the trap sprang or the gate answered: " + what);
      if (l.startsWith("tap ")) {
        String[] t = l.substring(4).split(" ");
        if (t[0].equals("OPEN") && Long.parseLong(t[1]) > 0) {
          gateTold.put(t[2], Long.parseLong(t[1]));
        }
      }
      assertTrue(l.startsWith("trapped") || step == Step.AFTER_OUTCOME, "the tap reached the step: " + what
          + "; the gate said " + l);
    } finally {
      kill();
    }
  }

  /**
   * The first line from the agent that starts with {@code prefix} or {@code "tap "}, or, when {@code answer} is done
   * first, an empty line; null when neither came within {@code seconds}.
   */
  private String awaitLineOr(String prefix, CompletableFuture<Result> answer, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String l = fromChild.poll(50, TimeUnit.MILLISECONDS);
      if (l != null && (l.startsWith(prefix) || l.startsWith("tap "))) {
        return l;
      }
      if (answer != null && answer.isDone()) {
        return "";
      }
    }
    return null;
  }

  /** SIGKILL now, and wait until the process is gone. */
  private void kill() throws InterruptedException {
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the agent was killed");
  }

  // ---------------------------------------------------------------------------------------------- the process

  private void startChild() throws Exception {
    if (register != null) {
      register.close();
      register = null;
    }
    starts++;
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(),
        bank.baseUrl().toString(), String.valueOf(port));
    pb.redirectError(dir.resolve("child-" + starts + ".log").toFile());
    child = pb.start();
    toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
    fromChild.clear();
    Process p = child;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          fromChild.add(l);
        }
      } catch (IOException e) {
        // the process was killed
      }
    }, "crash-child-out");
    reader.setDaemon(true);
    reader.start();
    long t0 = System.nanoTime();
    assertNotNull(await("ready", 60), "the agent started (log: child-" + starts + ".log)");
    startNanos += System.nanoTime() - t0;
    register = new RegisterSimulator(TcpEcrPort.connect("127.0.0.1", port), EcrConfig.defaults()).start();
    opsThisLife = 0;
    int first = Math.max(1, KILL_EVERY / 7);
    killAtOp = first + random.nextInt(KILL_EVERY - first); // killed inside one of its next first..KILL_EVERY
  }

  /** Counts an operation of this life; the one at {@code killAtOp} is the one the agent dies in. */
  private synchronized void nextOperation() {
    if (++opsThisLife == killAtOp) {
      killDuringThisOperation();
    }
  }

  /**
   * SIGKILL at a random instant of the transaction about to start (0 to 250 ms into it: reading the card, asking the
   * bank, writing the store, answering): no shutdown hook, no flush; only what the store committed survives.
   */
  private void killDuringThisOperation() {
    Process p = child;
    kills++;
    killer.schedule(() -> {
      p.destroyForcibly();
    }, random.nextInt(250), TimeUnit.MILLISECONDS);
  }

  /** A line from the agent starting with {@code prefix}, or null when it did not come (the agent died). */
  private String await(String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String l = fromChild.poll(50, TimeUnit.MILLISECONDS);
      if (l != null && l.startsWith(prefix)) {
        return l;
      }
      if (l == null && !child.isAlive()) {
        return null;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------- the day

  /** A sale with the member's card on the reader; null when the agent died before answering. */
  private Result sale(String ref, String card, long amount) throws Exception {
    CompletableFuture<Result> f = register.request(new Sale(ref, amount,
        Collections.singletonList(new Item(GOODS.code(), GOODS.name(), GOODS.category(), 1000, amount, amount)),
        false));
    toChild.println("insert shop profile:" + card);
    try {
      while (true) {
        try {
          return f.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          if (!child.isAlive()) {
            return null;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          return null; // the line went away with the agent
        }
      }
    } finally {
      toChild.println("remove shop");
      Thread.sleep(HAND_MILLIS);
    }
  }

  /** A BALANCE with the member's card on the reader; null when the agent died before answering. */
  private Result present(String card) throws Exception {
    CompletableFuture<Result> f = register.request(new BalanceQuery(String.format("B%05d", ++balances)));
    toChild.println("insert shop profile:" + card);
    try {
      return f.get(30, TimeUnit.SECONDS);
    } finally {
      toChild.println("remove shop");
      Thread.sleep(HAND_MILLIS);
    }
  }

  /** A tap at the gate: {outcome, charged, transaction}, or null when the agent died before answering. */
  private String[] tap(String rider) throws Exception {
    toChild.println("insert gate profile-file:" + dir.resolve("riders/" + rider + ".json"));
    try {
      String l = await("tap ", 20);
      return l == null ? null : l.substring(4).split(" ");
    } finally {
      toChild.println("remove gate");
      Thread.sleep(HAND_MILLIS);
    }
  }

  private static long part(Result r, Account account) {
    long fen = 0;
    for (Charge c : r.charges()) {
      if (c.account() == account) {
        fen += c.amount();
      }
    }
    return fen;
  }

  // ---------------------------------------------------------------------------------------------- the money

  /** Makes the riders' cards (first call) and reads their purses. */
  private Map<String, Long> riders() throws Exception {
    return riders(true);
  }

  private Map<String, Long> riders(boolean make) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir.resolve("riders"));
    Map<String, Long> out = new HashMap<>();
    for (int i = 0; i < RIDERS + AIMED_RIDERS; i++) {
      Path file = dir.resolve("riders/rider-" + i + ".json");
      if (make) {
        ObjectNode card = (ObjectNode) json.readTree(Profiles.bytes("ordinary-member"));
        ObjectNode transit = (ObjectNode) card.get("transit");
        transit.put("application_serial", String.format("031051800000000009%02d", i));
        transit.put("balance_fen", 1_000_000);
        Files.write(file, json.writeValueAsBytes(card));
      }
      out.put("rider-" + i, json.readTree(file.toFile()).path("transit").path("balance_fen").asLong());
    }
    return out;
  }

  /** The electronic cash on the buyers' cards (their state files; a card never tapped has its profile's). */
  private Map<String, Long> ecash() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Long> out = new HashMap<>();
    for (String buyer : new String[] {"ordinary-member", "model-worker", "migrant-worker"}) {
      Path file = dir.resolve("cards/" + buyer + ".json");
      byte[] doc = Files.exists(file) ? Files.readAllBytes(file) : Profiles.bytes(buyer);
      out.put(buyer, json.readTree(doc).path("debit").path("ec_balance_fen").asLong());
    }
    return out;
  }

  /** Every account at the bank: PAN hash / kind -> {balance, held}. */
  private Map<String, long[]> accounts() {
    Map<String, long[]> out = new HashMap<>();
    for (Ledger.Account a : bank.ledger().accounts()) {
      out.put(a.panHash() + "/" + a.kind(), new long[] {a.balanceFen(), a.heldFen()});
    }
    return out;
  }

  private List<Ledger.Record> records() {
    List<Ledger.Record> out = new ArrayList<>();
    for (String terminal : new String[] {CHECKOUT, GATE}) {
      for (int d = -1; d <= 1; d++) {
        out.addAll(bank.ledger().records(terminal, LocalDate.now(ZONE).plusDays(d).toString()));
      }
    }
    return out;
  }
}
