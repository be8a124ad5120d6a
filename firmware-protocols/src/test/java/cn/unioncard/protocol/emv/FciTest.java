package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.testing.Seeds;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FciTest {
  // V3 (shared/vectors/card-captures.md): UnionPay debit SELECT AID response, with SW 9000.
  static final String V3 =
      "6F608408A000000333010101A554500A50424F432044454249548701019F381B9F66049F02069F03069F1A0295055F2A029A039C01"
          + "9F3704DF60015F2D027A689F1101019F120A50424F43204445424954BF0C0E9F4D020B0ADF4D020C0ADF6101029000";
  // V5: the SELECT response before the qVSDC GPO (wcurrie/emv-bertlv-tools DecodeControllerTest), with SW.
  static final String V5_SELECT =
      "6F318407A0000000031010A52650095649534120544553549F38189F66049F02069F03069F1A0295055F2A029A039C019F37049000";
  // V6: Barclays FCI (russss/python-emv emv/protocol/test/test_structures.py::test_tlv), no SW.
  static final String V6 = "6F1D8407A0000000038002A5125008424152434C4159538701005F2D02656E";
  // V7: Beijing T-Union EP SELECT response (domosekai/cardemulator HCEService.kt), with SW.
  static final String V7 =
      "6F318408A000000632010105A5259F0801029F0C1E01011000FFFFFFFF020103105170010170907984201908062040123100009000";
  // V8: T-Union PPSE proprietary template A5 from a personalisation script (find_string id 35030875043).
  static final String V8_A5 =
      "A537BF0C3461194F08A000000632010106500A4D4F545F545F434153488701016117"
          + "4F08A00000063201010550084D4F545F545F4550870102";
  // V9: T-Union MOT_T_CASH proprietary template A5, same perso script.
  static final String V9_A5 =
      "A567500A4D4F545F545F434153488701019F3821DF6001DF69019F66049F02069F03069F1A0295055F2A029A039C019F21039F3704"
          + "BF0C31DF112005212482FFFFFFFF003104895199900000003F010100000156240024820001FF"
          + "9F4D020B0ADF610182DF4D020C0A";
  // V12: contact PSE FCI of a Chinese bank card (find_string id 39728058181).
  static final String V12 = "6F27840E315041592E5359532E4444463031A5158801015F2D027A68BF0C0A9F4D020B0ADF4D020C0A";
  // russss/python-emv emv/protocol/test/test_structures.py::test_duplicate_tags: a PSE directory record with
  // three 61 entries (LINK ATM priority 1, VISA DEBIT priority 2, BARCLAYS priority 0).
  static final String PSE_RECORD =
      "70 4A 61 16 4F 07 A0 00 00 00 29 10 10 50 08 4C 49 4E 4B 20 41 54 4D 87 01 01"
          + "61 18 4F 07 A0 00 00 00 03 10 10 50 0A 56 49 53 41 20 44 45 42 49 54 87 01 02"
          + "61 16 4F 07 A0 00 00 00 03 80 02 50 08 42 41 52 43 4C 41 59 53 87 01 00";

  static byte[] data(String withSw) throws DecodeException {
    return ResponseApdu.parse(Hex.of(withSw)).data();
  }

  /** V8/V9 are only the A5 template: wrap them in 6F with their DF name, as a SELECT would return them. */
  static byte[] wrap(String dfName, String a5) throws DecodeException {
    return Tlv.constructed(
            EmvTags.FCI_TEMPLATE, Tlv.of(EmvTags.DF_NAME, Hex.of(dfName)), BerTlv.decodeOne(Hex.of(a5)))
        .encode();
  }

  @Test
  void v3UnionPayDebitAdf() throws DecodeException {
    Fci fci = Fci.decode(data(V3));
    assertEquals("A000000333010101", Hex.encode(fci.dfName()));
    assertEquals("PBOC DEBIT", fci.applicationLabel());
    assertEquals("PBOC DEBIT", fci.applicationPreferredName());
    assertEquals(1, fci.priority().priority());
    assertFalse(fci.priority().confirmationRequired());
    Dol pdol = fci.pdol();
    assertEquals(DolTest.V3_PDOL, Hex.encode(pdol.encode()));
    assertEquals(34, pdol.dataLength());
    assertEquals(Collections.singletonList("zh"), fci.languagePreference());
    assertEquals(1, fci.issuerCodeTableIndex());
    assertEquals(new LogEntry(11, 10), fci.logEntry());
    assertEquals(new LogEntry(12, 10), fci.loadLogEntry());
    assertEquals("02", Hex.encode(fci.proprietary(Tag.of(0xDF61)).value()));
    assertNull(fci.directorySfi());
    assertTrue(fci.directory().entries().isEmpty());
  }

  @Test
  void v5VisaTestAdf() throws DecodeException {
    Fci fci = Fci.decode(data(V5_SELECT));
    assertEquals("A0000000031010", Hex.encode(fci.dfName()));
    assertEquals("VISA TEST", fci.applicationLabel());
    assertEquals(DolTest.V4_PDOL, Hex.encode(fci.pdol().encode()));
    assertNull(fci.priority());
    assertNull(fci.languagePreference());
    assertNull(fci.logEntry());
    assertNull(fci.issuerDiscretionaryData());
  }

  @Test
  void v6BarclaysAdf() throws DecodeException {
    Fci fci = Fci.decode(Hex.of(V6));
    assertEquals("A0000000038002", Hex.encode(fci.dfName()));
    assertEquals("BARCLAYS", fci.applicationLabel());
    assertEquals(0, fci.priority().priority());
    assertEquals(Collections.singletonList("en"), fci.languagePreference());
    assertNull(fci.pdol(), "no PDOL: GPO sends 8300");
  }

  @Test
  void v7TransitPurseKeepsItsProprietaryData() throws DecodeException {
    Fci fci = Fci.decode(data(V7));
    assertEquals("A000000632010105", Hex.encode(fci.dfName()));
    assertEquals("02", Hex.encode(fci.proprietary(EmvTags.APPLICATION_VERSION_NUMBER).value()));
    Tlv issuer = fci.proprietary(EmvTags.FCI_ISSUER_DATA);
    assertEquals(30, issuer.length());
    assertEquals("01011000FFFFFFFF020103105170010170907984201908062040123100 00".replace(" ", ""),
        Hex.encode(issuer.value()));
    assertNull(fci.applicationLabel());
    assertNull(fci.pdol());
  }

  @Test
  void v8TransitPpseListsBothApplications() throws DecodeException {
    Fci ppse = Fci.decode(wrap("325041592E5359532E4444463031", V8_A5));
    assertEquals("2PAY.SYS.DDF01", new String(ppse.dfName(), java.nio.charset.StandardCharsets.US_ASCII));
    Directory dir = ppse.directory();
    assertEquals(0, dir.skipped());
    List<DirectoryEntry> e = dir.entries();
    assertEquals(2, e.size());
    assertEquals("A000000632010106", Hex.encode(e.get(0).name()));
    assertEquals("MOT_T_CASH", e.get(0).label());
    assertEquals(1, e.get(0).priority().priority());
    assertEquals("A000000632010105", Hex.encode(e.get(1).name()));
    assertEquals("MOT_T_EP", e.get(1).label());
    assertEquals(2, e.get(1).priority().priority());
    assertFalse(e.get(1).isDdf());
    assertNull(e.get(1).preferredName());

    // The terminal supports only the purse exactly: one candidate.
    CandidateList only =
        CandidateList.build(e, Arrays.asList(CandidateList.SupportedAid.of("A000000632010105", false)));
    assertEquals(1, only.size());
    assertEquals("MOT_T_EP", only.candidates().get(0).label());
    // A partial AID covering both: ordered by priority.
    CandidateList both =
        CandidateList.build(e, Arrays.asList(CandidateList.SupportedAid.of("A0000006320101", true)));
    assertEquals(Arrays.asList(e.get(0), e.get(1)), both.candidates());
    // The same partial AID without partial selection allowed matches nothing.
    assertTrue(
        CandidateList.build(e, Arrays.asList(CandidateList.SupportedAid.of("A0000006320101", false)))
            .isEmpty());
  }

  @Test
  void v9TransitCashAdf() throws DecodeException {
    Fci fci = Fci.decode(wrap("A000000632010106", V9_A5));
    assertEquals("MOT_T_CASH", fci.applicationLabel());
    assertEquals(1, fci.priority().priority());
    Dol pdol = fci.pdol();
    assertEquals(12, pdol.entries().size());
    assertEquals(Tag.of(0xDF60), pdol.entries().get(0).tag());
    assertEquals(Tag.of(0xDF69), pdol.entries().get(1).tag());
    assertEquals(Tag.of(0x9F21), pdol.entries().get(10).tag());
    assertEquals(38, pdol.dataLength());
    assertEquals(new LogEntry(11, 10), fci.logEntry());
    assertEquals(new LogEntry(12, 10), fci.loadLogEntry());
    assertEquals("82", Hex.encode(fci.proprietary(Tag.of(0xDF61)).value()));
    assertEquals(32, fci.proprietary(Tag.of(0xDF11)).length(), "unknown DF11 kept raw");
  }

  @Test
  void v12ContactPse() throws DecodeException {
    Fci pse = Fci.decode(Hex.of(V12));
    assertEquals("1PAY.SYS.DDF01", new String(pse.dfName(), java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, pse.directorySfi());
    assertEquals(Collections.singletonList("zh"), pse.languagePreference());
    assertEquals(new LogEntry(11, 10), pse.logEntry());
    assertEquals(new LogEntry(12, 10), pse.loadLogEntry());
  }

  @Test
  void pseRecordAndCandidateOrder() throws DecodeException {
    Directory dir = Directory.fromRecord(Hex.of(PSE_RECORD));
    List<DirectoryEntry> e = dir.entries();
    assertEquals(3, e.size());
    assertEquals("LINK ATM", e.get(0).label());
    assertEquals("VISA DEBIT", e.get(1).label());
    assertEquals("BARCLAYS", e.get(2).label());
    // Terminal supports all three; Barclays (priority 0) goes last, then 1, 2 by priority.
    CandidateList c =
        CandidateList.build(
            e,
            Arrays.asList(
                CandidateList.SupportedAid.of("A0000000038002", false),
                CandidateList.SupportedAid.of("A000000003", true),
                CandidateList.SupportedAid.of("A0000000291010", false)));
    assertEquals(Arrays.asList(e.get(0), e.get(1), e.get(2)), c.candidates());
    // Without the LINK AID: Visa Debit (2) before Barclays (0).
    CandidateList visa =
        CandidateList.build(e, Arrays.asList(CandidateList.SupportedAid.of("A000000003", true)));
    assertEquals(Arrays.asList(e.get(1), e.get(2)), visa.candidates());
  }

  @Test
  void candidatesWithoutPriorityKeepDirectoryOrderAfterThePrioritisedOnes() throws DecodeException {
    // Directory order: A (no 87), B (2), C (1), D (0), E (2), F (87 malformed), G (81: 1, confirmation)
    Tlv ppse =
        Tlv.constructed(
            EmvTags.FCI_TEMPLATE,
            Tlv.of(EmvTags.DF_NAME, "2PAY.SYS.DDF01".getBytes()),
            Tlv.constructed(
                EmvTags.FCI_PROPRIETARY_TEMPLATE,
                Tlv.constructed(
                    EmvTags.FCI_ISSUER_DISCRETIONARY_DATA,
                    entry("A00000033301010A", null),
                    entry("A00000033301010B", "02"),
                    entry("A00000033301010C", "01"),
                    entry("A00000033301010D", "00"),
                    entry("A00000033301010E", "02"),
                    entry("A00000033301010F", "0102"),
                    entry("A000000333010110", "81"),
                    entry("A000000632010105", "01"))));
    List<DirectoryEntry> e = Fci.decode(ppse.encode()).directory().entries();
    CandidateList c =
        CandidateList.build(e, Arrays.asList(CandidateList.SupportedAid.of("A0000003330101", true)));
    StringBuilder order = new StringBuilder();
    for (DirectoryEntry d : c.candidates()) {
      order.append(Hex.encode(d.name()).substring(15));
    }
    assertEquals("C0BEADF", order.toString());
    assertTrue(c.candidates().get(1).priority().confirmationRequired());
  }

  private static Tlv entry(String aid, String priority) {
    Tlv adf = Tlv.of("4F", aid);
    return priority == null
        ? Tlv.constructed(EmvTags.APPLICATION_TEMPLATE, adf)
        : Tlv.constructed(EmvTags.APPLICATION_TEMPLATE, adf, Tlv.of("87", priority));
  }

  @Test
  void badEntriesAreSkippedNotFatal() throws DecodeException {
    // 61 without 4F, 61 with a 4-byte AID, a good one, a DDF entry
    byte[] record =
        Hex.of("7026" + "6103500141" + "61064F04A0000003" + "610C4F07A0000000031010870101"
            + "61099D07A0000000031010");
    Directory dir = Directory.fromRecord(record);
    assertEquals(2, dir.skipped());
    assertEquals(2, dir.entries().size());
    assertTrue(dir.entries().get(1).isDdf());
    CandidateList c =
        CandidateList.build(dir.entries(), Arrays.asList(CandidateList.SupportedAid.of("A000000003", true)));
    assertEquals(1, c.size(), "the DDF is not a candidate");
    assertThrows(DecodeException.class, () -> Directory.fromRecord(Hex.of("6F03840100")));
  }

  @Test
  void fieldsFailAlone() throws DecodeException {
    // 50 with a control byte, 87 of two bytes, 9F38 cut off, 5F2D of three bytes, 9F4D with SFI 0
    Tlv fci =
        Tlv.constructed(
            EmvTags.FCI_TEMPLATE,
            Tlv.of("84", "A000000333010101"),
            Tlv.constructed(
                EmvTags.FCI_PROPRIETARY_TEMPLATE,
                Tlv.of("50", "410142"),
                Tlv.of("87", "0101"),
                Tlv.of("9F38", "9F6604 9F"),
                Tlv.of("5F2D", "7A6865"),
                Tlv.of("9F11", "01"),
                Tlv.constructed(EmvTags.FCI_ISSUER_DISCRETIONARY_DATA, Tlv.of("9F4D", "000A"))));
    Fci f = Fci.decode(fci.encode());
    assertEquals("50", assertThrows(DecodeException.class, f::applicationLabel).tag());
    assertEquals("87", assertThrows(DecodeException.class, f::priority).tag());
    assertEquals("9F38", assertThrows(DecodeException.class, f::pdol).tag());
    assertEquals("5F2D", assertThrows(DecodeException.class, f::languagePreference).tag());
    assertEquals("9F4D", assertThrows(DecodeException.class, f::logEntry).tag());
    assertEquals(1, f.issuerCodeTableIndex(), "the good field still decodes");
  }

  @Test
  void frameErrors() {
    assertThrows(DecodeException.class, () -> Fci.decode(Hex.of("7003840100")));
    assertThrows(DecodeException.class, () -> Fci.decode(Hex.of("6F03A50100")));
    assertThrows(DecodeException.class, () -> Fci.decode(Hex.of("6F06840401020304")));
    assertThrows(DecodeException.class, () -> Fci.decode(Hex.of(V6 + "9000")), "trailing SW is not FCI");
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedFcisFailCleanly(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    String[] samples = {V6, V12, Hex.encode(data(V3)), Hex.encode(data(V7))};
    byte[] damaged = Seeds.mutate(rnd, Hex.of(samples[rnd.nextInt(samples.length)]));
    try {
      Fci f = Fci.decode(damaged);
      assertArrayEquals(f.template().encode(), Fci.decode(f.template().encode()).template().encode());
      FciFuzzTest.exercise(f);
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= -1 && expected.offset() <= damaged.length);
    }
  }
}
