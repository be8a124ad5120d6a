package cn.unioncard.agent.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.replay.ReplayTrace;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The card session reading recorded cards: the bundled traces, and traces made to fail in one field. */
class CardSessionReplayTest {
  static final TerminalData TERMINAL = new TerminalData(
      Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")), new Random(1), Hex.of("A6000000"));

  static CardRead read(ReplayTrace trace) throws Exception {
    return new CardSession(new ReplayCard(trace), TERMINAL).read();
  }

  static ReplayTrace trace(String text) throws Exception {
    return ReplayTrace.parse(new StringReader(text), "test.trace");
  }

  @Test
  void debitCardWithAChineseName() throws Exception {
    CardRead r = read(BundledTraces.load(BundledTraces.DEBIT_CHINESE_NAME));
    assertEquals(1, r.applications().size());
    assertEquals(new CardRead.Application("A000000333010101", "PBOC DEBIT", 1), r.applications().get(0));
    assertEquals("A000000333010101", r.selectedAid());
    assertEquals("621700*********0122", r.panMasked());
    assertEquals(LocalDate.of(2030, 12, 31), r.expiry());
    assertEquals("张伟", r.cardholderName());
    assertEquals(5000L, r.ecBalanceFen());
    assertNull(r.transit());
    assertEquals(0, r.problems().size(), r.problems().toString());
    // PPSE, SELECT, GPO, 2 records (the AFL), GET DATA 9F79: nothing more than the card needs
    assertEquals(6, r.apduCount());
  }

  @Test
  void debitAndTransitCard() throws Exception {
    CardRead r = read(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT));
    assertEquals(3, r.applications().size());
    assertEquals("A000000333010101", r.selectedAid());
    assertEquals(1234L, r.ecBalanceFen());
    CardRead.Transit t = r.transit();
    assertEquals("A000000632010105", t.aid());
    assertEquals("3105170010170907984", t.cardNumber());
    assertEquals(LocalDate.of(2019, 8, 6), t.validFrom());
    assertEquals(LocalDate.of(2040, 12, 31), t.validTo());
    assertEquals(2850L, t.balanceFen());
    assertEquals(2, t.purseRecords().size());
    assertEquals(200L, t.purseRecords().get(0).amountFen());
    assertEquals("COMPOUND_PURCHASE", t.purseRecords().get(0).type());
    assertEquals(1, t.trips().size());
    assertEquals("BUS", t.trips().get(0).industry());
    assertEquals(2850L, t.trips().get(0).balanceFen());
    // 6 for the debit application; SELECT EP (file 0015 comes in its FCI), GET BALANCE, 3 + 2 READ RECORD
    assertEquals(13, r.apduCount());
    assertEquals(0, r.problems().size(), r.problems().toString());
  }

  @Test
  void foreignCard() throws Exception {
    CardRead r = read(BundledTraces.load(BundledTraces.FOREIGN_VISA));
    assertEquals("A0000000031010", r.selectedAid());
    assertEquals("476134******0043", r.panMasked());
    assertEquals(LocalDate.of(2017, 12, 31), r.expiry());
    assertNull(r.cardholderName(), "' /' is no name");
    assertNull(r.ecBalanceFen(), "no GET DATA 9F79 to a foreign card");
    assertEquals(3, r.apduCount());
  }

  static final String PPSE = "00A404000E325041592E5359532E444446303100\n"
      + "6F30840E325041592E5359532E4444463031A51EBF0C1B61194F08A000000333010101500A50424F432044454249548701019000\n";
  static final String SELECT = "00A4040008A00000033301010100\n6F0A8408A0000003330101019000\n";
  static final String GPO = "80A8000002830000\n770E82020000940808010100100101009000\n";

  @Test
  void aMalformedOptionalFieldIsReportedAndTheRestIsRead() throws Exception {
    // expiry 5F24 = 301332 (month 13); the name and the PAN are still read
    CardRead r = read(trace(PPSE + SELECT + GPO
        + "00B2010C00\n70105A0862170012345678935F2403301332 9000\n"
        + "00B2011400\n70075F2004414C49439000\n"));
    assertEquals("621700******7893", r.panMasked());
    assertNull(r.expiry());
    assertEquals("ALIC", r.cardholderName());
    assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("expiry")), r.problems().toString());
  }

  @Test
  void aPanThatFailsItsCheckDigitOrATrack2ThatDisagreesIsFlagged() throws Exception {
    CardRead r = read(trace(PPSE + SELECT + GPO
        + "00B2010C00\n701F5A0862170012345678915F2403301231570D6217001234567890D25122010F 9000\n"
        + "00B2011400\n6A83\n"));
    assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("pan") && p.why().contains("check digit")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("track2") && p.why().contains("disagrees")), r.problems().toString());
  }

  @Test
  void withoutPpseItFallsBackToPseAndThenToKnownAids() throws Exception {
    String pse = "00A404000E315041592E5359532E444446303100\n"
        + "6F1A840E315041592E5359532E4444463031A5088801015F2D027A689000\n"
        + "00B2010C00\n70106109" + "4F07A0000000031010" + "6103" + "870101" + "9000\n"
        + "00B2020C00\n6A83\n";
    CardRead viaPse = read(trace(pse));
    assertEquals("A0000000031010", viaPse.applications().get(0).aid());
    CardRead byAid = read(trace("00A4040008A00000033301010100\n6F0A8408A0000003330101019000\n"));
    assertEquals("A000000333010101", byAid.applications().get(0).aid());
  }

  @Test
  void theCardLeavingTheFieldFailsTheRead() {
    ApduTransport torn = new ApduTransport() {
      int n;

      @Override
      public byte[] transmit(byte[] command) throws CardIoException {
        if (++n == 3) {
          throw new CardIoException("card removed");
        }
        return new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_CHINESE_NAME)).transmit(command);
      }
    };
    assertThrows(CardIoException.class, () -> new CardSession(torn, TERMINAL).read());
  }
}
