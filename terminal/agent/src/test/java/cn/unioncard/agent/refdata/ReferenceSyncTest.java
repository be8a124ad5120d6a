package cn.unioncard.agent.refdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.checkout.RulesInForce;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.HotlistFile;
import cn.unioncard.agent.gate.TransitLimits;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.refdata.InForce;
import cn.unioncard.agent.refdata.ReferenceSync;
import cn.unioncard.agent.refdata.ReferenceTargets;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.Faults;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference-data sync against the bank simulator over HTTPS on loopback, with its documents kept in a temp dir:
 * what the bank publishes reaches the terminal without a restart, what fails its signature or its content is refused
 * and the last good set stays, a restart without the bank works on the kept set, and hotlist deltas.
 */
class ReferenceSyncTest {
  static final String TERMINAL = "G0000001";
  static final String A = "10000000000000000001";
  static final String B = "10000000000000000002";
  static final String C = "10000000000000000003";
  static final String FARES = "{\"version\": %d, \"operator\": \"SZ\","
      + " \"lines\": {\"0007\": {\"kind\": \"flat\", \"fare_fen\": 200}},"
      + " \"missing_entry_fare_fen\": 600, \"missing_exit_fare_fen\": 600}";

  @TempDir Path dir;
  BankSimulator bank;
  BankClient client;
  Terminal terminal;

  /** What a terminal holds, and its sync. */
  final class Terminal implements AutoCloseable {
    final InForce<TerminalParameters> parameters = new InForce<>(TerminalParameters.defaults(), "defaults");
    final InForce<FareTable> fares = new InForce<>(null, "none");
    final InForce<Hotlist> hotlist = new InForce<>(Hotlist.empty(), "none");
    final RulesInForce rules = new RulesInForce(null);
    final ReferenceSync sync;

    Terminal(BankClient c) {
      sync = new ReferenceSync(c, dir.resolve("store.db.refdata"), Arrays.asList(
          ReferenceTargets.discountRules(rules), ReferenceTargets.fareTable(fares), ReferenceTargets.hotlist(hotlist),
          ReferenceTargets.terminalParameters(parameters)), Duration.ofMillis(100), Clock.systemUTC());
    }

    /** What is in force, for a failed wait's message. */
    String describe() {
      return "parameters " + parameters.source() + ", fares " + (fares.get() == null ? "none" : "v" + fares.get().version())
          + ", hotlist v" + hotlist.get().version() + ", rules "
          + (rules.current() == null ? "none" : "v" + rules.current().version()) + "; " + sync.status();
    }

    @Override
    public void close() {
      sync.close();
    }
  }

  @BeforeEach
  void setUp() {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    bank.addTerminal(TERMINAL);
    client = client(bank.baseUrl().toString());
    terminal = new Terminal(client);
  }

  BankClient client(String url) {
    return new BankClient(TestKeys.clientConfig(url, bank.caPem(), TERMINAL).maxAttempts(2)
        .backoffBase(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)).callTimeout(Duration.ofSeconds(10))
        .build());
  }

  @AfterEach
  void tearDown() {
    terminal.close();
    client.close();
    bank.close();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] parameters(long maxPendingCount, long transitPending) {
    return new TerminalParameters(new OfflineLimits(5_000, maxPendingCount, 0, Duration.ofHours(48), 0, 0, 30_000, 0),
        new TransitLimits(transitPending, Duration.ofHours(24))).encode();
  }

  @Test
  void whatTheBankPublishesReachesARunningTerminal() throws Exception {
    // the simulator publishes the default parameters itself: signed v1, the same limits as the code defaults
    bank.publishReference("discount-rules", utf8("{\"version\": 3, \"rules\": []}"));
    bank.publishReference("fare-table", utf8(String.format(FARES, 1)));
    bank.publishReference("hotlist", HotlistFile.full(1, A).encode());
    terminal.sync.start();
    Await.until("the first round (fares, hotlist v1, signed parameters v1, rules)", terminal::describe,
        x -> terminal.fares.get() != null && terminal.hotlist.get().version() == 1
            && "signed v1".equals(terminal.parameters.source()) && terminal.rules.current() != null,
        Duration.ofSeconds(20));
    assertEquals(TerminalParameters.defaults(), terminal.parameters.get());
    assertEquals(3, terminal.rules.current().version());
    assertTrue(terminal.hotlist.get().contains(A));
    assertEquals(200, terminal.fares.get().line("0007").flatFareFen());

    // a new version of each, published while the terminal runs, is in force at the next round
    bank.publishReference("terminal-parameters", parameters(7, 9));
    bank.publishReference("fare-table", utf8(String.format(FARES, 2).replace("\"fare_fen\": 200", "\"fare_fen\": 250")));
    bank.publishReference("discount-rules", utf8("{\"version\": 4, \"rules\": []}"));
    terminal.sync.wake();
    Await.until("the second round (signed parameters v2, fares v2, rules v4)", terminal::describe,
        x -> "signed v2".equals(terminal.parameters.source()) && terminal.fares.get().version() == 2
            && terminal.rules.current().version() == 4, Duration.ofSeconds(20));
    assertEquals(7, terminal.parameters.get().checkout().maxPendingCount());
    assertEquals(30_000, terminal.parameters.get().checkout().maxPendingDebitFen());
    assertEquals(9, terminal.parameters.get().transit().maxPendingCount());
    assertEquals(250, terminal.fares.get().line("0007").flatFareFen());
    assertEquals(2L, terminal.sync.status().get(ReferenceKind.TERMINAL_PARAMETERS).version());
    assertEquals("bank", terminal.sync.status().get(ReferenceKind.TERMINAL_PARAMETERS).source());
  }

  @Test
  void aBadSignatureOrBadContentKeepsTheLastGoodSet() throws Exception {
    bank.publishReference("terminal-parameters", parameters(7, 9));
    terminal.sync.syncNow();
    assertEquals("signed v2", terminal.parameters.source());
    TerminalParameters good = terminal.parameters.get();

    // signed, but not usable content: refused, v2 stays
    bank.publishReference("terminal-parameters", utf8("{\"checkout\": {}, \"transit\": {}}"));
    String r = terminal.sync.syncNow();
    assertTrue(r.contains("refused v3: terminal parameters: checkout.max_offline_sale_fen: missing; v2 stays"), r);
    assertSame(good, terminal.parameters.get());
    assertEquals(2L, terminal.sync.status().get(ReferenceKind.TERMINAL_PARAMETERS).version());

    // a newer good document whose answer's signature fails on the way: refused, v2 stays
    bank.publishReference("terminal-parameters", parameters(1, 1));
    bank.faults().add(Faults.Rule.of(Faults.Kind.WRONG_SIGNATURE).onPath("/v1/reference/terminal-parameters"));
    r = terminal.sync.syncNow();
    assertTrue(r.contains("terminal-parameters: bad_signature"), r);
    assertSame(good, terminal.parameters.get());
    bank.faults().clear();
    terminal.sync.syncNow();
    assertEquals("signed v4", terminal.parameters.source());

    // a kept document altered on disk fails its signature at the next start: not used
    terminal.close();
    Path kept = dir.resolve("store.db.refdata/terminal-parameters.json");
    String text = new String(Files.readAllBytes(kept), StandardCharsets.UTF_8);
    String tampered = text.replaceFirst("\"content\":\"[^\"]+\"", "\"content\":\""
        + java.util.Base64.getEncoder().encodeToString(parameters(1_000_000, 1_000_000)) + "\"");
    assertFalse(tampered.equals(text));
    Files.write(kept, utf8(tampered));
    terminal = new Terminal(client);
    assertEquals(0, terminal.sync.loadKept());
    assertEquals("defaults", terminal.parameters.source());
    assertTrue(terminal.sync.status().get(ReferenceKind.TERMINAL_PARAMETERS).lastResult()
        .contains("the signature does not verify"));
  }

  @Test
  void aRestartedTerminalWithoutTheBankWorksOnTheKeptSet() throws Exception {
    bank.publishReference("terminal-parameters", parameters(7, 9));
    bank.publishReference("fare-table", utf8(String.format(FARES, 1)));
    bank.publishReference("hotlist", HotlistFile.full(1, A).encode());
    bank.publishHotlistDelta(HotlistFile.delta(2, 1, new String[] {B}, new String[0]).encode(),
        HotlistFile.full(2, A, B).encode());
    terminal.sync.syncNow(); // full v2
    bank.publishHotlistDelta(HotlistFile.delta(3, 2, new String[] {C}, new String[] {A}).encode(),
        HotlistFile.full(3, B, C).encode());
    terminal.sync.syncNow(); // delta v3 over v2
    assertEquals(3, terminal.hotlist.get().version());
    terminal.close();
    String url = bank.baseUrl().toString();
    bank.close();

    BankClient down = client(url);
    try {
      terminal = new Terminal(down);
      assertEquals(3, terminal.sync.loadKept());
      String r = terminal.sync.syncNow();
      assertTrue(r.startsWith("failed: discount-rules: unreachable"), r);
      assertTrue(r.contains("hotlist: unreachable") && r.contains("v3 stays"), r);
      assertEquals(3, terminal.hotlist.get().version());
      assertFalse(terminal.hotlist.get().contains(A));
      assertTrue(terminal.hotlist.get().contains(B) && terminal.hotlist.get().contains(C));
      assertEquals("signed v3", terminal.hotlist.source());
      assertEquals(1, terminal.fares.get().version());
      assertEquals(7, terminal.parameters.get().checkout().maxPendingCount());
      assertEquals("signed v2", terminal.parameters.source());
      assertEquals("kept on disk", terminal.sync.status().get(ReferenceKind.HOTLIST).source());
      assertNull(terminal.rules.current()); // none was ever published
    } finally {
      down.close();
    }
  }

  @Test
  void aHotlistDeltaIsAppliedAndOneOnAnotherBaseLeadsToTheFullList() throws Exception {
    bank.publishReference("hotlist", HotlistFile.full(1, A).encode());
    terminal.sync.syncNow();
    assertEquals(1, terminal.hotlist.get().version());

    bank.publishHotlistDelta(HotlistFile.delta(2, 1, new String[] {B}, new String[0]).encode(),
        HotlistFile.full(2, A, B).encode());
    terminal.sync.syncNow();
    assertEquals("v2 (+1 -0 cards, 2 in force)", terminal.sync.status().get(ReferenceKind.HOTLIST).lastResult());
    assertTrue(terminal.hotlist.get().contains(B));

    // the bank's delta v3 (signed over v2) holds a delta over v1: it does not apply to v2, so the full v3 is asked
    bank.publishHotlistDelta(HotlistFile.delta(3, 1, new String[] {C}, new String[0]).encode(),
        HotlistFile.full(3, C).encode());
    terminal.sync.syncNow();
    assertEquals("v3 (1 cards)", terminal.sync.status().get(ReferenceKind.HOTLIST).lastResult());
    assertEquals(3, terminal.hotlist.get().version());
    assertTrue(terminal.hotlist.get().contains(C));
    assertFalse(terminal.hotlist.get().contains(A));
    assertFalse(terminal.hotlist.get().contains(B));
    // kept: the full v3, and no delta left from before it
    assertTrue(Files.exists(dir.resolve("store.db.refdata/hotlist.json")));
    assertFalse(Files.exists(dir.resolve("store.db.refdata/hotlist.delta.2.json")));
  }

  @Test
  void aLongHotlistShowsItsProgressAndIsTakenWhole() throws Exception {
    String[] cards = new String[300_000];
    for (int i = 0; i < cards.length; i++) {
      cards[i] = String.format("2%019d", i * 7L);
    }
    byte[] content = HotlistFile.full(1, cards).encode();
    bank.publishReference("hotlist", content);
    java.util.List<long[]> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    cn.unioncard.bank.ReferenceData doc = client.referenceData(ReferenceKind.HOTLIST, null,
        (read, length, done) -> seen.add(new long[] {read, length, done ? 1 : 0}));
    assertEquals(content.length, doc.size());
    // base64 in JSON: about 4 MB, reported about every MB as it arrives, then once at the end
    assertTrue(seen.size() >= 4, "reports: " + seen.size());
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i)[0] > seen.get(i - 1)[0]);
    }
    long[] last = seen.get(seen.size() - 1);
    assertEquals(1, last[2]);
    assertTrue(last[0] > content.length * 4 / 3, "the whole answer: " + last[0]);

    terminal.sync.syncNow();
    assertEquals(300_000, terminal.hotlist.get().size());
    assertTrue(terminal.hotlist.get().contains(cards[299_999]));
    assertEquals("v1 (300000 cards)", terminal.sync.status().get(ReferenceKind.HOTLIST).lastResult());
  }

}
