package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EmvCommandsTest {

  @Test
  void getProcessingOptionsWithoutPdol() {
    // shared/vectors/card-captures.md §2.1 step 4
    assertEquals("80A8000002830000", Hex.encode(EmvCommands.getProcessingOptions(new byte[0]).encode()));
  }

  @Test
  void getProcessingOptionsWithTheUnionPayPdol() throws DecodeException {
    Dol pdol = Dol.parse(Hex.of(DolTest.V3_PDOL));
    CommandApdu c = EmvCommands.getProcessingOptions(pdol.build(new java.util.HashMap<>()));
    assertEquals(36, c.nc());
    assertEquals("80A8000024" + "8322", Hex.encode(c.encode()).substring(0, 14));
    assertEquals(256, c.ne());
    // 200 bytes of PDOL data need a long-form length inside the command template
    CommandApdu big = EmvCommands.getProcessingOptions(new byte[200]);
    assertEquals("80A80000CB8381C8", Hex.encode(big.encode()).substring(0, 16));
    assertThrows(IllegalArgumentException.class, () -> EmvCommands.getProcessingOptions(new byte[253]));
  }

  @Test
  void generateAcReferenceControl() {
    assertEquals("80AE000002010200", genAc(CryptogramType.AAC, false));
    assertEquals("80AE400002010200", genAc(CryptogramType.TC, false));
    assertEquals("80AE800002010200", genAc(CryptogramType.ARQC, false));
    assertEquals("80AE900002010200", genAc(CryptogramType.ARQC, true));
    assertEquals("80AE500002010200", genAc(CryptogramType.TC, true));
    assertThrows(IllegalArgumentException.class, () -> genAc(CryptogramType.AAR, false));
  }

  private static String genAc(CryptogramType type, boolean cda) {
    return Hex.encode(EmvCommands.generateAc(type, cda, Hex.of("0102")).encode());
  }

  @Test
  void getDataRequests() {
    assertEquals("80CA9F7900", Hex.encode(EmvCommands.getData(EmvTags.EC_BALANCE).encode()));
    assertEquals("80CA9F1300", Hex.encode(EmvCommands.getData(EmvTags.LAST_ONLINE_ATC).encode()));
    assertEquals("80CA004200", Hex.encode(EmvCommands.getData(Tag.of(0x42)).encode()));
    assertThrows(IllegalArgumentException.class, () -> EmvCommands.getData(Tag.of(0xDFDF39)));
  }

  @Test
  void getDataResponses() throws DecodeException {
    Tlv t = EmvCommands.getDataResponse(EmvTags.EC_BALANCE, Hex.of("9F7906000000012345"));
    assertEquals(12345L, EmvValues.amount(t.value()));
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> EmvCommands.getDataResponse(EmvTags.EC_BALANCE, Hex.of("9F7806000000050000")));
    assertEquals("9F78", e.tag());
    assertThrows(
        DecodeException.class,
        () -> EmvCommands.getDataResponse(EmvTags.EC_BALANCE, Hex.of("9F790600000001")));
  }

  @Test
  void electronicCashFromGetDataAnswers() throws DecodeException {
    ElectronicCash ec =
        ElectronicCash.of(
            Arrays.asList(
                Tlv.of("9F79", "000000012345"),
                Tlv.of("9F77", "000000100000"),
                Tlv.of("9F78", "000000050000"),
                Tlv.of("9F5D", "000000012345"),
                Tlv.of("9F13", "0010"),
                Tlv.of("9F36", "0012"),
                Tlv.of("9F51", "0156")));
    assertEquals(12345L, ec.balance());
    assertEquals(100000L, ec.balanceLimit());
    assertEquals(50000L, ec.singleTransactionLimit());
    assertEquals(12345L, ec.availableOfflineSpendingAmount());
    assertEquals(16, ec.lastOnlineAtc());
    assertEquals(18, ec.atc());
    assertEquals("CNY", ec.currency().alpha());

    ElectronicCash partial = ElectronicCash.of(Arrays.asList(Tlv.of("9F79", "00000001234F")));
    assertEquals("9F79", assertThrows(DecodeException.class, partial::balance).tag());
    assertEquals(null, partial.atc());
    assertEquals(null, partial.currency());
    assertEquals(EmvTags.EC_BALANCE, ElectronicCash.GET_DATA_TAGS.get(0));
    assertArrayEquals(
        Hex.of("80CA9F7900"), EmvCommands.getData(ElectronicCash.GET_DATA_TAGS.get(0)).encode());
  }
}
