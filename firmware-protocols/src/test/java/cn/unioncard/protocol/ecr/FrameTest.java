package cn.unioncard.protocol.ecr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameTest {
  // The examples of docs/ecr-protocol.md §8, byte for byte: the document and these tests must agree.
  static final String SMALL = "02 21 0003 414243 03 CA92"; // §8.1: SEQ 21, payload "ABC"
  static final String EMPTY = "02 20 0000 03 83ED"; // §8.2: SEQ 20, no payload
  static final String ACK_21 = "06 21 DE"; // §8.3
  static final String NAK_21 = "15 21 DE"; // §8.3
  static final String CONTROLS = "02 22 0004 02030615 03 624B"; // §8.4: payload STX ETX ACK NAK, unstuffed

  @Test
  void encodesTheDocumentsExamples() {
    assertEquals(hex(SMALL), Hex.encode(new Frame(0x21, "ABC".getBytes(StandardCharsets.US_ASCII)).encode()));
    assertEquals(hex(EMPTY), Hex.encode(new Frame(0x20, new byte[0]).encode()));
    assertEquals(hex(ACK_21), Hex.encode(Frame.ack(0x21)));
    assertEquals(hex(NAK_21), Hex.encode(Frame.nak(0x21)));
    assertEquals(hex(CONTROLS), Hex.encode(new Frame(0x22, Hex.of("02030615")).encode()));
  }

  @Test
  void decodesTheDocumentsExamples() throws DecodeException {
    assertEquals(new Frame(0x21, Hex.of("414243")), Frame.decode(Hex.of(SMALL)));
    assertEquals(new Frame(0x20, new byte[0]), Frame.decode(Hex.of(EMPTY)));
    Frame controls = Frame.decode(Hex.of(CONTROLS));
    assertEquals(0x22, controls.seq());
    assertEquals("02030615", Hex.encode(controls.payload()));
  }

  @Test
  void theCheckCoversSeqToEtxWithCrc16Ibm3740() {
    // §3.2: CRC-16/IBM-3740 over SEQ LEN PAYLOAD ETX, high byte first.
    byte[] f = Hex.of(SMALL);
    assertEquals(0xCA92, cn.unioncard.protocol.check.Crc16.IBM_3740.compute(f, 1, f.length - 3));
  }

  @Test
  void aMaximumFrameRoundTrips() throws DecodeException {
    byte[] payload = new byte[Frame.MAX_PAYLOAD];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    byte[] wire = new Frame(Frame.LAST_SEQ, payload).encode();
    assertEquals(4007, wire.length);
    assertEquals("02DF0FA0", Hex.encode(wire, 0, 4));
    assertEquals(new Frame(Frame.LAST_SEQ, payload), Frame.decode(wire));
  }

  @Test
  void sequenceNumbersRunFrom20ToDfAndWrap() {
    assertEquals(0x21, Frame.nextSeq(0x20));
    assertEquals(0x20, Frame.nextSeq(0xDF));
    assertTrue(Frame.isSeq(0x20));
    assertTrue(Frame.isSeq(0xDF));
    assertFalse(Frame.isSeq(0x1F));
    assertFalse(Frame.isSeq(0xE0));
    assertFalse(Frame.isSeq(Frame.STX));
    // Neither a sequence number nor its complement is ever a control character (§4).
    for (int s = Frame.FIRST_SEQ; s <= Frame.LAST_SEQ; s++) {
      assertTrue(Frame.isSeq(~s & 0xFF), Integer.toHexString(s));
    }
    assertEquals("06DF20", Hex.encode(Frame.ack(0xDF)));
    assertThrows(IllegalArgumentException.class, () -> Frame.nextSeq(0x02));
    assertThrows(IllegalArgumentException.class, () -> Frame.ack(0xE0));
    assertThrows(IllegalArgumentException.class, () -> Frame.nak(0x1F));
  }

  @Test
  void rejectsValuesItCannotEncode() {
    assertThrows(IllegalArgumentException.class, () -> new Frame(0x1F, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new Frame(0xE0, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new Frame(0x20, new byte[Frame.MAX_PAYLOAD + 1]));
  }

  @Test
  void keepsItsOwnCopyOfThePayload() {
    byte[] p = Hex.of("414243");
    Frame f = new Frame(0x21, p);
    p[0] = 0;
    f.payload()[1] = 0;
    assertEquals("414243", Hex.encode(f.payload()));
    assertEquals("Frame[seq=21, length=3]", f.toString());
  }

  @ParameterizedTest(name = "{0}: {1} at {2}")
  @CsvSource({
    "'', needs 1 byte, 0",
    "03 21 0003 414243 03 CA92, does not start with STX, 0",
    "02 02 0003 414243 03 CA92, out of range, 1",
    "02 E0 0003 414243 03 CA92, out of range, 1",
    "02 21 00, needs 2 byte, 2",
    "02 21 0FA1, over the maximum 4000, 2",
    "02 21 0003 4142, payload, 4",
    "02 21 0003 414243 04 CA92, ETX missing, 7",
    "02 21 0003 414243 03 CA, needs 2 byte, 8",
    "02 21 0003 414243 03 CA93, 'check value CA93, computed CA92', 8",
    "02 21 0003 414247 03 CA92, check value, 8",
    "02 21 0003 414243 03 CA92 00, trailing, 10"
  })
  void rejectsBadFramesWithTheOffset(String bytes, String reason, int offset) {
    DecodeException e = assertThrows(DecodeException.class, () -> Frame.decode(Hex.of(bytes)));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
  }

  @Test
  void equalityIsSequenceAndPayload() {
    assertEquals(new Frame(0x21, Hex.of("41")), new Frame(0x21, Hex.of("41")));
    assertEquals(new Frame(0x21, Hex.of("41")).hashCode(), new Frame(0x21, Hex.of("41")).hashCode());
    assertFalse(new Frame(0x21, Hex.of("41")).equals(new Frame(0x22, Hex.of("41"))));
    assertFalse(new Frame(0x21, Hex.of("41")).equals(new Frame(0x21, Hex.of("42"))));
    assertArrayEquals(new byte[0], new Frame(0x21, new byte[0]).payload());
  }

  static String hex(String spaced) {
    return spaced.replace(" ", "");
  }
}
