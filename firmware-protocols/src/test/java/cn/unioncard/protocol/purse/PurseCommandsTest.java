package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The card commands and responses, byte for byte against shared/vectors/transit-files.md §3.1-3.4 (command
 * headers from ProjectAfcApp CPUCARJTB.c); field values are made up.
 */
class PurseCommandsTest {
  static final LocalDateTime WHEN = LocalDateTime.of(2024, 3, 15, 8, 15, 30);
  static final String INIT_CAPP = "805003020B" + "01" + "000000C8" + "000012345678";

  static CommandApdu cmd(String hex) throws DecodeException {
    return CommandApdu.parse(Hex.of(hex));
  }

  static ResponseApdu rsp(String hex) throws DecodeException {
    return ResponseApdu.parse(Hex.of(hex));
  }

  @Test
  void transitAids() {
    assertEquals("A000000632010105", TransitAid.MOT_T_EP.hex());
    assertEquals("A000000632010106", TransitAid.MOT_T_CASH.hex());
    assertEquals("A0000006324D4F542E435053414D3031", TransitAid.MOT_CPSAM.hex());
    assertEquals("MOT.CPSAM01", new String(TransitAid.MOT_CPSAM.bytes(), 5, 11,
        java.nio.charset.StandardCharsets.US_ASCII));
    // card-captures.md V7: C: 00A4040008A000000632010105 (sent with Le 00 here)
    assertEquals("00A4040008A00000063201010500", Hex.encode(TransitAid.MOT_T_EP.select().encode()));
  }

  // ---------------------------------------------------------------- GET BALANCE

  @Test
  void getBalance() throws DecodeException {
    assertEquals("805C000204", Hex.encode(new GetBalance().toApdu().encode()));
    assertEquals(new GetBalance(), GetBalance.parse(cmd("805C000204")));
    assertEquals(new GetBalance(), GetBalance.parse(cmd("805C000200")));
    assertEquals(2, assertThrows(DecodeException.class, () -> GetBalance.parse(cmd("805C010204"))).offset());
    assertEquals(4, assertThrows(DecodeException.class, () -> GetBalance.parse(cmd("805C000208"))).offset());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "00000AC3, 2755, false", // T-Union_Master docs/card_data_format.md: 27.55 CNY
    "00000B22, 2850, false", // card-captures.md V7
    "80000AC3, 2755, true", // the top bit is ignored
    "7FFFFFFF, -1, false", // bit 31 is the sign of the 31-bit balance (metrodroid)
    "40000000, -1073741824, false",
    "3FFFFFFF, 1073741823, false",
  })
  void getBalanceResponse(String data, long balance, boolean topBit) throws DecodeException {
    GetBalanceResponse r = GetBalanceResponse.parse(rsp(data + "9000"));
    assertEquals(balance, r.balance());
    assertEquals(topBit, r.topBitSet());
    assertEquals(data + "9000", Hex.encode(r.toApdu().encode()), "raw bytes kept");
    if (!topBit) {
      assertEquals(r, GetBalanceResponse.of(balance));
    }
  }

  @Test
  void getBalanceResponseRefusals() {
    assertThrows(IllegalArgumentException.class, () -> GetBalanceResponse.of(GetBalanceResponse.MAX_BALANCE + 1));
    assertThrows(IllegalArgumentException.class, () -> GetBalanceResponse.of(GetBalanceResponse.MIN_BALANCE - 1));
    assertThrows(DecodeException.class, () -> GetBalanceResponse.parse(rsp("00000A9000")));
    DecodeException e = assertThrows(DecodeException.class, () -> GetBalanceResponse.parse(rsp("6A81")));
    assertTrue(e.getMessage().contains("6A81"), e.getMessage());
  }

  // ---------------------------------------------------------------- INITIALIZE FOR PURCHASE

  @Test
  void initializeForPurchase() throws DecodeException {
    InitializeForPurchase capp =
        new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE, 1, 200, "000012345678");
    assertEquals(INIT_CAPP + "0F", Hex.encode(capp.toApdu().encode()));
    InitializeForPurchase simple =
        new InitializeForPurchase(InitializeForPurchase.Kind.PURCHASE, 1, 200, "000012345678");
    assertEquals("805001020B01000000C80000123456780F", Hex.encode(simple.toApdu().encode()));
    assertEquals(capp, InitializeForPurchase.parse(cmd(INIT_CAPP)), "ProjectAfcApp sends no Le");
    assertEquals(capp, InitializeForPurchase.parse(cmd(INIT_CAPP + "00")));
    assertEquals(simple, InitializeForPurchase.parse(simple.toApdu()));
  }

  @ParameterizedTest(name = "{0}: offset {1}")
  @CsvSource({
    "005003020B01000000C8000012345678, 0", // CLA
    "805203020B01000000C8000012345678, 1", // INS
    "805002020B01000000C8000012345678, 2", // P1 neither 01 nor 03
    "805003010B01000000C8000012345678, 3", // P2 not EP
    "805003020A01000000C80000123456, 4", // Lc
    "805003020B01000000C800001234567A, 15", // terminal number not BCD
    "805003020B01000000C800001234567808, 16", // Le 08 is not the 15-byte answer
  })
  void initializeForPurchaseRefusals(String hex, int offset) {
    DecodeException e = assertThrows(DecodeException.class, () -> InitializeForPurchase.parse(cmd(hex)));
    assertEquals(offset, e.offset(), e.getMessage());
  }

  @Test
  void initializeForPurchaseResponse() throws DecodeException {
    String data = "00000AC3" + "0005" + "000000" + "01" + "00" + "12345678";
    InitializeForPurchaseResponse r = InitializeForPurchaseResponse.parse(rsp(data + "9000"));
    assertEquals(new InitializeForPurchaseResponse(2755, 5, 0, 1, 0, "12345678"), r);
    assertEquals(data + "9000", Hex.encode(r.toApdu().encode()));
    ResponseApdu poor = rsp("9401");
    assertEquals(PurseStatus.INSUFFICIENT_BALANCE, PurseStatus.of(poor));
    assertThrows(DecodeException.class, () -> InitializeForPurchaseResponse.parse(poor));
    assertThrows(DecodeException.class, () -> InitializeForPurchaseResponse.parse(rsp(data + "00" + "9000")));
  }

  // ---------------------------------------------------------------- UPDATE CAPP DATA CACHE

  @Test
  void updateCappDataCacheFor001A() throws DecodeException {
    CappRecord record = CappRecord.decode(Hex.of(CappRecordTest.RECORD));
    UpdateCappDataCache u = UpdateCappDataCache.of(record);
    String hex = "80DC27D080" + CappRecordTest.RECORD;
    assertEquals(hex, Hex.encode(u.toApdu().encode()));
    UpdateCappDataCache back = UpdateCappDataCache.parse(cmd(hex));
    assertEquals(u, back);
    assertEquals(0x27, back.p1());
    assertEquals(CappRecord.SFI, back.sfi());
    assertEquals(record, back.cappRecord());
    assertThrows(DecodeException.class, back::tripRecord);
  }

  @Test
  void updateCappDataCacheFor001E() throws DecodeException {
    TripRecord trip = TripRecord.decode(Hex.of(TripRecordTest.RECORD));
    String hex = "80DC00F030" + TripRecordTest.RECORD;
    assertEquals(hex, Hex.encode(UpdateCappDataCache.of(trip).toApdu().encode()));
    assertEquals(trip, UpdateCappDataCache.parse(cmd(hex)).tripRecord());
    assertEquals(trip, UpdateCappDataCache.parse(cmd(hex + "00")).tripRecord(), "Le 00 tolerated");
  }

  @Test
  void updateCappDataCacheForOtherFiles() throws DecodeException {
    // ETC cards: 80 DC AA C8 2B ... (file 0019, transit-files.md §3.2)
    String hex = "80DCAAC82B" + HolderInfoTest.zeros(0x2B);
    UpdateCappDataCache u = UpdateCappDataCache.parse(cmd(hex));
    assertEquals(0xAA, u.p1());
    assertEquals(0x19, u.sfi());
    assertEquals(hex, Hex.encode(u.toApdu().encode()));
  }

  @ParameterizedTest(name = "{0}: offset {1}")
  @CsvSource({
    "80DC27D4020000, 3", // P2 low bits: not SFI<<3
    "80DC27D0020000, 4", // 001A needs 128 bytes
    "80DC01F0020000, 4", // 001E needs 48 bytes
    "80DC2707020000, 3", // SFI 0
  })
  void updateCappDataCacheRefusals(String hex, int offset) {
    DecodeException e = assertThrows(DecodeException.class, () -> UpdateCappDataCache.parse(cmd(hex)));
    assertEquals(offset, e.offset(), e.getMessage());
  }

  @Test
  void updateCappDataCacheChecksP1Of001EAndShiftsRecordOffsets() throws DecodeException {
    assertEquals(2, assertThrows(DecodeException.class,
        () -> UpdateCappDataCache.parse(cmd("80DC01F030" + TripRecordTest.RECORD))).offset());
    byte[] rec = Hex.of(CappRecordTest.RECORD);
    rec[6] = 0x0A; // transaction serial not BCD, record offset 6
    UpdateCappDataCache u = UpdateCappDataCache.parse(cmd("80DC27D080" + Hex.encode(rec)));
    assertEquals(11, assertThrows(DecodeException.class, u::cappRecord).offset());
  }

  // ---------------------------------------------------------------- DEBIT FOR PURCHASE

  @Test
  void debitForPurchase() throws DecodeException {
    DebitForPurchase d = new DebitForPurchase(1, WHEN, "11223344");
    String hex = "805401000F" + "00000001" + "20240315081530" + "11223344";
    assertEquals(hex + "08", Hex.encode(d.toApdu().encode()));
    assertEquals(d, DebitForPurchase.parse(cmd(hex)));
    assertEquals(d, DebitForPurchase.of(new InitSamForPurchaseResponse(1, "11223344"), WHEN));
    assertEquals(9, assertThrows(DecodeException.class, () -> DebitForPurchase.parse(
        cmd("805401000F" + "00000001" + "00000000000000" + "11223344"))).offset(), "unset time");
    assertEquals(9, assertThrows(DecodeException.class, () -> DebitForPurchase.parse(
        cmd("805401000F" + "00000001" + "20241315081530" + "11223344"))).offset(), "month 13");
  }

  @Test
  void debitForPurchaseResponseIsTacThenMac2() throws DecodeException {
    DebitForPurchaseResponse r = DebitForPurchaseResponse.parse(rsp("AABBCCDD" + "11223344" + "9000"));
    assertEquals("AABBCCDD", r.tac());
    assertEquals("11223344", r.mac2());
    assertEquals("AABBCCDD112233449000", Hex.encode(r.toApdu().encode()));
    assertEquals(PurseStatus.MAC_INVALID, PurseStatus.of(rsp("9302")));
  }

  // ---------------------------------------------------------------- GET TRANSACTION PROVE

  @Test
  void getTransactionProve() throws DecodeException {
    GetTransactionProve p = new GetTransactionProve(PurseTransactionType.COMPOUND_PURCHASE, 6);
    assertEquals("805A000902000608", Hex.encode(p.toApdu().encode()));
    assertEquals(p, GetTransactionProve.parse(cmd("805A0009020006")), "ProjectAfcApp sends no Le");
    assertEquals("805A000602000608", Hex.encode(
        new GetTransactionProve(PurseTransactionType.PURCHASE, 6).toApdu().encode()));
    InitializeForPurchaseResponse init = new InitializeForPurchaseResponse(2755, 5, 0, 1, 0, "12345678");
    assertEquals(p, GetTransactionProve.after(InitializeForPurchase.Kind.CAPP_PURCHASE, init));
    InitializeForPurchaseResponse wrap = new InitializeForPurchaseResponse(2755, 0xFFFF, 0, 1, 0, "12345678");
    assertEquals(0, GetTransactionProve.after(InitializeForPurchase.Kind.PURCHASE, wrap).epSerial());
    assertEquals(3, assertThrows(DecodeException.class,
        () -> GetTransactionProve.parse(cmd("805A000202000608"))).offset());
    assertThrows(IllegalArgumentException.class, () -> new GetTransactionProve(PurseTransactionType.LOAD, 1));
  }

  @Test
  void getTransactionProveResponseIsMac2ThenTac() throws DecodeException {
    GetTransactionProveResponse r = GetTransactionProveResponse.parse(rsp("11223344" + "AABBCCDD" + "9000"));
    assertEquals("11223344", r.mac2());
    assertEquals("AABBCCDD", r.tac());
    assertEquals("11223344AABBCCDD9000", Hex.encode(r.toApdu().encode()));
    assertEquals(PurseStatus.MAC_UNAVAILABLE, PurseStatus.of(rsp("9406")));
  }

  // ---------------------------------------------------------------- APPLICATION BLOCK

  @Test
  void applicationBlock() throws DecodeException {
    ApplicationBlock b = new ApplicationBlock("11223344");
    assertEquals("841E00000411223344", Hex.encode(b.toApdu().encode()));
    assertEquals(b, ApplicationBlock.parse(cmd("841E00000411223344")));
    assertEquals(0, assertThrows(DecodeException.class, () -> ApplicationBlock.parse(cmd("801E00000411223344"))).offset());
    assertEquals(4, assertThrows(DecodeException.class, () -> ApplicationBlock.parse(cmd("841E000003112233"))).offset());
  }

  // ---------------------------------------------------------------- status words, file reads

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"9000, SUCCESS", "9401, INSUFFICIENT_BALANCE", "9302, MAC_INVALID", "6A81, BLOCKED",
      "9303, LOCKED", "9406, MAC_UNAVAILABLE", "6A82, OTHER", "9403, OTHER"})
  void statusWords(String sw, PurseStatus status) throws DecodeException {
    assertEquals(status, PurseStatus.of(rsp(sw)));
    if (status != PurseStatus.OTHER) {
      assertEquals(sw, Hex.encode(status.response().encode()));
    }
  }

  @Test
  void fileReads() throws DecodeException {
    // transit-files.md §3.1-3.2: 00 B0 95 00 1E, 00 B0 97 00 3C, 00 B2 <n> C4 00, 00 B2 <n> F4 00
    assertEquals("00B095001E", Hex.encode(PublicInfo.readCommand().encode()));
    assertEquals("00B0960037", Hex.encode(HolderInfo.readCommand().encode()));
    assertEquals("00B097003C", Hex.encode(ManagementInfo.readCommand().encode()));
    assertEquals("00B201C400", Hex.encode(PurseRecord.readCommand(1).encode()));
    assertEquals("00B203F400", Hex.encode(TripRecord.readCommand(3).encode()));
    assertEquals(new ReadBinary(0x15, 0, 30), ReadBinary.parse(cmd("00B095001E")));
    assertEquals(new ReadBinary(0x15, 0, 256), ReadBinary.parse(cmd("00B0950000")));
    assertEquals(ReadRecord.byIdentifier(0x1A, 0x27), ReadRecord.parse(cmd("00B227D000")));
    assertEquals(ReadRecord.byNumber(0x18, 10), ReadRecord.parse(cmd("00B20AC400")));
    assertEquals(2, assertThrows(DecodeException.class, () -> ReadBinary.parse(cmd("00B015001E"))).offset());
    assertEquals(4, assertThrows(DecodeException.class, () -> ReadBinary.parse(cmd("00B0950001AA"))).offset());
    assertEquals(3, assertThrows(DecodeException.class, () -> ReadRecord.parse(cmd("00B201C500"))).offset());
  }

  @Test
  void compoundPurchaseStepsInOrder() {
    CompoundPurchaseStep[] s = CompoundPurchaseStep.values();
    assertEquals(CompoundPurchaseStep.INITIALIZE_FOR_CAPP_PURCHASE, s[1]);
    assertEquals(CompoundPurchaseStep.PSAM_MAC1, s[2]);
    assertEquals(CompoundPurchaseStep.UPDATE_CAPP_DATA_CACHE, s[3]);
    assertEquals(CompoundPurchaseStep.DEBIT_FOR_CAPP_PURCHASE, s[4]);
    assertEquals(CompoundPurchaseStep.PSAM_VERIFY_MAC2, s[5]);
    assertEquals(CompoundPurchaseStep.Device.PSAM, CompoundPurchaseStep.PSAM_MAC1.device());
    assertEquals(0x54, CompoundPurchaseStep.DEBIT_FOR_CAPP_PURCHASE.ins());
    assertTrue(CompoundPurchaseStep.GET_BALANCE.optional());
    assertFalse(CompoundPurchaseStep.UPDATE_CAPP_DATA_CACHE.optional());
  }
}
