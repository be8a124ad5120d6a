package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.sim.bank.CardSeed;
import cn.unioncard.sim.card.FieldCard;
import cn.unioncard.sim.card.Profiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One kernel pass when the member's discount changes the amount: the card is identified before its processing
 * options, so GET PROCESSING OPTIONS and GENERATE AC carry the member price and are sent once (docs/checkout.md).
 */
class CheckoutOnePassTest {
  @TempDir Path dir;
  CheckoutRig rig;

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 1);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  /** Taps the card of a profile through a transport that keeps every command it passes. */
  List<CommandApdu> tapRecorded(String profile) throws Exception {
    FieldCard card = rig.card(profile);
    card.enterField();
    List<CommandApdu> sent = new ArrayList<>();
    rig.reader.taps.add(command -> {
      try {
        sent.add(CommandApdu.parse(command));
      } catch (cn.unioncard.protocol.DecodeException e) {
        throw new AssertionError("the kernel sent a malformed command", e);
      }
      return card.transmit(command);
    });
    return sent;
  }

  static List<String> data(List<CommandApdu> sent, int ins) {
    List<String> out = new ArrayList<>();
    for (CommandApdu c : sent) {
      if (c.ins() == ins) {
        out.add(Hex.encode(c.data()));
      }
    }
    return out;
  }

  static final int GPO = 0xA8;
  static final int GENERATE_AC = 0xAE;
  /** 9F02 n12 as the card gets it. */
  static final String LIST_9700 = "000000009700";
  static final String MEMBER_9100 = "000000009100";

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aDiscountedSaleTakesTheApdusOfAnUndiscountedOneAndTheCardSignsTheMemberPrice(boolean contactless)
      throws Exception {
    rig.reader.contact = !contactless;
    List<CommandApdu> plain = tapRecorded("non-member-unionpay");
    Result full = rig.sale("POS1-1P-1", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, full.outcome(), full.reasonText());
    assertEquals(9700, full.amount());

    List<CommandApdu> member = tapRecorded("model-worker");
    Result discounted = rig.sale("POS1-1P-2", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, discounted.outcome(), discounted.reasonText());
    assertEquals(9100, discounted.amount(), "flour 97.00 -> 91.00");

    assertEquals(plain.size(), member.size(), "as many APDUs for the discounted sale as for the undiscounted one");
    assertEquals(contactless ? 8 : 12, member.size(), "qPBOC 8; contact 11 and the second GENERATE AC");
    List<String> gpo = data(member, GPO);
    assertEquals(1, gpo.size(), "one GET PROCESSING OPTIONS");
    List<String> ac = data(member, GENERATE_AC);
    assertEquals(contactless ? 0 : 2, ac.size(), "contact: the first GENERATE AC and the second, nothing more");
    if (contactless) {
      // qPBOC: the amount is in the PDOL data, and the card signs it at GET PROCESSING OPTIONS
      assertTrue(gpo.get(0).contains(MEMBER_9100), gpo.get(0));
      assertFalse(gpo.get(0).contains(LIST_9700), gpo.get(0));
      assertTrue(data(plain, GPO).get(0).contains(LIST_9700));
    } else {
      // contact: the first GENERATE AC's CDOL1 data carries the member price; the PDOL too when it asks an amount
      assertTrue(ac.get(0).contains(MEMBER_9100), ac.get(0));
      assertFalse(ac.get(0).contains(LIST_9700), ac.get(0));
      assertFalse(gpo.get(0).contains(LIST_9700), gpo.get(0));
    }
    assertEquals(9100, rig.bank.ledger().authorisation(discounted.transactionId()).amountFen(),
        "the bank checked the ARQC over 91.00");
  }

  @Test
  void aMemberKnownOnlyByThePanHashIsPricedBeforeTheCardIsAskedForTheAmount() throws Exception {
    // the non-member card's PAN linked to a member at the union's platform: no BF51 on the card
    rig.bank.addMember(Profiles.load("non-member-unionpay").debit().pan(),
        new CardSeed.MemberSeed("M900001", "省总工会", "model_worker", "2030-12-31"));
    rig.bank.setBalance(Profiles.load("non-member-unionpay").debit().pan(), "benefit", 50_000);
    List<CommandApdu> sent = tapRecorded("non-member-unionpay");
    Result r = rig.sale("POS1-1P-3", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(9100, r.amount());
    assertEquals(8, sent.size());
    List<String> gpo = data(sent, GPO);
    assertEquals(1, gpo.size());
    assertTrue(gpo.get(0).contains(MEMBER_9100), gpo.get(0));
  }
}
