package cn.unioncard.sim.card;

import static cn.unioncard.sim.testing.Apdus.DATE;
import static cn.unioncard.sim.testing.Apdus.SELECT_DEBIT;
import static cn.unioncard.sim.testing.Apdus.SELECT_PPSE;
import static cn.unioncard.sim.testing.Apdus.TTQ_QPBOC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.sim.testing.Apdus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BehaviourTest {
  @TempDir Path dir;


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
