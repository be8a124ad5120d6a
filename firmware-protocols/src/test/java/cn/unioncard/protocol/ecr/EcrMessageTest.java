package cn.unioncard.protocol.ecr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EcrMessageTest {

  /** docs/ecr-protocol.md §9.6: the SALE of the example, byte for byte. */
  static final Sale EXAMPLE_SALE = new Sale("POS1-000123", 9700,
      Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700)), false);

  static final String EXAMPLE_SALE_HEX =
      "01 01"
          + " 01 000B 504F53312D303030313233"
          + " 02 0008 00000000000025E4"
          + " 03 0043"
          + "   01 000D 36393031323334353637383932"
          + "   02 000B E99DA2E7B2892032356B67"
          + "   03 0005 475241494E"
          + "   04 0004 000003E8"
          + "   05 0008 00000000000025E4"
          + "   06 0008 00000000000025E4";

  static final String EXAMPLE_SALE_FRAME = "02 21 0061 " + EXAMPLE_SALE_HEX + " 03 BB9E";

  /** docs/ecr-protocol.md §9.6: its RESULT. */
  static final Result EXAMPLE_RESULT = Result.of(MessageType.SALE, "POS1-000123", Outcome.APPROVED, "00", "批准")
      .withCharges("T0001-000045", 9100, Arrays.asList(new Charge(Account.BENEFIT, 5000), new Charge(Account.DEBIT, 4100)))
      .withDiscounts(Collections.singletonList(new DiscountLine("FLOUR-M", "会员价", 600, FundingSource.MERCHANT)))
      .withReceipt(Arrays.asList("面粉 25kg 97.00", "合计 91.00"));

  static final String EXAMPLE_RESULT_HEX =
      "82 01"
          + " 09 0001 01"
          + " 01 000B 504F53312D303030313233"
          + " 0A 0001 00"
          + " 0B 0002 3030"
          + " 0C 0006 E689B9E58786"
          + " 06 000C 54303030312D303030303435"
          + " 02 0008 000000000000238C"
          + " 0D 000F   01 0001 01   02 0008 0000000000001388"
          + " 0D 000F   01 0001 02   02 0008 0000000000001004"
          + " 0E 0025   01 0007 464C4F55522D4D   02 0009 E4BC9AE59198E4BBB7   03 0008 0000000000000258   04 0001 01"
          + " 0F 0011 E99DA2E7B2892032356B672039372E3030"
          + " 0F 000C E59088E8AEA12039312E3030";

  static final String EXAMPLE_RESULT_FRAME = "02 74 00AF " + EXAMPLE_RESULT_HEX + " 03 232D";

  @Test
  void theWorkedExamplesAreTheDocumentedBytes() throws DecodeException {
    assertArrayEquals(Hex.of(EXAMPLE_SALE_HEX), EXAMPLE_SALE.encode());
    assertArrayEquals(Hex.of(EXAMPLE_SALE_FRAME), new Frame(0x21, EXAMPLE_SALE.encode()).encode());
    assertEquals(EXAMPLE_SALE, EcrMessage.parse(Frame.decode(Hex.of(EXAMPLE_SALE_FRAME)).payload()));

    assertArrayEquals(Hex.of(EXAMPLE_RESULT_HEX), EXAMPLE_RESULT.encode());
    assertArrayEquals(Hex.of(EXAMPLE_RESULT_FRAME), new Frame(0x74, EXAMPLE_RESULT.encode()).encode());
    assertEquals(EXAMPLE_RESULT, EcrMessage.parse(Frame.decode(Hex.of(EXAMPLE_RESULT_FRAME)).payload()));
    assertEquals(5000 + 4100, EXAMPLE_RESULT.amount());

    Progress progress = new Progress("POS1-000123", Stage.WAITING_FOR_CARD, null);
    String progressFrame = "02 73 0014 8101 01000B504F53312D303030313233 07000102 03 05A2";
    assertArrayEquals(Hex.of(progressFrame), new Frame(0x73, progress.encode()).encode());
    assertEquals(progress, EcrMessage.parse(Frame.decode(Hex.of(progressFrame)).payload()));
    assertEquals(new StatusQuery("POS1-000123"), EcrMessage.parse(Hex.of("0601 01000B504F53312D303030313233")));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void everyMessageRoundTrips(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    for (int i = 0; i < 20; i++) {
      EcrMessage m = EcrGen.message(rnd);
      byte[] bytes = m.encode();
      EcrMessage back = EcrMessage.parse(bytes);
      assertEquals(m, back);
      assertArrayEquals(bytes, back.encode());
      assertEquals(m.type().code(), bytes[0] & 0xFF);
    }
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedPayloadsFailOnlyWithDecodeException(long seed) {
    Random rnd = new Random(seed);
    for (int i = 0; i < 20; i++) {
      byte[] damaged = Seeds.mutate(rnd, EcrGen.message(rnd).encode());
      try {
        EcrMessage m = EcrMessage.parse(damaged);
        assertEquals(m, EcrMessage.parse(m.encode()));
      } catch (DecodeException expected) {
        assertTrue(expected.getMessage().length() > 0);
      }
    }
  }

  @Test
  void unknownFieldsAreSkipped() throws DecodeException {
    byte[] sale = new BalanceQuery("R1").encode();
    byte[] extended = Arrays.copyOf(sale, sale.length + 5);
    System.arraycopy(Hex.of("7F0002ABCD"), 0, extended, sale.length, 5);
    assertEquals(new BalanceQuery("R1"), EcrMessage.parse(extended));
  }

  @Test
  void errorsSayWhatAndWhere() {
    DecodeException e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0901")));
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("message type"), e.getMessage());

    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0102")));
    assertEquals(1, e.offset());
    assertTrue(e.getMessage().contains("version"), e.getMessage());

    // SALE without an amount.
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0101 01000152")));
    assertTrue(e.getMessage().contains("amount (field 02) missing"), e.getMessage());

    // Amount of 4 bytes.
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0101 01000152 02000400000001")));
    assertEquals(6, e.offset());
    assertTrue(e.getMessage().contains("amount must be 8 bytes"), e.getMessage());

    // Reference twice.
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0401 01000152 01000153")));
    assertEquals(6, e.offset());
    assertTrue(e.getMessage().contains("occurs twice"), e.getMessage());

    // A field running past the end.
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0401 010005525253")));
    assertTrue(e.getMessage().contains("field 01 value"), e.getMessage());

    // A control character in a reference.
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0401 0100025207")));
    assertEquals(6, e.offset());

    // Bad UTF-8 in an item name, inside the ITEM group: the offset is that of the name's value.
    byte[] sale = new Sale("R", 1, Collections.singletonList(new Item("C", "ab", "K", 1, 1, 1)), false).encode();
    int nameAt = Hex.encode(sale).indexOf("0200026162") / 2;
    sale[nameAt + 3] = (byte) 0xC3;
    sale[nameAt + 4] = (byte) 0x28;
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(sale));
    assertEquals(nameAt + 3, e.offset());
    assertTrue(e.getMessage().contains("item name is not valid UTF-8"), e.getMessage());

    // Refund naming no sale.
    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("0201 01000152 0200080000000000000001")));
    assertTrue(e.getMessage().contains("neither original reference"), e.getMessage());
  }

  /** Amounts and quantities are checked where they enter (docs/ecr-protocol.md §9.3): issue 19's refusals. */
  @Test
  void aSaleOfNothingAndItemsThatDoNotAddUpAreRefused() throws DecodeException {
    Item flour = new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700);
    DecodeException e = assertThrows(DecodeException.class,
        () -> EcrMessage.parse(new Sale("R-0", 0, Collections.singletonList(flour), false).encode()));
    assertTrue(e.getMessage().contains("a sale of 0.00 charges nothing"), e.getMessage());
    assertThrows(DecodeException.class, () -> EcrMessage.parse(new Sale("R-0", 0, List.of(), false).encode()));

    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(new Sale("R-1", 9700,
        Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 0, 9700, 0)), false).encode()));
    assertTrue(e.getMessage().contains("quantity is zero"), e.getMessage());

    e = assertThrows(DecodeException.class, () -> EcrMessage.parse(new Sale("R-2", 100,
        Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 100)), false).encode()));
    assertTrue(e.getMessage().contains("line amount 100 fen is not the quantity 1000/1000 times the unit price 9700"
        + " fen (9700 fen)"), e.getMessage());

    // the same check for a refund's items
    assertThrows(DecodeException.class, () -> EcrMessage.parse(new Refund("R-3", "R-1", null, 100,
        Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 2000, 9700, 9700))).encode()));

    // a line too large to compute is refused, not wrapped around
    assertThrows(DecodeException.class, () -> EcrMessage.parse(new Sale("R-4", 1, Collections.singletonList(
        new Item("X", "x", "C", 0xFFFFFFFFL, Long.MAX_VALUE / 2, 1)), false).encode()));

    // 2.5 kg at 3.33 a kg is 8.325, rounded half up to 8.33; 0.001 kg at 4.99 is 0.00499, rounded to 0.00
    Sale weighed = new Sale("R-5", 833, List.of(new Item("APPLE", "苹果", "FRUIT", 2500, 333, 833),
        new Item("SALT", "盐", "GROCERY", 1, 499, 0)), false);
    assertEquals(weighed, EcrMessage.parse(weighed.encode()));
  }

  /** A refused request is answered with its reference when that field reads well (§9.1). */
  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void theReferenceOfARefusedRequestIsReadWhenItCanBe(long seed) {
    Random rnd = new Random(seed);
    String reference = EcrGen.reference(rnd);
    byte[] zero = new Sale(reference, 0, List.of(), false).encode();
    assertEquals(reference, EcrMessage.referenceOf(zero));
    byte[] damaged = zero.clone();
    damaged[rnd.nextInt(damaged.length)] ^= (byte) (1 + rnd.nextInt(255));
    EcrMessage.referenceOf(damaged); // a value or null, never an exception
    assertEquals(null, EcrMessage.referenceOf(new byte[0]));
    assertEquals(null, EcrMessage.referenceOf(new Cancel().encode()));
  }

  /** docs/ecr-protocol.md §10.2, byte for byte. */
  @Test
  void thePinExchangeOfTheDocumentOnTheRegistersLink() throws DecodeException {
    PinRequest request = new PinRequest(PinRequest.panField("6217000012345670"), 41000, PinKeyAlgorithm.SM4, 60);
    assertEquals("410113000C373030303031323334353637020008000000000000A028140001021500013C", Hex.encode(request.encode()));
    assertEquals("02750024410113000C373030303031323334353637020008000000000000A028140001021500013C03F257",
        Hex.encode(new Frame(0x75, request.encode()).encode()));
    PinResponse cancelled = new PinResponse(PinStatus.CANCELLED, null);
    assertEquals("C10116000101", Hex.encode(cancelled.encode()));
    assertEquals("02220006C1011600010103F01C", Hex.encode(new Frame(0x22, cancelled.encode()).encode()));
    assertEquals(cancelled.status(), ((PinResponse) EcrMessage.parse(Hex.of("C10116000101"))).status());
  }

  @Test
  void pinRequestKeepsThePanDigitsOutOfItsTextAndErrors() throws DecodeException {
    // ISO 9564-1 format 0: the 12 rightmost digits without the check digit.
    assertEquals("000123456789", PinRequest.panField("4000001234567899"));
    assertEquals("000001234567", PinRequest.panField("12345678"));
    PinRequest r = new PinRequest(PinRequest.panField("6217001234567890123"), 9100, PinKeyAlgorithm.TDEA, 30);
    assertEquals("123456789012", r.panDigits());
    assertTrue(!r.toString().contains("123456789012") && !r.toString().contains("4567"), r.toString());
    byte[] bytes = r.encode();
    assertEquals(r, EcrMessage.parse(bytes));
    int at = Hex.encode(bytes).indexOf(Hex.encode("123456789012".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) / 2;
    bytes[at + 5] = 'X';
    DecodeException e = assertThrows(DecodeException.class, () -> EcrMessage.parse(bytes));
    assertEquals(at + 5, e.offset());
    assertTrue(!e.getMessage().contains("12345"), e.getMessage());
    assertEquals("PinResponse[ENTERED, block of 8 bytes]", PinResponse.entered(new byte[8]).toString());
    assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("C101 16000100")), "ENTERED without a block");
    assertThrows(DecodeException.class, () -> EcrMessage.parse(Hex.of("C101 16000101 17000811223344556677")), "a block with CANCELLED");
  }

  @Test
  void encodingRefusesBadValues() {
    assertThrows(IllegalArgumentException.class, () -> new Sale("", 1, Collections.<Item>emptyList(), false));
    assertThrows(IllegalArgumentException.class, () -> new Sale("R", -1, Collections.<Item>emptyList(), false));
    assertThrows(IllegalArgumentException.class, () -> new Sale("123456789012345678901234567890123", 1, Collections.<Item>emptyList(), false));
    assertThrows(IllegalArgumentException.class, () -> new Refund("R", null, null, 1, Collections.<Item>emptyList()));
    assertThrows(IllegalArgumentException.class, () -> new DayTotal(MessageType.BALANCE, Account.DEBIT, 1, 1));
  }
}
