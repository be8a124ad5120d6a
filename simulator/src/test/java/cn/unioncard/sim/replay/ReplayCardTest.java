package cn.unioncard.sim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.Hex;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayCardTest {
  // The transit EP SELECT and its READ BINARY 0015: shared/vectors/card-captures.md V7 (domosekai/cardemulator).
  static final String TRACE = String.join("\n",
      "# a transit card",
      "00 A4 04 00 08 A000000632010105 00",
      "6F318408A000000632010105A5259F0801029F0C1E01011000FFFFFFFF020103105170010170907984201908062040123100009000",
      "",
      "00B0950000",
      "01011000FFFFFFFF020103105170010170907984201908062040123100009000",
      "805C000204",
      "00000B229000",
      "# two purchases, the terminal's values differ each time",
      "805003020B0100000100112233445566",
      "00000B22000100000000010212345678 9000",
      "805003020B0100000100112233445566",
      "00000A22000200000000010287654321 9000",
      "");

  ReplayCard card() throws Exception {
    return new ReplayCard(ReplayTrace.parse(new StringReader(TRACE), "t.trace"));
  }

  @Test
  void answersSelectAndReadsMatchingTheWholeCommandLeAside() throws Exception {
    ReplayCard card = card();
    byte[] fci = card.transmit(Hex.of("00A4040008A00000063201010500"));
    assertEquals(53, fci.length);
    assertEquals("9000", Hex.encode(fci).substring(102));
    assertEquals("00000B229000", Hex.encode(card.transmit(Hex.of("805C000204"))));
    // READ BINARY with Le 1E instead of 00: still the recorded answer
    assertEquals(32, card.transmit(Hex.of("00B095001E")).length);
  }

  @Test
  void commandsWithTerminalValuesMatchOnTheHeaderAndTakeResponsesInOrder() throws Exception {
    ReplayCard card = card();
    assertEquals("00000B22000100000000010212345678", Hex.encode(card.transmit(Hex.of("805003020B010000020099887766554400"))).substring(0, 32));
    assertEquals("00000A22000200000000010287654321", Hex.encode(card.transmit(Hex.of("805003020B010000020099887766554400"))).substring(0, 32));
    // used up: the last answer again
    assertEquals("00000A22000200000000010287654321", Hex.encode(card.transmit(Hex.of("805003020B0100000200998877665544"))).substring(0, 32));
  }

  @Test
  void unknownSelectIsFileNotFoundAndOtherUnknownsAreUnsupported() throws Exception {
    ReplayCard card = card();
    assertEquals("6A82", Hex.encode(card.transmit(Hex.of("00A404000E325041592E5359532E444446303100"))));
    assertEquals("6D00", Hex.encode(card.transmit(Hex.of("80CA9F7900"))));
    assertEquals("6D00", Hex.encode(card.transmit(Hex.of("00"))));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "00A4|t.trace line 1: not a command APDU",
    "00A4040008A00000063201010500\\n6F|t.trace line 2: a response needs at least its 2-byte status word",
    "00A4040008A00000063201010500|t.trace line 1: command without a response line",
    "# nothing\\n\\n|t.trace line 2: no command/response pairs",
    "00A4040008A00000063201010500\\n90 0G|t.trace line 2: not hex: 'G' is not a hex digit",
    "hello world|t.trace line 1: not hex",
  })
  void aFileThatIsNotATraceNamesTheLine(String text, String message) {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> ReplayTrace.parse(new StringReader(text.replace("\\n", "\n")), "t.trace"));
    assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
  }
}
