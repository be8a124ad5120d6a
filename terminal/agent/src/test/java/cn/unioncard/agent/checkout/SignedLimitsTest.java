package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.gate.TransitLimits;
import cn.unioncard.agent.refdata.InForce;
import cn.unioncard.agent.refdata.ReferenceSync;
import cn.unioncard.agent.refdata.ReferenceTargets;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkout's offline limits come from the bank's signed terminal parameters, changed without a restart. */
class SignedLimitsTest {
  @TempDir Path dir;
  CheckoutRig rig;
  InForce<TerminalParameters> parameters;
  ReferenceSync sync;

  @BeforeEach
  void setUp() throws Exception {
    rig = new CheckoutRig(dir, 1);
    parameters = new InForce<>(TerminalParameters.defaults(), "defaults");
    sync = new ReferenceSync(rig.client, dir.resolve("refdata"),
        Collections.singletonList(ReferenceTargets.terminalParameters(parameters)), Duration.ofMinutes(1),
        Clock.systemUTC());
    rig.checkout.offlineLimits(() -> parameters.get().checkout());
  }

  @AfterEach
  void tearDown() {
    sync.close();
    rig.close();
  }

  static byte[] limits(long maxPendingCount, long maxPendingDebitFen) {
    return new TerminalParameters(
        new OfflineLimits(0, maxPendingCount, 0, Duration.ofDays(3), 0, 0, maxPendingDebitFen, 0),
        new TransitLimits(100, Duration.ofDays(1))).encode();
  }

  @Test
  void pastASignedLimitSalesAreDeclinedAndANewDocumentLiftsIt() throws Exception {
    rig.bank.publishReference("terminal-parameters", limits(2, 0));
    sync.syncNow();
    assertEquals("signed v2", parameters.source());
    for (int i = 0; i < 2; i++) {
      rig.tap("non-member-unionpay");
      assertEquals(Outcome.APPROVED, rig.sale("POS1-70" + i, 1000).outcome());
    }
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-702", 1000);
    assertEquals(Outcome.DECLINED, r.outcome());
    assertEquals("OFL", r.reasonCode());
    assertEquals("offline limit: 2 records wait for the bank (at most 2)", r.reasonText());

    // the bank lifts the count and sets a debit amount limit: in force at the next round, no restart
    rig.bank.publishReference("terminal-parameters", limits(0, 3000));
    sync.syncNow();
    assertEquals("signed v3", parameters.source());
    rig.tap("non-member-unionpay");
    assertEquals(Outcome.APPROVED, rig.sale("POS1-703", 1000).outcome());
    rig.tap("non-member-unionpay");
    r = rig.sale("POS1-704", 1000);
    assertEquals("OFL", r.reasonCode());
    assertEquals("offline limit: 30.00 yuan of debit waits for the bank (at most 30.00)", r.reasonText());
  }
}
