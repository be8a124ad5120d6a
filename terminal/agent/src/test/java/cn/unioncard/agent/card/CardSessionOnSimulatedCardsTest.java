package cn.unioncard.agent.card;

import static cn.unioncard.sim.testing.Apdus.DATE;
import static cn.unioncard.sim.testing.Apdus.SELECT_DEBIT;
import static cn.unioncard.sim.testing.Apdus.SELECT_PPSE;
import static cn.unioncard.sim.testing.Apdus.TTQ_QPBOC;
import static cn.unioncard.sim.testing.Apdus.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.card.CardFile;
import cn.unioncard.sim.card.CardProfile;
import cn.unioncard.sim.card.ChainingCard;
import cn.unioncard.sim.card.FieldCard;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.card.SimulatedCard;
import cn.unioncard.sim.testing.Apdus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The card session reads the simulator's cards: every bundled profile, chained responses, a torn tap. */
class CardSessionOnSimulatedCardsTest {
  @TempDir Path dir;

  static final TerminalData TERMINAL = new TerminalData(
      Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")), new Random(1),
      Hex.of(TerminalData.DEFAULT_TTQ));

  static final List<String> SCRIPT = List.of(
      SELECT_PPSE, SELECT_DEBIT, Apdus.gpo(TTQ_QPBOC, 100, DATE), "00B2010C00", "00B2011400", "00B2021400",
      "80CABF5100", "80CA9F4F00", "00B2015C00", "80CA9F7900", "00B2035C00", "80EE000000");

  static List<String> names() {
    return Profiles.NAMES;
  }

  /** Every bundled profile but the tearing one (read below) is read by a card session. */
  @ParameterizedTest
  @MethodSource("names")
  void everyProfileReads(String name) throws Exception {
    CardProfile p = Profiles.load(name);
    if (p.behaviour().tearAtApdu() > 0) {
      return; // tearingAfterExecutingKeepsTheChange
    }
    FieldCard card = Profiles.card(name, dir.resolve(name + ".json"));
    CardRead r = new CardSession(card, TERMINAL).read();
    assertNotNull(r.panMasked(), name);
    if (p.debit() != null) {
      assertEquals("A000000333010101", r.selectedAid());
      assertEquals(p.debit().cardholderName(), r.cardholderName());
    }
  }

  @Test
  void chainingThroughGetResponseYieldsTheSameBytes() throws Exception {
    SimulatedCard plain = SimulatedCard.of(Profiles.load("chaining-61xx"));
    SimulatedCard inner = SimulatedCard.of(Profiles.load("chaining-61xx"));
    FieldCard chained = Profiles.load("chaining-61xx").behaviour().wrap(inner);
    assertTrue(chained instanceof ChainingCard);
    CountingTransport counter = new CountingTransport(chained);
    GetResponseTransport reader = new GetResponseTransport(counter);
    for (String c : SCRIPT) {
      assertEquals(Hex.encode(plain.transmit(Hex.of(c))), Hex.encode(reader.transmit(Hex.of(c))), c);
    }
    assertTrue(counter.count() > SCRIPT.size(), "some responses came in pieces: " + counter.count());
  }

  @Test
  void aCardSessionReadsTheChainingCard() throws Exception {
    FieldCard card = Profiles.card("chaining-61xx", dir.resolve("c.json"));
    CardRead r = new CardSession(card, TERMINAL).read();
    assertEquals("孙悦", r.cardholderName());
    assertEquals(0, r.problems().size(), r.problems().toString());
  }

  @Test
  void tearingAfterExecutingKeepsTheChange() throws Exception {
    Path file = dir.resolve("tearing-card.json");
    FieldCard card = Profiles.card("tearing-card", file);
    assertThrows(CardIoException.class, () -> new CardSession(card, TERMINAL).read());
    assertTrue(!card.inField());
    // the GPO ran: its ATC is on disk though the terminal never saw the answer
    assertEquals(1, CardFile.load(file).debit().atc());
    // the next tap completes
    card.enterField();
    CardRead r = new CardSession(card, TERMINAL).read();
    assertEquals("马超", r.cardholderName());
    assertEquals(2, CardFile.load(file).debit().atc());
    // and the next run starts from the state file
    SimulatedCard nextRun = SimulatedCard.open(file);
    Apdus.ok(nextRun, SELECT_DEBIT);
    assertEquals(3, cn.unioncard.protocol.emv.GpoResponse.decode(
        Apdus.ok(nextRun, Apdus.gpo(TTQ_QPBOC, 0, DATE)).data()).atc());
  }

  @Test
  void cardSessionReadsPanNameAndBalance() throws Exception {
    SimulatedCard card = Apdus.card("ordinary-member", dir);
    CardRead r = new CardSession(card, TERMINAL).read();
    assertEquals("A000000333010101", r.selectedAid());
    assertEquals(new CardRead.Application("A000000333010101", "PBOC DEBIT", 1), r.applications().get(0));
    assertEquals("621700******5670", r.panMasked());
    assertEquals("张伟", r.cardholderName());
    assertEquals(LocalDate.of(2031, 12, 31), r.expiry());
    assertEquals(30000L, r.ecBalanceFen());
    assertEquals(0, r.problems().size(), r.problems().toString());
    // PPSE, SELECT, GPO, 3 records, GET DATA 9F79; then the transit purse the member card also carries: SELECT
    // (0015 in its FCI), GET BALANCE, READ RECORD 0018 and 001E (both empty: 6A83)
    assertEquals(11, r.apduCount());
    assertEquals(5000L, r.transit().balanceFen());
    assertEquals("3105180000000000001", r.transit().cardNumber());
  }

  @Test
  void foreignCardIsReadAsVisa() throws Exception {
    SimulatedCard card = SimulatedCard.of(Profiles.load("foreign-visa"));
    CardRead r = new CardSession(card, TERMINAL).read();
    assertEquals("A0000000031010", r.selectedAid());
    assertEquals("476134******0043", r.panMasked());
    assertEquals(null, r.ecBalanceFen());
    assertEquals(0, r.problems().size(), r.problems().toString());
    assertEquals(0x6A82, send(card, SELECT_DEBIT).sw());
  }
}
