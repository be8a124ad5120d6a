package cn.unioncard.agent.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.gate.Gate;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.Psam;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.gate.TransitLimits;
import cn.unioncard.agent.refdata.InForce;
import cn.unioncard.agent.refdata.ReferenceSync;
import cn.unioncard.agent.refdata.ReferenceTargets;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.bank.BankClient;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import cn.unioncard.sim.card.transit.TransitApplications;
import cn.unioncard.sim.card.transit.TransitState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same signed terminal parameters that stop a checkout after 2 pending records let a gate tap on within its own
 * transit limit (3 trips), and then refuse new rides until the trips are uploaded.
 */
class GateTransitLimitTest {
  @TempDir Path dir;

  @Test
  void aGateTapsWithinItsOwnLimitPastTheCheckoutsOne() throws Exception {
    try (BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")))) {
      bank.addTerminal("G0000001");
      bank.publishReference("terminal-parameters", new TerminalParameters(
          new OfflineLimits(0, 2, 0, Duration.ofDays(3), 0), new TransitLimits(3, Duration.ofDays(1))).encode());
      InForce<TerminalParameters> parameters = new InForce<>(TerminalParameters.defaults(), "defaults");
      try (BankClient client = new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(),
              "G0000001").build());
          TransactionStore store = TransactionStore.open(dir.resolve("gate.db"), "G0000001", GateTapTest.CLOCK);
          ReferenceSync sync = new ReferenceSync(client, dir.resolve("refdata"),
              Collections.singletonList(ReferenceTargets.terminalParameters(parameters)), Duration.ofMinutes(1),
              Clock.systemUTC())) {
        sync.syncNow();
        assertEquals("signed v2", parameters.source());
        Gate gate = new Gate(GateTapTest.BUS, Psam.open(new GateTapTest.Card(PsamApplications.of(new PsamState(),
            () -> { }))), store, GateTapTest::fares, Hotlist::empty, GateTapTest.CLOCK);
        gate.transitLimits(() -> parameters.get().transit());
        for (int i = 1; i <= 3; i++) {
          TapResult r = gate.tap(card(i), null);
          assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
        }
        assertEquals(3, store.uploads().pending().count()); // past the checkout's 2, within the gate's 3
        TapResult r = gate.tap(card(4), null);
        assertEquals(TapResult.Outcome.REFUSED, r.outcome());
        assertEquals("offline_limit", r.reason());
        assertEquals("out of service: 3 trips wait for the bank (at most 3)", r.message());
        assertEquals(3, store.uploads().pending().count());
      }
    }
  }

  static GateTapTest.Card card(int n) {
    TransitState s = TransitState.ordinary(5000);
    s.applicationSerial = String.format("031051800000000%05d", n);
    return new GateTapTest.Card(TransitApplications.of(s, () -> { }, RandomGenerator.of("L64X128MixRandom")));
  }
}
