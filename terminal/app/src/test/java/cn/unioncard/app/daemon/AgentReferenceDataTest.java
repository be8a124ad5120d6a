package cn.unioncard.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.gate.TransitLimits;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.app.Ucard;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.TerminalFiles;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import cn.unioncard.sim.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The daemon's reference data, end to end: a bus validator started from its configuration file with the simulated
 * readers in this JVM and the bank simulator over HTTPS. The fare table and the limits the bank publishes reach the
 * running gate (its file's fare table only until then); restarted with the bank down it works on the kept set; and
 * {@code ucard status} shows the versions and the limits with their source.
 */
class AgentReferenceDataTest {
  static final String FARES = "{\"version\": %d, \"operator\": \"SZ\","
      + " \"lines\": {\"0007\": {\"kind\": \"flat\", \"fare_fen\": %d}},"
      + " \"missing_entry_fare_fen\": 600, \"missing_exit_fare_fen\": 600}";
  static final String ID = "G0000042";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final LinkedBlockingQueue<TapResult> taps = new LinkedBlockingQueue<>();

  @Test
  void whatTheBankPublishesReachesTheRunningGateAndOutlivesARestartWithoutTheBank() throws Exception {
    BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    Path config;
    try (Simulator readers = Simulator.start(
        new Simulator.Options(Simulator.Backend.PROVIDER, "UnionCard Ref Gate", 0), new CardFactory(dir.resolve("cards")))) {
      readers.insert("psam", "psam:ref");
      bank.addTerminal(ID);
      Files.write(dir.resolve("bank-ca.pem"), bank.caPem().getBytes(StandardCharsets.UTF_8));
      Files.write(dir.resolve("fares.json"), String.format(FARES, 1, 200).getBytes(StandardCharsets.UTF_8));
      config = TerminalFiles.write(dir, ID, "bus_validator", "", "gate:\n  line: \"0007\"\n  city_code: \"5180\"\n"
          + "  institution_code: \"0000000000000001\"\n  fare_table: fares.json\nreference:\n  interval: 10s\n",
          "UnionCard Ref Gate 00 00", "UnionCard Ref Gate 00 01", bank.baseUrl().toString());
      bank.publishReference("fare-table", String.format(FARES, 7, 250).getBytes(StandardCharsets.UTF_8));
      bank.publishReference("terminal-parameters", new TerminalParameters(OfflineLimits.defaults(),
          new TransitLimits(500, Duration.ofDays(2))).encode());

      Agent agent = Agent.start(AgentConfig.load(config), Clock.systemUTC(), provider(readers), taps::add);
      try {
        Await.until("the signed parameters v2 and a first reference round",
            () -> agent.parameters().source() + ", last round " + agent.reference().lastRoundAt(),
            x -> "signed v2".equals(agent.parameters().source()) && agent.reference().lastRoundAt() != null,
            Duration.ofSeconds(30));
        Thread.sleep(1500); // the readers' settle time: a card already there is not a fresh tap
        assertEquals(250, tap(readers, "ordinary-member").chargedFen()); // the bank's fare table, not the file's

        bank.publishReference("fare-table", String.format(FARES, 8, 300).getBytes(StandardCharsets.UTF_8));
        agent.reference().wake();
        Await.until("fare table v2 in ucard status", () -> status(config).at("/reference/kinds/fare-table"),
            j -> j.at("/version").asLong() == 2, Duration.ofSeconds(30));
        assertEquals(300, tap(readers, "migrant-worker").chargedFen());
        JsonNode s = status(config);
        assertEquals("signed v2", s.at("/offline_limits/source").asText());
        assertEquals(500, s.at("/offline_limits/transit_max_pending_count").asLong());
        assertEquals("bank", s.at("/reference/kinds/fare-table/source").asText());
      } finally {
        agent.stop(Duration.ofSeconds(5));
      }
      bank.close();

      // restarted, the bank gone: the kept documents, verified again, are in force
      Agent again = Agent.start(AgentConfig.load(config), Clock.systemUTC(), provider(readers), taps::add);
      try {
        assertEquals("signed v2", again.parameters().source());
        Thread.sleep(1500);
        assertEquals(300, tap(readers, "model-worker").chargedFen());
        Await.until("a failed reference round in ucard status (the bank is gone)",
            () -> status(config).at("/reference/last_sync_result").asText(),
            r -> r.startsWith("failed: fare-table: "), Duration.ofSeconds(30));
        assertEquals("kept on disk", status(config).at("/reference/kinds/fare-table/source").asText());
      } finally {
        again.stop(Duration.ofSeconds(5));
      }
    } finally {
      bank.close();
    }

    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Ucard());
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("status", "--config", config.toString()), out.toString());
    String text = out.toString();
    assertTrue(text.contains("\n  fare-table: v2 (kept on disk, issued "), text);
    assertTrue(text.contains("\n  terminal-parameters: v2 (kept on disk, issued "), text);
    assertTrue(text.contains("\noffline limits (signed v2): sale offline up to 100.00, pending at most 2000 records"
        + " / 200000.00 yuan / 72 h; transit at most 500 trips / 48 h (0: no limit)\n"), text);
  }

  private TapResult tap(Simulator readers, String profile) throws Exception {
    readers.insert("contactless", "profile:" + profile);
    try {
      TapResult r = taps.poll(30, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no tap result within 30 s");
      }
      assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
      return r;
    } finally {
      readers.remove("contactless");
      Thread.sleep(500);
    }
  }

  private static TerminalFactory provider(Simulator sim) throws Exception {
    return TerminalFactory.getInstance(SimulatorProvider.TYPE, sim.providerReaders(), new SimulatorProvider());
  }

  private JsonNode status(Path config) {
    try {
      return JSON.readTree(AgentStatus.fileFor(dir.resolve(ID + ".db")).toFile());
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

}
