package cn.unioncard.sim.card;

import static cn.unioncard.sim.testing.Apdus.DATE;
import static cn.unioncard.sim.testing.Apdus.SELECT_DEBIT;
import static cn.unioncard.sim.testing.Apdus.TTQ_CONTACT;
import static cn.unioncard.sim.testing.Apdus.TTQ_QPBOC;
import static cn.unioncard.sim.testing.Apdus.UN;
import static cn.unioncard.sim.testing.Apdus.cdol1;
import static cn.unioncard.sim.testing.Apdus.cdol2;
import static cn.unioncard.sim.testing.Apdus.generateAc;
import static cn.unioncard.sim.testing.Apdus.gpo;
import static cn.unioncard.sim.testing.Apdus.ok;
import static cn.unioncard.sim.testing.Apdus.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.CardholderName;
import cn.unioncard.protocol.emv.Dol;
import cn.unioncard.protocol.emv.EmvCommands;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.EmvValues;
import cn.unioncard.protocol.emv.GenerateAcResponse;
import cn.unioncard.protocol.emv.GpoResponse;
import cn.unioncard.protocol.emv.TransactionLogEntry;
import cn.unioncard.protocol.member.MemberCategory;
import cn.unioncard.protocol.member.MemberData;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.sim.testing.Apdus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebitApplicationTest {
  /** Capture V3 (card-captures.md): a real UnionPay debit card's answer to SELECT A000000333010101, SW removed. */
  static final String V3_FCI = "6F608408A000000333010101A554500A50424F432044454249548701019F381B9F66049F02069F03069F1A"
      + "0295055F2A029A039C019F3704DF60015F2D027A689F1101019F120A50424F43204445424954BF0C0E9F4D020B0ADF4D020C0ADF61"
      + "0102";

  static final String IMK = "0123456789ABCDEFFEDCBA9876543210";

  @TempDir Path dir;

  @Test
  void theFciIsCaptureV3() throws Exception {
    SimulatedCard card = Apdus.card("ordinary-member", dir);
    assertEquals(V3_FCI, Hex.encode(ok(card, SELECT_DEBIT).data()));
  }

  @Test
  void recordsCarryWhatUnionPayCardsCarry() throws Exception {
    SimulatedCard card = Apdus.card("model-worker", dir);
    ok(card, SELECT_DEBIT);
    ok(card, gpo(TTQ_CONTACT, 0, DATE));
    Tlv r1 = BerTlv.decodeOne(ok(card, "00B2010C00").data());
    assertEquals("6212260033001125D31122200000000000000F", Hex.encode(r1.find(Tag.of(0x57)).value()));
    assertEquals("李娜", CardholderName.decode(r1.find(Tag.of(0x5F20)).value()).text());
    assertTrue(CardholderName.decode(r1.find(Tag.of(0x5F20)).value()).isGbk());
    Tlv r2 = BerTlv.decodeOne(ok(card, "00B2011400").data());
    assertEquals("6212260033001125", Hex.encode(r2.find(Tag.of(0x5A)).value()));
    assertEquals("311231", Hex.encode(r2.find(Tag.of(0x5F24)).value()));
    assertEquals("0156", Hex.encode(r2.find(Tag.of(0x5F28)).value()));
    assertEquals("01", Hex.encode(r2.find(Tag.of(0x5F34)).value()));
    assertEquals("0220", Hex.encode(r2.find(Tag.of(0x5F30)).value()));
    Tlv r3 = BerTlv.decodeOne(ok(card, "00B2021400").data());
    assertEquals(DebitApplication.CDOL1_HEX, Hex.encode(r3.find(Tag.of(0x8C)).value()));
    assertEquals(DebitApplication.CDOL2_HEX, Hex.encode(r3.find(Tag.of(0x8D)).value()));
    assertEquals("0156", Hex.encode(r3.find(Tag.of(0x9F51)).value()));
    assertEquals("0B0A", Hex.encode(r3.find(Tag.of(0x9F4D)).value()));
    assertEquals(0x6A83, send(card, "00B2031400").sw());
    assertEquals(0x6A82, send(card, "00B2011C00").sw()); // SFI 3: no such file
    assertEquals(0x6A86, send(card, "00B2010800").sw()); // P2 without the SFI reference bits 100
  }

  @Test
  void getDataAnswersTheElectronicCashObjects() throws Exception {
    SimulatedCard card = Apdus.card("ordinary-member", dir);
    ok(card, SELECT_DEBIT);
    assertEquals(30000L, EmvValues.amount(getData(card, EmvTags.EC_BALANCE)));
    assertEquals(100000L, EmvValues.amount(getData(card, EmvTags.EC_BALANCE_LIMIT)));
    assertEquals(50000L, EmvValues.amount(getData(card, EmvTags.EC_SINGLE_TRANSACTION_LIMIT)));
    assertEquals(3, EmvValues.counter(getData(card, EmvTags.ATC)));
    assertEquals(0, EmvValues.counter(getData(card, EmvTags.LAST_ONLINE_ATC)));
    assertEquals(DebitApplication.LOG_FORMAT_HEX, Hex.encode(getData(card, EmvTags.LOG_FORMAT)));
    assertEquals(0x6A88, send(card, "80CA9F1700").sw());
    assertEquals(0x6E00, send(card, "00CA9F7900").sw());
  }

  @Test
  void memberDataIsOneGetData() throws Exception {
    SimulatedCard card = Apdus.card("model-worker", dir);
    ok(card, SELECT_DEBIT);
    MemberData m = MemberData.parse(ok(card, "80CABF5100").data());
    assertEquals("江苏省总工会", m.unionName());
    assertEquals("3200000000005678", m.memberNumber());
    assertEquals(MemberCategory.MODEL_WORKER, m.category());
    SimulatedCard nonMember = Apdus.card("non-member-unionpay", dir);
    ok(nonMember, SELECT_DEBIT);
    assertEquals(0x6A88, send(nonMember, "80CABF5100").sw());
  }

  @Test
  void qpbocOfflineApprovalDebitsTheBalanceAndTheStateFileShowsIt() throws Exception {
    SimulatedCard card = Apdus.card("ordinary-member", dir);
    ok(card, SELECT_DEBIT);
    GpoResponse g = GpoResponse.decode(ok(card, gpo(TTQ_QPBOC, 1234, DATE)).data());
    assertEquals(2, g.format());
    assertEquals(0x40, g.cid().value());
    assertEquals(4, g.atc());
    assertEquals(30000L - 1234L, g.availableOfflineSpendingAmount());
    assertArrayEquals(recompute(card.profile().debit(), gpoValues(TTQ_QPBOC, 1234), g), g.applicationCryptogram());

    // the state file, read afresh, holds the new balance, ATC and log record
    CardProfile reloaded = CardFile.load(dir.resolve("ordinary-member.json"));
    assertEquals(28766L, reloaded.debit().ecBalanceFen());
    assertEquals(4, reloaded.debit().atc());
    assertEquals(2, reloaded.debit().log().size());
    assertEquals(1234L, reloaded.debit().log().get(0).amountFen());

    // and the card's log, read the way a terminal reads it, shows the purchase first
    SimulatedCard again = SimulatedCard.open(dir.resolve("ordinary-member.json"));
    ok(again, SELECT_DEBIT);
    Dol format = Dol.parse(getData(again, EmvTags.LOG_FORMAT));
    TransactionLogEntry first = TransactionLogEntry.decode(format, ok(again, "00B2015C00").data());
    assertEquals(1234L, first.amount());
    assertEquals(4, first.atc());
    assertEquals(LocalDate.of(2026, 11, 23), first.date());
    TransactionLogEntry second = TransactionLogEntry.decode(format, ok(again, "00B2025C00").data());
    assertEquals("南京新街口超市", second.merchantName());
    assertEquals(0x6A83, send(again, "00B2035C00").sw());
    assertEquals(28766L, EmvValues.amount(getData(again, EmvTags.EC_BALANCE)));
  }

  @Test
  void qpbocGoesOnlineAboveTheBalanceOrTheLimit() throws Exception {
    SimulatedCard card = Apdus.card("low-ecash", dir);
    ok(card, SELECT_DEBIT);
    GpoResponse g = GpoResponse.decode(ok(card, gpo(TTQ_QPBOC, 151, DATE)).data());
    assertEquals(0x80, g.cid().value());
    assertArrayEquals(recompute(card.profile().debit(), gpoValues(TTQ_QPBOC, 151), g), g.applicationCryptogram());
    assertEquals(150L, card.profile().debit().ecBalanceFen());
    SimulatedCard rich = Apdus.card("model-worker", dir); // 800 yuan, single limit 500 yuan
    ok(rich, SELECT_DEBIT);
    assertEquals(0x80, GpoResponse.decode(ok(rich, gpo(TTQ_QPBOC, 50001, DATE)).data()).cid().value());
    assertEquals(80000L, rich.profile().debit().ecBalanceFen());
  }

  @Test
  void anExpiredCardDeclines() throws Exception {
    SimulatedCard card = Apdus.card("expired", dir);
    ok(card, SELECT_DEBIT);
    GpoResponse g = GpoResponse.decode(ok(card, gpo(TTQ_QPBOC, 100, DATE)).data());
    assertEquals(0x00, g.cid().value());
    assertArrayEquals(recompute(card.profile().debit(), gpoValues(TTQ_QPBOC, 100), g), g.applicationCryptogram());
    assertEquals(30000L, card.profile().debit().ecBalanceFen());
    // contact: the first GENERATE AC gives an AAC whatever is asked
    card.leaveField();
    card.enterField();
    ok(card, SELECT_DEBIT);
    ok(card, gpo(TTQ_CONTACT, 100, DATE));
    assertEquals(0x00, GenerateAcResponse.decode(ok(card, generateAc(0x80, cdol1(100))).data()).cid().value());
  }

  @Test
  void aBlockedCardDeclines() throws Exception {
    Path file = dir.resolve("blocked.json");
    Profiles.copy("non-member-unionpay", file);
    Files.writeString(file, Files.readString(file).replace("\"blocked\" : false", "\"blocked\" : true")
        .replace("\"blocked\": false", "\"blocked\": true"));
    SimulatedCard card = SimulatedCard.open(file);
    assertTrue(card.profile().debit().blocked());
    ok(card, SELECT_DEBIT);
    assertEquals(0x00, GpoResponse.decode(ok(card, gpo(TTQ_QPBOC, 100, DATE)).data()).cid().value());
  }

  @Test
  void contactOnlineTransactionWithAGoodArpcIsApproved() throws Exception {
    SimulatedCard card = Apdus.card("non-member-unionpay", dir);
    ok(card, SELECT_DEBIT);
    GpoResponse g = GpoResponse.decode(ok(card, gpo(TTQ_CONTACT, 88800, DATE)).data());
    assertEquals(1, g.format());
    assertEquals("1C00", Hex.encode(g.aip().encode()));
    assertEquals(DebitApplication.AFL_HEX, Hex.encode(g.afl().encode()));
    // the terminal asks for a TC; the debit application goes online
    GenerateAcResponse ac1 = GenerateAcResponse.decode(ok(card, generateAc(0x40, cdol1(88800))).data());
    assertEquals(0x80, ac1.cid().value());
    assertEquals(1, ac1.atc());
    String arqc = Hex.encode(ac1.applicationCryptogram());
    byte[] mk = IndependentCryptogram.iccMasterKey(IMK, "6217000099887768", "01");
    byte[] sk = IndependentCryptogram.sessionKey(mk, 1);
    // the bank's recomputation: terminal values from CDOL1, then AIP, ATC and the CVR from 9F10
    String terminal = cdol1(88800).substring(0, 2 * 29);
    assertEquals("07010103A00000", Hex.encode(ac1.issuerApplicationData()));
    assertEquals(IndependentCryptogram.mac(sk, terminal, "1C00", "0001", "03A00000"), arqc);
    assertEquals("76B2031FF9BE1232", arqc, "the worked example of docs/card-profile.md");

    String arpc = IndependentCryptogram.arpc(sk, arqc, "3030");
    assertEquals("939D7366EF73A097", arpc, "the worked example of docs/card-profile.md");
    GenerateAcResponse ac2 =
        GenerateAcResponse.decode(ok(card, generateAc(0x40, cdol2("3030", arpc, "3030", 88800))).data());
    assertEquals(0x40, ac2.cid().value());
    assertEquals("07010103600000", Hex.encode(ac2.issuerApplicationData()));
    String terminal2 = Hex.encode(Bcd.encode(88800, 6)) + "000000000000" + "0156" + "0000000000" + "0156" + DATE
        + "00" + UN;
    assertEquals(IndependentCryptogram.mac(sk, terminal2, "1C00", "0001", "03600000"),
        Hex.encode(ac2.applicationCryptogram()));
    CardProfile reloaded = CardFile.load(dir.resolve("non-member-unionpay.json"));
    assertEquals(1, reloaded.debit().lastOnlineAtc());
    assertFalse(reloaded.debit().issuerAuthenticationFailed());
    assertEquals(88800L, reloaded.debit().log().get(0).amountFen());
    // the transaction is over
    assertEquals(0x6985, send(card, generateAc(0x40, cdol2("3030", arpc, "3030", 88800))).sw());
  }

  @Test
  void aBadArpcGivesAnAacAndSetsTheFlag() throws Exception {
    SimulatedCard card = Apdus.card("non-member-unionpay", dir);
    ok(card, SELECT_DEBIT);
    ok(card, gpo(TTQ_CONTACT, 500, DATE));
    GenerateAcResponse ac1 = GenerateAcResponse.decode(ok(card, generateAc(0x80, cdol1(500))).data());
    assertEquals(0x80, ac1.cid().value());
    GenerateAcResponse ac2 = GenerateAcResponse.decode(
        ok(card, generateAc(0x40, cdol2("3030", "0011223344556677", "3030", 500))).data());
    assertEquals(0x00, ac2.cid().value());
    CardProfile reloaded = CardFile.load(dir.resolve("non-member-unionpay.json"));
    assertTrue(reloaded.debit().issuerAuthenticationFailed());
    assertEquals(0, reloaded.debit().lastOnlineAtc());
    assertEquals(0, reloaded.debit().log().size());
    // the next qPBOC transaction goes online and says so in the CVR
    ok(card, SELECT_DEBIT);
    GpoResponse g = GpoResponse.decode(ok(card, gpo(TTQ_QPBOC, 100, DATE)).data());
    assertEquals(0x80, g.cid().value());
    assertEquals("07010103A00008", Hex.encode(g.issuerApplicationData()));
  }

  @Test
  void aGoodArpcWithADeclineCodeGivesAnAac() throws Exception {
    SimulatedCard card = Apdus.card("non-member-unionpay", dir);
    ok(card, SELECT_DEBIT);
    ok(card, gpo(TTQ_CONTACT, 500, DATE));
    GenerateAcResponse ac1 = GenerateAcResponse.decode(ok(card, generateAc(0x80, cdol1(500))).data());
    byte[] sk = IndependentCryptogram.sessionKey(IndependentCryptogram.iccMasterKey(IMK, "6217000099887768", "01"), 1);
    String arpc = IndependentCryptogram.arpc(sk, Hex.encode(ac1.applicationCryptogram()), "3531");
    GenerateAcResponse ac2 =
        GenerateAcResponse.decode(ok(card, generateAc(0x40, cdol2("3531", arpc, "3531", 500))).data());
    assertEquals(0x00, ac2.cid().value());
    assertEquals(1, card.profile().debit().lastOnlineAtc(), "the issuer was reached and authenticated");
    assertFalse(card.profile().debit().issuerAuthenticationFailed());
  }

  @Test
  void externalAuthenticateChecksTheArpcBeforeTheSecondGenerateAc() throws Exception {
    SimulatedCard card = Apdus.card("non-member-unionpay", dir);
    ok(card, SELECT_DEBIT);
    ok(card, gpo(TTQ_CONTACT, 500, DATE));
    GenerateAcResponse ac1 = GenerateAcResponse.decode(ok(card, generateAc(0x80, cdol1(500))).data());
    byte[] sk = IndependentCryptogram.sessionKey(IndependentCryptogram.iccMasterKey(IMK, "6217000099887768", "01"), 1);
    String arpc = IndependentCryptogram.arpc(sk, Hex.encode(ac1.applicationCryptogram()), "3030");
    ok(card, "008200000A" + arpc + "3030");
    GenerateAcResponse ac2 = GenerateAcResponse.decode(
        ok(card, generateAc(0x40, cdol2("3030", "0000000000000000", "0000", 500))).data());
    assertEquals(0x40, ac2.cid().value());
  }

  @Test
  void theAtcPersistsAcrossRuns() throws Exception {
    SimulatedCard card = Apdus.card("migrant-worker", dir);
    for (int i = 1; i <= 3; i++) {
      card.leaveField();
      card.enterField();
      ok(card, SELECT_DEBIT);
      assertEquals(i, GpoResponse.decode(ok(card, gpo(TTQ_QPBOC, 0, DATE)).data()).atc());
    }
    SimulatedCard next = SimulatedCard.open(dir.resolve("migrant-worker.json"));
    ok(next, SELECT_DEBIT);
    assertEquals(3, EmvValues.counter(getData(next, EmvTags.ATC)));
    assertEquals(4, GpoResponse.decode(ok(next, gpo(TTQ_QPBOC, 0, DATE)).data()).atc());
  }

  @Test
  void commandsOutOfOrderGet6985() throws Exception {
    SimulatedCard card = Apdus.card("ordinary-member", dir);
    ok(card, SELECT_DEBIT);
    assertEquals(0x6985, send(card, generateAc(0x80, cdol1(100))).sw()); // no GPO yet
    ok(card, gpo(TTQ_CONTACT, 100, DATE));
    assertEquals(0x6985, send(card, gpo(TTQ_CONTACT, 100, DATE)).sw()); // one GPO per selection
    assertEquals(0x6700, send(card, generateAc(0x80, cdol1(100) + "00")).sw());
    assertEquals(0x6A86, send(card, "80AEC0001D" + cdol1(100).substring(0, 58) + "00").sw());
    assertEquals(0x6700, send(card, "80A8000002830000").sw()); // PDOL data missing
  }

  static byte[] getData(SimulatedCard card, Tag tag) throws Exception {
    ResponseApdu r = ok(card, Hex.encode(EmvCommands.getData(tag).encode()));
    return EmvCommands.getDataResponse(tag, r.data()).value();
  }

  /** The GPO's terminal data in CryptogramInput order (9F02 9F03 9F1A 95 5F2A 9A 9C 9F37). */
  static String gpoValues(String ttq, long amount) {
    return Hex.encode(Bcd.encode(amount, 6)) + "000000000000" + "0156" + "0000000000" + "0156" + DATE + "00" + UN;
  }

  /** The ARQC/TC/AAC recomputed from the card's answer with the independent implementation. */
  static byte[] recompute(DebitState s, String terminalValues, GpoResponse g) throws Exception {
    byte[] sk = IndependentCryptogram.sessionKey(IndependentCryptogram.iccMasterKey(IMK, s.pan(), s.psn()), g.atc());
    String cvr = Hex.encode(g.issuerApplicationData()).substring(6, 14);
    String atc = String.format("%04X", g.atc());
    return Hex.of(IndependentCryptogram.mac(sk, terminalValues, Hex.encode(g.aip().encode()), atc, cvr));
  }
}
