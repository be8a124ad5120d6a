package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;

class CardholderNameTest {

  @Test
  void asciiNamesStayAscii() throws DecodeException {
    // V5: 5F20 = 202F (" /"), the Visa test card's name
    CardholderName n = CardholderName.decode(Hex.of("202F"));
    assertEquals(" /", n.text());
    assertFalse(n.isGbk());
    assertEquals("ZHANG/SAN", CardholderName.decode("ZHANG/SAN      ".getBytes()).text());
  }

  @Test
  void chineseNamesAreGbk() throws DecodeException {
    // "张三" in GBK is D5C5 C8FD; padded with ASCII spaces, then with an ideographic space (A1A1)
    CardholderName n = CardholderName.decode(Hex.of("D5C5C8FD2020"));
    assertEquals("张三", n.text());
    assertTrue(n.isGbk());
    assertEquals("李小龙", CardholderName.decode(Hex.of("C0EED0A1C1FAA1A1")).text());
  }

  @Test
  void extendedNameHas27To45Bytes() throws DecodeException {
    byte[] v = "CHEN/DA WEN MR               ".getBytes();
    assertEquals(29, v.length);
    assertEquals("CHEN/DA WEN MR", CardholderName.decodeExtended(v).text());
    DecodeException e =
        assertThrows(DecodeException.class, () -> CardholderName.decodeExtended("SHORT".getBytes()));
    assertEquals("9F0B", e.tag());
  }

  @Test
  void refusesBadBytes() {
    // a lone GBK lead byte, a control byte, a name of one byte, a name of 27 bytes
    String bytes27 = "414141414141414141414141414141414141414141414141414141";
    for (String hex : new String[] {"D5C5C8", "41420041", "41", bytes27}) {
      DecodeException e =
          assertThrows(DecodeException.class, () -> CardholderName.decode(Hex.of(hex)), hex);
      assertEquals("5F20", e.tag(), hex);
    }
    DecodeException e =
        assertThrows(DecodeException.class, () -> CardholderName.decode(Hex.of("D5C5C8")));
    assertEquals(2, e.offset(), "offset of the cut-off GBK character");
  }
}
