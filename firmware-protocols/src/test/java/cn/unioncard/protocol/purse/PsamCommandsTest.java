package cn.unioncard.protocol.purse;

import static cn.unioncard.protocol.purse.PurseCommandsTest.cmd;
import static cn.unioncard.protocol.purse.PurseCommandsTest.rsp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The PSAM side: files 0016/0017 and the MAC commands, byte for byte against shared/vectors/transit-files.md
 * §3.3-3.4 (ProjectAfcApp CPUCARJTB.c / PSAMLib.c); field values are made up unless a source is named.
 */
class PsamCommandsTest {
  static final PublicInfo V7_CARD;

  static {
    try {
      V7_CARD = PublicInfo.decode(Hex.of(PublicInfoTest.V7_0015));
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void terminalInfoFile0016() throws DecodeException {
    assertEquals("00B0960006", Hex.encode(PsamTerminalInfo.readCommand().encode()));
    PsamTerminalInfo t = PsamTerminalInfo.decode(Hex.of("000012345678"));
    assertEquals("000012345678", t.terminalNumber());
    assertEquals("000012345678", Hex.encode(t.encode()));
    assertEquals(5, assertThrows(DecodeException.class, () -> PsamTerminalInfo.decode(Hex.of("0000123456AB"))).offset());
    assertEquals(new ReadBinary(0x16, 0, 6), ReadBinary.parse(PsamTerminalInfo.readCommand()));
  }

  @Test
  void applicationInfoFile0017() throws DecodeException {
    assertEquals("00B0970019", Hex.encode(PsamApplicationInfo.readCommand().encode()));
    // ProjectAfcApp CPUCARJTB.c, CPUPsamInitJTB: the debug comment beside the 25-byte read of 0017.
    String file = "01000000000000000100000000000000012011122220161220";
    PsamApplicationInfo a = PsamApplicationInfo.decode(Hex.of(file));
    assertEquals(1, a.keyIndex());
    assertEquals("0000000000000001", a.issuerId());
    assertEquals("0000000000000001", a.receiverId());
    assertEquals(LocalDate.of(2011, 12, 22), a.startDate());
    assertEquals(LocalDate.of(2016, 12, 20), a.endDate());
    assertEquals(file, Hex.encode(a.encode()));
    assertEquals(17, assertThrows(DecodeException.class,
        () -> PsamApplicationInfo.decode(Hex.of(file.substring(0, 34) + "20111322" + file.substring(42)))).offset());
  }

  @Test
  void mac1WithCardAndIssuerDiversifiers() throws DecodeException {
    InitializeForPurchase init =
        new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE, 1, 200, "000012345678");
    InitializeForPurchaseResponse answer = new InitializeForPurchaseResponse(2755, 5, 0, 0x01, 0x00, "12345678");
    InitSamForPurchase mac1 = InitSamForPurchase.of(init, answer, PurseCommandsTest.WHEN, V7_CARD, true);
    String body = "12345678" + "0005" + "000000C8" + "09" + "20240315081530" + "01" + "00";
    String hex = "8070000024" + body + "5170010170907984" + "01011000FFFFFFFF";
    assertEquals(hex + "08", Hex.encode(mac1.toApdu().encode()));
    assertEquals(mac1, InitSamForPurchase.parse(cmd(hex + "00")), "ProjectAfcApp sends Le 00");
    assertEquals(Arrays.asList("5170010170907984", "01011000FFFFFFFF"), mac1.diversifiers());
    String shown = mac1.toString();
    assertTrue(shown.contains("5170********7984") && !shown.contains("5170010170907984"), shown);

    InitSamForPurchase short1c = InitSamForPurchase.of(init, answer, PurseCommandsTest.WHEN, V7_CARD, false);
    assertEquals("807000001C" + body + "5170010170907984" + "08", Hex.encode(short1c.toApdu().encode()));
    assertEquals(short1c, InitSamForPurchase.parse(short1c.toApdu()));
  }

  @Test
  void mac1Refusals() {
    String body = "12345678" + "0005" + "000000C8" + "09" + "20240315081530" + "01" + "00";
    assertEquals(4, assertThrows(DecodeException.class,
        () -> InitSamForPurchase.parse(cmd("8070000018" + body + "51700101"))).offset());
    assertEquals(4, assertThrows(DecodeException.class,
        () -> InitSamForPurchase.parse(cmd("8070000014" + body))).offset());
    assertEquals(16, assertThrows(DecodeException.class, () -> InitSamForPurchase.parse(
        cmd("807000001C" + "12345678" + "0005" + "000000C8" + "09"
            + "00000000000000" + "0100" + "5170010170907984"))).offset(), "unset time");
    assertEquals(2, assertThrows(DecodeException.class, () -> InitSamForPurchase.parse(
        cmd("807001001C" + body + "5170010170907984"))).offset());
  }

  @Test
  void mac1Response() throws DecodeException {
    InitSamForPurchaseResponse r =
        InitSamForPurchaseResponse.parse(rsp("0000002A" + "11223344" + "9000"));
    assertEquals(42, r.terminalSerial());
    assertEquals("11223344", r.mac1());
    assertEquals("0000002A112233449000", Hex.encode(r.toApdu().encode()));
    assertEquals(new DebitForPurchase(42, PurseCommandsTest.WHEN, "11223344"), DebitForPurchase.of(r, PurseCommandsTest.WHEN));
  }

  @Test
  void mac2Verification() throws DecodeException {
    CreditSamForPurchase c = new CreditSamForPurchase("11223344");
    assertEquals("807200000411223344", Hex.encode(c.toApdu().encode()));
    assertEquals(c, CreditSamForPurchase.parse(cmd("80720000041122334400")), "Le 00");
    assertEquals(9, assertThrows(DecodeException.class,
        () -> CreditSamForPurchase.parse(cmd("80720000041122334408"))).offset());
  }

  @Test
  void applicationBlockMacCommands() throws DecodeException {
    // ProjectAfcApp operat_Black: 80 1A 45 02 10 <card no. last 8><issuer id 8>, then
    // 80 FA 05 00 10 <challenge 4> 00000000 841E000004800000, then 84 1E 00 00 04 <MAC>.
    InitSamForDesCrypt init = InitSamForDesCrypt.forApplicationBlock(V7_CARD);
    String initHex = "801A450210" + "5170010170907984" + "01011000FFFFFFFF";
    assertEquals(initHex, Hex.encode(init.toApdu().encode()));
    assertEquals(init, InitSamForDesCrypt.parse(cmd(initHex + "00")));

    DesCrypt mac = DesCrypt.applicationBlockMac("A1B2C3D4");
    String macHex = "80FA050010" + "A1B2C3D4" + "00000000" + "841E000004800000";
    assertEquals(macHex + "00", Hex.encode(mac.toApdu().encode()));
    assertEquals(mac, DesCrypt.parse(cmd(macHex)));
    assertEquals(DesCrypt.MAC_ONLY_BLOCK, mac.mode());

    DesCryptResponse r = DesCryptResponse.parse(rsp("11223344" + "9000"));
    assertEquals("11223344", r.mac());
    assertEquals("11223344", DesCryptResponse.parse(rsp("1122334455667788" + "9000")).mac());
    assertEquals("841E00000411223344", Hex.encode(new ApplicationBlock(r.mac()).toApdu().encode()));
    assertThrows(DecodeException.class, () -> DesCryptResponse.parse(rsp("112233449A9000")));
    assertEquals(4, assertThrows(DecodeException.class,
        () -> InitSamForDesCrypt.parse(cmd("801A4502095170010170907984AA"))).offset());
  }
}
