package cn.unioncard.agent.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.protocol.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GetResponseTransportTest {
  /** A card that answers from a script and records what it was sent. */
  static final class ScriptedCard implements ApduTransport {
    final List<String> sent = new ArrayList<>();
    final List<String> answers;

    ScriptedCard(String... answers) {
      this.answers = new ArrayList<>(List.of(answers));
    }

    @Override
    public byte[] transmit(byte[] command) {
      sent.add(Hex.encode(command));
      return Hex.of(answers.remove(0));
    }
  }

  @Test
  void chainsGetResponseAndConcatenates() throws Exception {
    ScriptedCard card = new ScriptedCard("6F10A0B06104", "010203046102", "05069000");
    byte[] r = new GetResponseTransport(card).transmit(Hex.of("00A404000E325041592E5359532E444446303100"));
    assertEquals("6F10A0B00102030405069000", Hex.encode(r));
    assertEquals(List.of("00A404000E325041592E5359532E444446303100", "00C0000004", "00C0000002"), card.sent);
  }

  @Test
  void sixtyOneZeroAsksFor256() throws Exception {
    ScriptedCard card = new ScriptedCard("6100", "AA9000");
    new GetResponseTransport(card).transmit(Hex.of("80CA9F7900"));
    assertEquals("00C0000000", card.sent.get(1));
  }

  @Test
  void resendsWithTheLengthTheCardAsksFor() throws Exception {
    ScriptedCard card = new ScriptedCard("6C1E", "01011000FFFFFFFF020103105170010170907984201908062040123100009000");
    byte[] r = new GetResponseTransport(card).transmit(Hex.of("00B0950000"));
    assertEquals(List.of("00B0950000", "00B095001E"), card.sent);
    assertEquals(32, r.length);
  }

  @Test
  void wrongLeThenMoreData() throws Exception {
    ScriptedCard card = new ScriptedCard("6C08", "01026102", "03049000");
    byte[] r = new GetResponseTransport(card).transmit(Hex.of("80CA9F7900"));
    assertEquals("010203049000", Hex.encode(r));
    assertEquals(List.of("80CA9F7900", "80CA9F7908", "00C0000002"), card.sent);
  }

  @Test
  void aCardThatNeverStopsChainingIsACardFailure() {
    ApduTransport endless = c -> Hex.of("61FF");
    CardIoException e = assertThrows(CardIoException.class,
        () -> new GetResponseTransport(endless).transmit(Hex.of("80CA9F7900")));
    assertEquals("card still says 61xx after 32 GET RESPONSE rounds", e.getMessage());
  }

  @Test
  void aResponseWithoutStatusWordIsACardFailure() {
    assertThrows(CardIoException.class, () -> new GetResponseTransport(c -> Hex.of("90")).transmit(Hex.of("80CA9F7900")));
    assertThrows(CardIoException.class, () -> new GetResponseTransport(c -> new byte[0]).transmit(Hex.of("80CA9F7900")));
  }

  @Test
  void passesOtherStatusWordsThrough() throws Exception {
    assertEquals("6A82", Hex.encode(new GetResponseTransport(c -> Hex.of("6A82")).transmit(Hex.of("00A4040002AABB00"))));
  }

  @Test
  void countsEveryExchange() throws Exception {
    CountingTransport counter = new CountingTransport(new ScriptedCard("6104", "010203049000"));
    new GetResponseTransport(counter).transmit(Hex.of("80CA9F7900"));
    assertEquals(2, counter.count());
  }
}
