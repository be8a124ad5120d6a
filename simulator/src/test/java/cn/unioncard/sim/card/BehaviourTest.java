package cn.unioncard.sim.card;

import static cn.unioncard.sim.card.Apdus.DATE;
import static cn.unioncard.sim.card.Apdus.SELECT_DEBIT;
import static cn.unioncard.sim.card.Apdus.SELECT_PPSE;
import static cn.unioncard.sim.card.Apdus.TTQ_QPBOC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.CardIoException;
import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.CountingTransport;
import cn.unioncard.agent.card.GetResponseTransport;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BehaviourTest {
  @TempDir Path dir;

  static final List<String> SCRIPT = List.of(
      SELECT_PPSE, SELECT_DEBIT, Apdus.gpo(TTQ_QPBOC, 100, DATE), "00B2010C00", "00B2011400", "00B2021400",
      "80CABF5100", "80CA9F4F00", "00B2015C00", "80CA9F7900", "00B2035C00", "80EE000000");

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
  void longResponsesComeAs61xxPieces() throws Exception {
    ChainingCard card = new ChainingCard(SimulatedCard.of(Profiles.load("ordinary-member")), 32);
    byte[] fci = DebitApplication.fci("PBOC DEBIT", 1); // 98 bytes
    ResponseApdu first = ResponseApdu.parse(card.transmit(Hex.of(SELECT_DEBIT)));
    assertEquals(0x6100 | (fci.length - 32), first.sw());
    assertEquals(32, first.dataLength());
    // a GET RESPONSE asking more than remains gets 6Cxx with what remains
    assertEquals(0x6C00 | (fci.length - 32), ResponseApdu.parse(card.transmit(Hex.of("00C00000FF"))).sw());
    ResponseApdu second = ResponseApdu.parse(card.transmit(Hex.of("00C0000020")));
    assertEquals(0x6100 | (fci.length - 64), second.sw());
    ResponseApdu third = ResponseApdu.parse(card.transmit(Hex.of("00C0000020")));
    assertEquals(0x6102, third.sw(), "never more than a chunk at once");
    ResponseApdu last = ResponseApdu.parse(card.transmit(Hex.of("00C0000002")));
    assertEquals(0x9000, last.sw());
    assertEquals(fci.length, first.dataLength() + second.dataLength() + third.dataLength() + last.dataLength());
  }

  @Test
  void aWrongLeGets6Cxx() throws Exception {
    ChainingCard card = new ChainingCard(SimulatedCard.of(Profiles.load("ordinary-member")), 256);
    card.transmit(Hex.of(SELECT_DEBIT));
    card.transmit(Hex.of(Apdus.gpo(Apdus.TTQ_CONTACT, 0, DATE)));
    ResponseApdu r = ResponseApdu.parse(card.transmit(Hex.of("80CA9F7902")));
    assertEquals(0x6C09, r.sw()); // 9F79 06 + 6 bytes
    ResponseApdu again = ResponseApdu.parse(card.transmit(Hex.of("80CA9F7909")));
    assertEquals(0x9000, again.sw());
    assertEquals("9F7906000000030000", Hex.encode(again.data()));
  }

  @Test
  void aCardSessionReadsTheChainingCard() throws Exception {
    FieldCard card = Profiles.card("chaining-61xx", dir.resolve("c.json"));
    CardRead r = new CardSession(card, DebitApplicationTest.TERMINAL).read();
    assertEquals("孙悦", r.cardholderName());
    assertEquals(0, r.problems().size(), r.problems().toString());
  }

  @Test
  void tearingAfterExecutingKeepsTheChange() throws Exception {
    Path file = dir.resolve("tearing-card.json");
    FieldCard card = Profiles.card("tearing-card", file);
    assertThrows(CardIoException.class, () -> new CardSession(card, DebitApplicationTest.TERMINAL).read());
    assertTrue(!card.inField());
    // the GPO ran: its ATC is on disk though the terminal never saw the answer
    assertEquals(1, CardFile.load(file).debit().atc());
    // the next tap completes
    card.enterField();
    CardRead r = new CardSession(card, DebitApplicationTest.TERMINAL).read();
    assertEquals("马超", r.cardholderName());
    assertEquals(2, CardFile.load(file).debit().atc());
    // and the next run starts from the state file
    SimulatedCard nextRun = SimulatedCard.open(file);
    Apdus.ok(nextRun, SELECT_DEBIT);
    assertEquals(3, cn.unioncard.protocol.emv.GpoResponse.decode(
        Apdus.ok(nextRun, Apdus.gpo(TTQ_QPBOC, 0, DATE)).data()).atc());
  }

  @Test
  void tearingBeforeExecutingChangesNothing() throws Exception {
    Path file = dir.resolve("before.json");
    Profiles.copy("ordinary-member", file);
    byte[] before = Files.readAllBytes(file);
    TearingCard card = new TearingCard(SimulatedCard.open(file), 3, false, false);
    card.transmit(Hex.of(SELECT_PPSE));
    card.transmit(Hex.of(SELECT_DEBIT));
    assertThrows(CardIoException.class, () -> card.transmit(Hex.of(Apdus.gpo(TTQ_QPBOC, 500, DATE))));
    assertTrue(card.torn());
    assertArrayEquals(before, Files.readAllBytes(file), "nothing of the torn GPO reached the state");
    assertThrows(CardIoException.class, () -> card.transmit(Hex.of(SELECT_PPSE)), "out of the field");
    card.enterField();
    card.transmit(Hex.of(SELECT_PPSE));
    card.transmit(Hex.of(SELECT_DEBIT));
    ResponseApdu r = ResponseApdu.parse(card.transmit(Hex.of(Apdus.gpo(TTQ_QPBOC, 500, DATE))));
    assertEquals(0x9000, r.sw(), "the second insertion does not tear");
    assertEquals(29500L, CardFile.load(file).debit().ecBalanceFen());
  }

  @Test
  void aSlowCardTakesItsLatency() throws Exception {
    SlowCard card = new SlowCard(SimulatedCard.of(Profiles.load("ordinary-member")), 40);
    long t0 = System.nanoTime();
    card.transmit(Hex.of(SELECT_PPSE));
    assertTrue(System.nanoTime() - t0 >= 40_000_000L);
    assertEquals(40, Profiles.load("slow-card").behaviour().latencyMs());
    assertTrue(Profiles.load("slow-card").behaviour().wrap(SimulatedCard.of(Profiles.load("slow-card")))
        instanceof SlowCard);
  }
}
