package cn.unioncard.app.pinpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.serial.JsscEcrPort;
import cn.unioncard.serial.SocatPair;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.ecr.PinEntry;
import cn.unioncard.sim.ecr.RegisterSimulator;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PIN pad built into the register (docs/ecr-protocol.md §10.1), end to end: a real daemon configured with {@code
 * pin_pad.on_register: true} sends PIN REQUEST on the register's link, a socat pseudo-terminal pair, while the SALE
 * waits; the register simulator answers it as a PIN pad does; the bank simulator checks the block.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterPinPadTest {
  @TempDir static Path dir;
  static DaemonRig rig;
  static SocatPair line;
  static PinEntry member;

  @BeforeAll
  static void start() throws Exception {
    String why = SocatPair.unavailable();
    assumeTrue(why == null, why);
    rig = new DaemonRig(dir);
    line = new SocatPair(dir).start();
    rig.parts.add(line);
    rig.startAgent("register:\n  serial: " + line.a + "\n  baud: 115200\n"
        + "pin_pad:\n  on_register: true\n  timeout: 2s\n");
    member = new PinEntry(algorithm -> rig.bank.currentPinKey(DaemonRig.TERMINAL));
    rig.register(new RegisterSimulator(new JsscEcrPort(new JsscEcrPort.Settings(line.b.toString(), 115200)).open(),
        EcrConfig.defaults()).withPinPad(member));
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @BeforeEach
  void aMemberWhoTypesTheRightPin() {
    member.typePin(ProfileBank.PIN);
    member.typingMillis(0);
    rig.register.withPinPad(member);
  }

  @Test
  @Order(1)
  void theRightPinOnTheRegistersPadIsApprovedThroughNoiseACutFrameAndANakStorm() throws Exception {
    Ledger.Account before = rig.debit();
    int requests = member.requests();
    int sent = rig.register.frames().transmissions();
    int naks = rig.register.frames().naksReceived();
    member.typingMillis(1500); // time to arm the faults for the PIN RESPONSE once the PIN REQUEST is in
    String ref = rig.nextRef();
    rig.register.lineNoise(40); // before the SALE

    Result r = rig.sale(ref, () -> {
      DaemonRig.await(() -> member.requests() == requests + 1, 20, "the PIN REQUEST reached the register");
      rig.register.cutNextFrame(); // the PIN RESPONSE stops halfway: the terminal NAKs it, the register resends
      rig.register.lineNoise(25);
      rig.register.nakStorm(2); // the terminal's next two frames arrive "damaged": it resends them
    });

    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(41000, r.amount());
    assertEquals(requests + 1, member.requests(), "one PIN REQUEST taken, whatever was resent");
    assertTrue(rig.register.progressSeen(ref).contains(Stage.PIN_ENTRY));
    assertEquals(sent + 3, rig.register.frames().transmissions(), "SALE, the cut PIN RESPONSE and its resend");
    assertTrue(rig.register.frames().naksReceived() > naks, "the terminal NAKed the cut frame");
    Ledger.Authorisation a = rig.authorisation(r.transactionId());
    assertTrue(a.status().equals("authorised") || a.status().equals("settled"), "approved, held or already uploaded: " + a.status());
    assertEquals(41000, a.debitFen());
    assertEquals(before.availableFen() - 41000, rig.debit().availableFen());
  }

  @Test
  @Order(2)
  void aWrongPinIsDeclinedByTheBank() throws Exception {
    Ledger.Account before = rig.debit();
    member.typePin("999999");
    rig.assertWrongPinDeclined(rig.sale(rig.nextRef()), before);
    member.typePin(ProfileBank.PIN);
    assertEquals(Outcome.APPROVED, rig.sale(rig.nextRef()).outcome(), "the right PIN clears the wrong try");
  }

  @Test
  @Order(3)
  void aCancelledPinEntryIsCancelledAndChargesNothing() throws Exception {
    Ledger.Account before = rig.debit();
    member.pressCancel();
    rig.assertNothingCharged(rig.sale(rig.nextRef()), Outcome.CANCELLED, "PC", "PIN entry cancelled; nothing charged",
        before);
  }

  @Test
  @Order(4)
  void aRegisterThatNeverAnswersThePinRequestGetsAClearFailureAndNothingIsCharged() throws Exception {
    Ledger.Account before = rig.debit();
    rig.register.withPinPad(null); // a register without a PIN pad: it ACKs the PIN REQUEST and says nothing
    String ref = rig.nextRef();
    rig.assertNothingCharged(rig.sale(ref), Outcome.FAILED, "PT", "the PIN pad does not answer; nothing charged",
        before);
    assertTrue(rig.register.progressSeen(ref).contains(Stage.PIN_ENTRY),
        "the register was told the terminal waits for the PIN: " + rig.register.progressSeen(ref));
  }
}
