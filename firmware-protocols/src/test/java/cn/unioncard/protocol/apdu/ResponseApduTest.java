package cn.unioncard.protocol.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.StatusWord.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseApduTest {

  @Test
  void splitsDataAndStatus() throws DecodeException {
    // GET BALANCE answer: 27.55 CNY (shared/vectors/transit-files.md §3.1)
    ResponseApdu r = ResponseApdu.parse(Hex.of("00000AC39000"));
    assertArrayEquals(Hex.of("00000AC3"), r.data());
    assertTrue(r.isOk());
    assertEquals("00000AC39000", r.toString());
  }

  @Test
  void needsTheStatusBytes() {
    assertThrows(DecodeException.class, () -> ResponseApdu.parse(Hex.of("90")));
    assertThrows(DecodeException.class, () -> ResponseApdu.parse(new byte[0]));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "9000, SUCCESS, success",
    "6110, MORE_DATA, 16 more byte(s)",
    "6100, MORE_DATA, 256 more byte(s)",
    "6C1E, WRONG_LE, exact length is 30",
    "6283, WARNING, application blocked",
    "63C2, WARNING, 2 tries left",
    "6581, EXECUTION_ERROR, memory failure",
    "6A82, CHECKING_ERROR, not found",
    "6D00, CHECKING_ERROR, instruction code not supported",
    "6E00, CHECKING_ERROR, class not supported",
    "6700, CHECKING_ERROR, wrong length",
    "6A86, CHECKING_ERROR, incorrect parameters P1-P2",
    "6A81, CHECKING_ERROR, blocked",
    "9401, APPLICATION_ERROR, insufficient balance",
    "9302, APPLICATION_ERROR, MAC invalid",
    "9303, APPLICATION_ERROR, permanently locked",
    "6012, INVALID, invalid",
    "1234, INVALID, invalid",
  })
  void catalogueTellsKindsApart(String hex, Kind kind, String meaning) {
    StatusWord sw = StatusWord.of(Integer.parseInt(hex, 16));
    assertEquals(kind, sw.kind());
    assertTrue(sw.meaning().contains(meaning), sw.toString());
  }

  @Test
  void processedMeansDataMayBeUsed() {
    assertTrue(StatusWord.of(0x9000).isProcessed());
    assertTrue(StatusWord.of(0x6282).isProcessed());
    assertFalse(StatusWord.of(0x6A82).isProcessed());
    assertFalse(StatusWord.of(0x9401).isProcessed());
  }
}
