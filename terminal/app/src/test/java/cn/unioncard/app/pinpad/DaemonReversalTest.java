package cn.unioncard.app.pinpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.app.Ucard;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Settle;
import cn.unioncard.sim.bank.Faults;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.ecr.RegisterSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, in the daemon ({@code ucard run}'s Agent): an authorisation whose answer is lost on every attempt is
 * reversed by the agent's ReversalDriver while it runs, with no restart and no new sale of the card; meanwhile the
 * status file and {@code ucard status} show the reversal waiting and SETTLE is NOTREADY; once the bank confirms it,
 * the member's hold is released and SETTLE closes the day.
 */
class DaemonReversalTest {
  static final ObjectMapper JSON = new ObjectMapper();
  /** A member card with 1.50 yuan of electronic cash: a 50.00 sale goes to the bank. */
  static final String CARD = "low-ecash";

  @TempDir Path dir;
  DaemonRig rig;

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void aLostAuthorisationIsReversedWhileTheDaemonRuns() throws Exception {
    rig = new DaemonRig(dir);
    int port = DaemonRig.freePort();
    rig.startAgent("register:\n  tcp_listen: 127.0.0.1:" + port + "\n");
    RegisterSimulator register = rig.register(
        new RegisterSimulator(TcpEcrPort.connect("127.0.0.1", port), EcrConfig.defaults()));
    String panHash = rig.bank.panHash(Profiles.load(CARD).debit().pan());
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations"));
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE).onPath("/v1/reversals"));

    CompletableFuture<Result> f = register.request(new Sale("POS1-REV-1", 5000, Collections.emptyList(), false));
    rig.shop.insert("contactless", "profile:" + CARD);
    Result r;
    try {
      r = f.get(90, TimeUnit.SECONDS);
    } finally {
      rig.shop.remove("contactless");
    }
    assertEquals(Outcome.FAILED, r.outcome(), r.reasonText());
    assertEquals("BNA", r.reasonCode());
    assertEquals("authorised", rig.authorisation(r.transactionId()).status(), "the bank holds it");
    assertEquals(5000, held(panHash));

    // while the bank drops the reversals: the status file and ucard status show it waiting, SETTLE is NOTREADY
    Path statusFile = rig.agent.store().file().resolveSibling(rig.agent.store().file().getFileName() + ".agent.json");
    await("the status file showing one reversal waiting",
        () -> statusFile(statusFile).path("reversals").path("waiting").asInt(-1) == 1,
        () -> "reversals " + statusFile(statusFile).path("reversals"));
    JsonNode status = ucardStatus(dir.resolve(DaemonRig.TERMINAL + ".yaml"));
    assertEquals(1, status.path("reversals").path("waiting").asInt(), status.toString());
    assertTrue(status.path("reversals").path("oldest_age_seconds").asLong(-1) >= 0, status.toString());
    Result early = settle(register, "POS1-SETTLE-1");
    assertEquals("NOTREADY", early.reasonCode(), early.reasonText());

    // the bank is healthy again: the driver's next attempt (at most its longest pause, 60 s) is confirmed
    rig.bank.faults().clear();
    await("the bank's confirmation of the reversal of " + r.transactionId(),
        () -> "reversed".equals(rig.authorisation(r.transactionId()).status()),
        () -> "the authorisation " + rig.authorisation(r.transactionId()).status() + ", the status file's reversals "
            + statusFile(statusFile).path("reversals"));
    assertEquals(0, held(panHash), "the member's hold is released");
    await("the status file showing no reversal waiting",
        () -> statusFile(statusFile).path("reversals").path("waiting").asInt(-1) == 0,
        () -> "reversals " + statusFile(statusFile).path("reversals"));
    Result late = settle(register, "POS1-SETTLE-2");
    assertEquals(Outcome.APPROVED, late.outcome(), late.reasonCode() + " " + late.reasonText());
  }

  /** Waits up to 90 s (the driver's longest pause is 60 s); a failure says what it waited for and what it saw. */
  private static void await(String what, java.util.function.BooleanSupplier condition,
      java.util.function.Supplier<String> seen) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited 90 s for " + what + "; saw " + seen.get());
      }
      Thread.sleep(50);
    }
  }

  /**
   * SETTLE as a register does it: one that meets the agent's own upload round (UPLOAD "another uploader is running",
   * "try again") is sent again with a new reference, at most ten times.
   */
  private static Result settle(RegisterSimulator register, String ref) throws Exception {
    Result r = null;
    for (int i = 0; i < 10; i++) {
      r = register.request(new Settle(ref + "-" + i)).get(90, TimeUnit.SECONDS);
      if (!("UPLOAD".equals(r.reasonCode()) && r.reasonText().contains("another uploader is running"))) {
        return r;
      }
      Thread.sleep(200);
    }
    return r;
  }

  private long held(String panHash) {
    return rig.bank.ledger().account(panHash, "benefit").heldFen() + rig.bank.ledger().account(panHash, "debit")
        .heldFen();
  }

  private static JsonNode statusFile(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  /** {@code ucard status --json} as an operator runs it, beside the running daemon. */
  private static JsonNode ucardStatus(Path config) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int code;
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      code = Ucard.run("status", "--config", config.toString(), "--json");
    } finally {
      System.setOut(out);
    }
    assertEquals(Ucard.OK, code, buffer.toString(StandardCharsets.UTF_8));
    for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("{")) {
        return JSON.readTree(line);
      }
    }
    throw new AssertionError("no JSON from ucard status: " + buffer.toString(StandardCharsets.UTF_8));
  }
}
