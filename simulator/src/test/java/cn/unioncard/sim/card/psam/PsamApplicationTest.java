package cn.unioncard.sim.card.psam;

import static cn.unioncard.sim.card.transit.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.crypto.ElectronicPurseCrypto;
import cn.unioncard.protocol.purse.CreditSamForPurchase;
import cn.unioncard.protocol.purse.DesCrypt;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.PsamApplicationInfo;
import cn.unioncard.protocol.purse.PsamTerminalInfo;
import cn.unioncard.protocol.purse.TransitAid;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.transit.TransitTestKeys;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PsamApplicationTest {
  static final String ISSUER = "01015180FFFFFFFF";
  static final String SERIAL = "03105180000000000001";
  static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 23, 8, 30, 15);

  PsamState state;
  CardApplication psam;
  AtomicInteger saves = new AtomicInteger();

  @BeforeEach
  void setUp() {
    state = PsamState.bundled("default.json");
    psam = PsamApplications.of(state, saves::incrementAndGet).get(0);
    assertEquals(0x9000, psam.select().sw());
  }

  InitSamForPurchase mac1Request(int keyVersion, String... diversifiers) {
    return new InitSamForPurchase("11223344", 5, 200, 0x09, NOW, keyVersion, 0, Arrays.asList(diversifiers));
  }

  @Test
  void filesAndSelectByAid() throws DecodeException {
    assertEquals("A0000006324D4F542E435053414D3031", Hex.encode(psam.aid()));
    assertEquals(0x9000, send(psam, TransitAid.MOT_CPSAM.select()).sw());
    assertEquals(0x6A82, send(psam, TransitAid.MOT_T_EP.select()).sw());
    assertEquals("010203040506",
        PsamTerminalInfo.decode(send(psam, PsamTerminalInfo.readCommand()).data()).terminalNumber());
    PsamApplicationInfo info = PsamApplicationInfo.decode(send(psam, PsamApplicationInfo.readCommand()).data());
    assertEquals(new PsamApplicationInfo(1, ISSUER, "0000000000000001", LocalDate.of(2025, 1, 1),
        LocalDate.of(2035, 12, 31)), info);
    assertEquals("0000000000000000000101000000",
        Hex.encode(send(psam, new CommandApdu(0x00, 0xB0, 0x95, 0, 14)).data()));
  }

  @Test
  void mac1IsTheCardKeysMacAndTheSerialPersists() throws DecodeException {
    InitSamForPurchaseResponse r = InitSamForPurchaseResponse.parse(
        send(psam, mac1Request(1, SERIAL.substring(4), ISSUER).toApdu()));
    assertEquals(1, r.terminalSerial());
    assertEquals(2, state.terminalSerial);
    assertEquals(1, saves.get());
    byte[] dpk = TransitTestKeys.cardKey(TransitTestKeys.PURCHASE_MASTER_KEY, ISSUER, SERIAL);
    byte[] sespk = ElectronicPurseCrypto.purchaseSessionKey(dpk, Hex.of("11223344"), Hex.of("0005"),
        Hex.of("00000001"));
    assertEquals(Hex.encode(ElectronicPurseCrypto.purchaseMac1(sespk, 200, 0x09, Hex.of("010203040506"),
        Hex.of("20261123083015"))), r.mac1());

    // MAC2 verification: wrong -> 9302 (the session stays), right -> 9000 (the session ends).
    assertEquals(0x9302, send(psam, new CreditSamForPurchase("00000000").toApdu()).sw());
    String mac2 = Hex.encode(ElectronicPurseCrypto.purchaseMac2(sespk, 200));
    assertEquals(0x9000, send(psam, new CreditSamForPurchase(mac2).toApdu()).sw());
    assertEquals(0x6985, send(psam, new CreditSamForPurchase(mac2).toApdu()).sw());

    // The next MAC1 uses the next serial, and survives a reload of the PSAM's file.
    assertEquals(2, InitSamForPurchaseResponse.parse(
        send(psam, mac1Request(1, SERIAL.substring(4), ISSUER).toApdu())).terminalSerial());
    assertEquals(3, PsamState.fromJson(state.toJson()).terminalSerial);
  }

  @Test
  void oneDiversifierGivesAnotherKey() throws DecodeException {
    String two = InitSamForPurchaseResponse.parse(
        send(psam, mac1Request(1, SERIAL.substring(4), ISSUER).toApdu())).mac1();
    state.terminalSerial = 1;
    String one = InitSamForPurchaseResponse.parse(
        send(psam, mac1Request(1, SERIAL.substring(4)).toApdu())).mac1();
    assertNotEquals(two, one);
  }

  @Test
  void refusals() {
    assertEquals(0x6A88, send(psam, mac1Request(9, SERIAL.substring(4), ISSUER).toApdu()).sw());
    assertEquals(0x6A80, send(psam, new InitSamForPurchase("11223344", 5, 200, 0x09, NOW, 1, 4,
        Collections.singletonList(SERIAL.substring(4))).toApdu()).sw());
    assertEquals(1, state.terminalSerial);
    assertEquals(0, saves.get());
    assertEquals(0x6985, send(psam, new CreditSamForPurchase("00000000").toApdu()).sw());
    assertEquals(0x6985, send(psam, DesCrypt.applicationBlockMac("01020304").toApdu()).sw());
    assertEquals(0x6D00, send(psam, new CommandApdu(0x80, 0x99, 0, 0)).sw());
    assertEquals(0x6E00, send(psam, new CommandApdu(0x84, 0x70, 0, 0)).sw());
    assertEquals(0x6700, send(psam, new CommandApdu(0x80, 0x70, 0, 0, new byte[3], 8)).sw());
    assertEquals(0x6A82, send(psam, new CommandApdu(0x00, 0xB0, 0x98, 0, 4)).sw());
    assertEquals(0x6A88, send(psam, new CommandApdu(0x80, 0x1A, 0x27, 0x02, new byte[8])).sw());
    // Selecting the PSAM again ends its sessions.
    send(psam, mac1Request(1, SERIAL.substring(4), ISSUER).toApdu());
    psam.select();
    assertEquals(0x6985, send(psam, new CreditSamForPurchase("00000000").toApdu()).sw());
  }
}
