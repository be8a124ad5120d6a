package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.CardIdentity;
import cn.unioncard.agent.card.payment.Completion;
import cn.unioncard.agent.card.payment.IssuerAnswer;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.card.payment.UnionPayKernel;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.SignOn;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.member.MemberCategory;
import cn.unioncard.protocol.member.MemberData;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.CardSeed;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.card.DebitState;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.card.SimulatedCard;
import cn.unioncard.sim.card.TearingCard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payment kernel against the simulated cards of the bundled profiles, and its ARQCs against the bank simulator
 * over HTTPS on loopback: decisions, amounts on the card, the bank's verdict, APDU counts, torn cards.
 */
class UnionPayKernelTest {
  static final TerminalData TERMINAL = new TerminalData(
      Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")), new Random(7),
      Hex.of(TerminalData.DEFAULT_TTQ));
  static final String TERMINAL_ID = "T0000061";
  static final String MERCHANT = "M000061";

  /** qPBOC: SELECT PPSE, SELECT AID, GET DATA BF51, GET DATA 9F79, GPO, READ RECORD x3. */
  static final int QPBOC_APDUS = 8;
  /** Contact: SELECT PSE, READ RECORD 1 and 2 of its directory, SELECT AID, 2 GET DATA, GPO, 3 records, GENERATE AC. */
  static final int CONTACT_APDUS = 11;
  /** The GPO's place in either path, counted from 1. */
  static final int QPBOC_GPO = 6;

  @TempDir Path dir;
  BankSimulator bank;
  BankClient client;
  SignOn signOn;
  int sequence;
  final UnionPayKernel kernel = new UnionPayKernel(TERMINAL);

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (bank != null) {
      bank.close();
    }
  }

  static SimulatedCard card(String profile) throws Exception {
    return SimulatedCard.of(Profiles.load(profile));
  }

  static DebitState debit(SimulatedCard card) {
    return card.profile().debit();
  }

  static Map<Tag, byte[]> icc(CardDecision d) throws Exception {
    Map<Tag, byte[]> m = new HashMap<>();
    for (Tlv t : BerTlv.decode(d.iccData())) {
      assertNull(m.put(t.tag(), t.value()), "tag " + t.tag() + " twice");
    }
    return m;
  }

  // ------------------------------------------------------------------------------------------------ qPBOC

  @Test
  void identifyReadsThePanAndMemberBeforeAnyAmountAndAuthoriseContinuesOnce() throws Exception {
    SimulatedCard card = card("model-worker");
    int atc = debit(card).atc();
    CountingTransport counted = new CountingTransport(card);
    CardIdentity id = kernel.identify(counted, true);
    assertNull(id.reason());
    assertEquals(5, counted.count(), "PPSE, SELECT, GET DATA BF51 and 9F79, READ RECORD SFI 1 record 1");
    assertEquals(atc, debit(card).atc(), "no GET PROCESSING OPTIONS yet");
    assertEquals(Profiles.load("model-worker").debit().pan(), id.pan().digits());
    assertEquals(MemberCategory.MODEL_WORKER, id.member().category());
    CardDecision d = kernel.authorise(counted, id, new Purchase(1_234, true, true));
    assertEquals(CardDecision.Kind.ONLINE, d.kind(), d.toString());
    assertEquals(QPBOC_APDUS, counted.count(), "the record read before the GPO is not read again");
    assertEquals(id.pan(), d.pan());
    assertEquals(atc + 1, debit(card).atc());
    assertThrows(IllegalStateException.class, () -> kernel.authorise(counted, id, new Purchase(1, true, true)));
    assertTrue(kernel.identify(card("foreign-visa"), true).refused());
  }

  @Test
  void aContactlessPurchaseWithinTheElectronicCashIsApprovedOfflineAndDebitsExactlyTheAmount() throws Exception {
    SimulatedCard card = card("ordinary-member");
    CountingTransport counted = new CountingTransport(card);
    CardDecision d = kernel.begin(counted, new Purchase(1_234, false, true));
    assertEquals(CardDecision.Kind.OFFLINE_APPROVED, d.kind(), d.toString());
    assertNull(d.reason());
    assertEquals(30_000 - 1_234, debit(card).ecBalanceFen());
    assertEquals(Long.valueOf(30_000 - 1_234), d.ecBalanceFen());
    assertEquals(QPBOC_APDUS, counted.count());
    assertEquals("6217000012345670", d.pan().digits());
    assertEquals(1, d.panSequence());
    assertEquals(LocalDate.of(2031, 12, 31), d.expiry());
    assertEquals("A000000333010101", d.aid());
    assertTrue(d.contactless());
    assertFalse(d.onlinePinRequired(), "the card's CTQ asks no online PIN");
    assertEquals(new MemberData("南京市总工会", "3201000000001234", MemberCategory.ORDINARY), d.member());
    Map<Tag, byte[]> icc = icc(d);
    assertEquals("40", Hex.encode(icc.get(EmvTags.CID)), "TC");
    assertEquals("000000001234", Hex.encode(icc.get(EmvTags.AMOUNT_AUTHORISED)));
    assertEquals("261123", Hex.encode(icc.get(EmvTags.TRANSACTION_DATE)));
    assertEquals(debit(card).atc(), ((icc.get(EmvTags.ATC)[0] & 0xFF) << 8) | (icc.get(EmvTags.ATC)[1] & 0xFF));
    assertEquals("01", Hex.encode(icc.get(EmvTags.PAN_SEQUENCE_NUMBER)));
    assertEquals("A6000000", Hex.encode(icc.get(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS)));
    assertNull(d.kernelState());
  }

  @Test
  void forceOnlineSetsTheTtqBitAndTheCardAsksForAnArqcWithoutTouchingItsElectronicCash() throws Exception {
    SimulatedCard card = card("ordinary-member");
    CountingTransport counted = new CountingTransport(card);
    CardDecision d = kernel.begin(counted, new Purchase(1_234, true, true));
    assertEquals(CardDecision.Kind.ONLINE, d.kind(), d.toString());
    assertEquals(30_000, debit(card).ecBalanceFen());
    assertEquals(Long.valueOf(30_000), d.ecBalanceFen());
    assertEquals(QPBOC_APDUS, counted.count());
    Map<Tag, byte[]> icc = icc(d);
    assertEquals("80", Hex.encode(icc.get(EmvTags.CID)), "ARQC");
    assertEquals("A6800000", Hex.encode(icc.get(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS)), "byte 2 bit 8 set");
  }

  @Test
  void aContactlessPurchaseOverTheBalanceGoesOnline() throws Exception {
    SimulatedCard card = card("non-member-unionpay");
    CardDecision d = kernel.begin(card, new Purchase(20_001, false, true));
    assertEquals(CardDecision.Kind.ONLINE, d.kind());
    assertEquals(20_000, debit(card).ecBalanceFen());
    assertNull(d.member(), "not a member card: GET DATA BF51 answers 6A88");
  }

  @Test
  void theBankVerifiesTheContactlessArqcAndCompletionSendsNothing() throws Exception {
    SimulatedCard card = card("ordinary-member");
    startBank(card);
    CardDecision d = kernel.begin(card, new Purchase(8_800, true, true));
    assertEquals(CardDecision.Kind.ONLINE, d.kind());
    AuthorisationResponse a = authorise(d, 8_800);
    assertTrue(a.approved(), a.reason());
    CountingTransport counted = new CountingTransport(card);
    Completion c = kernel.complete(counted, d, answer(a));
    assertEquals(new Completion(true, null, null).approved(), c.approved());
    assertNull(c.reason());
    assertNull(c.cryptogram());
    assertEquals(0, counted.count(), "a contactless card has left the field");
    assertThrows(IllegalStateException.class, () -> kernel.complete(counted, d, answer(a)), "completed once");
  }

  // ------------------------------------------------------------------------------------------------ contact

  @Test
  void aContactArqcIsApprovedByTheBankAndTheArpcIsAcceptedAtTheSecondGenerateAc() throws Exception {
    SimulatedCard card = card("ordinary-member");
    startBank(card);
    CountingTransport counted = new CountingTransport(card);
    CardDecision d = kernel.begin(counted, new Purchase(4_500, false, false));
    // the e-cash could pay, so the kernel asks a TC; this debit application goes online all the same
    assertEquals(CardDecision.Kind.ONLINE, d.kind(), d.toString());
    assertEquals(CONTACT_APDUS, counted.count());
    assertFalse(d.contactless());
    assertTrue(d.onlinePinRequired(), "CVM list: online PIN if the terminal supports it");
    assertEquals("420300", Hex.encode(icc(d).get(Tag.of(0x9F34))));
    assertEquals("80", Hex.encode(icc(d).get(EmvTags.TVR)).substring(0, 2), "no offline data authentication");
    AuthorisationResponse a = authorise(d, 4_500);
    assertTrue(a.approved(), a.reason());
    int logged = debit(card).log().size();
    counted.reset();
    Completion c = kernel.complete(counted, d, answer(a));
    assertTrue(c.approved(), c.reason());
    assertEquals(8, c.cryptogram().length);
    assertEquals(1, counted.count(), "one second GENERATE AC");
    assertEquals(logged + 1, debit(card).log().size(), "the card logged the approved purchase");
    assertEquals(30_000, debit(card).ecBalanceFen(), "an online purchase leaves the e-cash alone");
    assertFalse(debit(card).issuerAuthenticationFailed());
  }

  @Test
  void aWrongArpcMakesTheContactCardDecline() throws Exception {
    SimulatedCard card = card("ordinary-member");
    startBank(card);
    CardDecision d = kernel.begin(card, new Purchase(4_500, true, false));
    AuthorisationResponse a = authorise(d, 4_500);
    assertTrue(a.approved());
    byte[] arpc = Hex.of(a.arpc());
    arpc[7] ^= 0x01;
    Completion c = kernel.complete(card, d, new IssuerAnswer(true, Hex.of(a.arc()), arpc));
    assertFalse(c.approved());
    assertEquals(UnionPayKernel.ISSUER_AUTHENTICATION_FAILED, c.reason());
    assertNotNull(c.cryptogram(), "the card's AAC");
    assertTrue(debit(card).issuerAuthenticationFailed(), "the card remembers it");
  }

  @Test
  void anIssuerDeclineIsPassedToTheCardWhichDeclines() throws Exception {
    SimulatedCard card = card("ordinary-member");
    startBank(card);
    CardDecision d = kernel.begin(card, new Purchase(900_000, true, false));
    AuthorisationResponse a = authorise(d, 900_000);
    assertFalse(a.approved());
    assertEquals("insufficient_funds", a.reason());
    Completion c = kernel.complete(card, d, answer(a));
    assertFalse(c.approved());
    assertEquals(UnionPayKernel.ISSUER_DECLINED, c.reason());
    assertFalse(debit(card).issuerAuthenticationFailed(), "the ARPC of a decline verified");
  }

  @Test
  void noAnswerFromTheBankIsZ3AndTheCardDeclines() throws Exception {
    SimulatedCard card = card("ordinary-member");
    CardDecision d = kernel.begin(card, new Purchase(4_500, true, false));
    int logged = debit(card).log().size();
    Completion c = kernel.complete(card, d, IssuerAnswer.unreachable());
    assertFalse(c.approved());
    assertEquals(UnionPayKernel.ISSUER_UNREACHABLE, c.reason());
    assertEquals(8, c.cryptogram().length);
    assertEquals(logged, debit(card).log().size(), "nothing logged");
  }

  @Test
  void aContactCardWithoutPseIsFoundByItsAid() throws Exception {
    SimulatedCard card = SimulatedCard.builder()
        .application(new cn.unioncard.sim.card.DebitApplication(Profiles.load("non-member-unionpay").debit(), null))
        .build();
    CountingTransport counted = new CountingTransport(card);
    CardDecision d = kernel.begin(counted, new Purchase(100, false, false));
    assertEquals(CardDecision.Kind.ONLINE, d.kind(), d.toString());
    // SELECT PSE (6A82), SELECT of the 3 accepted AIDs, SELECT AID again, 2 GET DATA, GPO, 3 records, GENERATE AC
    assertEquals(12, counted.count());
  }

  /** Records the commands a card gets. */
  static final class Recording implements ApduTransport {
    final ApduTransport inner;
    final java.util.List<String> commands = new java.util.ArrayList<>();

    Recording(ApduTransport inner) {
      this.inner = inner;
    }

    @Override
    public byte[] transmit(byte[] command) throws cn.unioncard.ports.card.CardIoException,
        cn.unioncard.ports.card.ReaderIoException {
      commands.add(Hex.encode(command));
      return inner.transmit(command);
    }

    String last(String prefix) {
      String found = null;
      for (String c : commands) {
        if (c.startsWith(prefix)) {
          found = c;
        }
      }
      return found;
    }
  }

  @Test
  void theCommandsOnTheWire() throws Exception {
    // qPBOC forced online: the PDOL data starts with the TTQ, byte 2 bit 8 set
    Recording r = new Recording(card("ordinary-member"));
    kernel.begin(r, new Purchase(100, true, true));
    assertTrue(r.last("80A8").startsWith("80A80000" + "24" + "8322" + "A6800000" + "000000000100"), r.last("80A8"));
    // contact: the TTQ says contact chip, not qPBOC; a TC is asked when the e-cash could pay
    r = new Recording(card("ordinary-member"));
    CardDecision d = kernel.begin(r, new Purchase(4_500, false, false));
    assertTrue(r.last("80A8").startsWith("80A8000024" + "8322" + "16000000"), r.last("80A8"));
    assertTrue(r.last("80AE").startsWith("80AE4000"), "TC asked: " + r.last("80AE"));
    // the second GENERATE AC without the bank: AAC asked, ARC Z3, no issuer authentication data
    kernel.complete(r, d, IssuerAnswer.unreachable());
    assertTrue(r.last("80AE").startsWith("80AE0000" + "2E" + "5A33" + "00000000000000000000"), r.last("80AE"));
    // forced online, or more than the e-cash holds: ARQC asked
    r = new Recording(card("ordinary-member"));
    kernel.begin(r, new Purchase(4_500, true, false));
    assertTrue(r.last("80AE").startsWith("80AE8000"), r.last("80AE"));
    r = new Recording(card("ordinary-member"));
    d = kernel.begin(r, new Purchase(30_001, false, false));
    assertTrue(r.last("80AE").startsWith("80AE8000"), r.last("80AE"));
    // the issuer's approval: TC asked, 8A then 91 = ARPC || ARC
    kernel.complete(r, d, new IssuerAnswer(true, Hex.of("3030"), Hex.of("0102030405060708")));
    assertTrue(r.last("80AE").startsWith("80AE4000" + "2E" + "3030" + "0102030405060708" + "3030"), r.last("80AE"));
  }

  // ------------------------------------------------------------------------------------------------ refusals

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aForeignCardIsNotAccepted(boolean contactless) throws Exception {
    SimulatedCard card = card("foreign-visa");
    CountingTransport counted = new CountingTransport(card);
    CardDecision d = kernel.begin(counted, new Purchase(100, false, contactless));
    assertEquals(CardDecision.Kind.REFUSED, d.kind());
    assertEquals(UnionPayKernel.CARD_NOT_ACCEPTED, d.reason());
    assertEquals(0, d.iccData().length);
    assertNull(d.pan());
    // contactless: SELECT PPSE only; contact: SELECT PSE and its directory records 1 and 2
    assertEquals(contactless ? 1 : 3, counted.count());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anExpiredCardIsRefused(boolean contactless) throws Exception {
    SimulatedCard card = card("expired");
    CardDecision d = kernel.begin(card, new Purchase(100, false, contactless));
    assertEquals(CardDecision.Kind.REFUSED, d.kind());
    assertEquals(UnionPayKernel.CARD_EXPIRED, d.reason());
    assertEquals("card_expired", d.reasonCode());
    assertEquals(LocalDate.of(2024, 12, 31), d.expiry());
    assertEquals(30_000, debit(card).ecBalanceFen());
  }

  @Test
  void memberDataIsDecodedForEachCategory() throws Exception {
    assertEquals(MemberCategory.MODEL_WORKER,
        kernel.begin(card("model-worker"), new Purchase(100, false, true)).member().category());
    assertNull(kernel.begin(card("non-member-unionpay"), new Purchase(100, false, true)).member());
  }

  @Test
  void aCardAnswering61xxIsReadThroughGetResponse() throws Exception {
    CardDecision d = kernel.begin(Profiles.card("chaining-61xx", dir.resolve("c.json")), new Purchase(100, false, true));
    assertEquals(CardDecision.Kind.OFFLINE_APPROVED, d.kind(), d.toString());
  }

  // ------------------------------------------------------------------------------------------------ torn cards

  /** The card leaves the field after the APDU before the k-th was answered; the e-cash moves only with a TC. */
  @Test
  void aCardTornAfterEachApduOfAContactlessPurchase() throws Exception {
    for (int k = 1; k <= QPBOC_APDUS; k++) {
      SimulatedCard inner = card("ordinary-member");
      TearingCard card = new TearingCard(inner, k, false, false);
      int at = k;
      assertThrows(CardIoException.class, () -> kernel.begin(card, new Purchase(500, false, true)), "at " + k);
      boolean tcReturned = k > QPBOC_GPO;
      assertEquals(tcReturned ? 29_500 : 30_000, debit(inner).ecBalanceFen(), () -> "torn before APDU " + at);
    }
  }

  /**
   * Torn while the card runs the qPBOC GPO: the card has made its TC and taken the e-cash, the answer is lost. The
   * kernel can only report the card gone; the card's log holds the purchase (docs/card-payment.md, torn TC).
   */
  @Test
  void aCardTornDuringTheQpbocGpoHasTakenItsElectronicCash() throws Exception {
    SimulatedCard inner = card("ordinary-member");
    int logged = debit(inner).log().size();
    TearingCard card = new TearingCard(inner, QPBOC_GPO, true, false);
    assertThrows(CardIoException.class, () -> kernel.begin(card, new Purchase(500, false, true)));
    assertEquals(29_500, debit(inner).ecBalanceFen());
    assertEquals(logged + 1, debit(inner).log().size());
  }

  @Test
  void aCardTornAtEachApduOfAContactPurchaseKeepsItsElectronicCash() throws Exception {
    for (int k = 1; k <= CONTACT_APDUS; k++) {
      for (boolean after : new boolean[] {false, true}) {
        SimulatedCard inner = card("ordinary-member");
        TearingCard card = new TearingCard(inner, k, after, false);
        assertThrows(CardIoException.class, () -> kernel.begin(card, new Purchase(500, false, false)));
        assertEquals(30_000, debit(inner).ecBalanceFen());
      }
    }
    SimulatedCard inner = card("ordinary-member");
    TearingCard card = new TearingCard(inner, CONTACT_APDUS + 1, false, false);
    CardDecision d = kernel.begin(card, new Purchase(500, false, false));
    int logged = debit(inner).log().size();
    assertThrows(CardIoException.class, () -> kernel.complete(card, d, new IssuerAnswer(true, Hex.of("3030"),
        new byte[8])));
    assertEquals(logged, debit(inner).log().size(), "no second cryptogram, nothing logged");
  }

  // ------------------------------------------------------------------------------------------------ the bank

  void startBank(SimulatedCard card) throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal(TERMINAL_ID);
    bank.addMerchant(MERCHANT, "Union Shop");
    DebitState s = debit(card);
    bank.addCard(CardSeed.of(s.pan(), s.psn(), "311231", null, 500_000, 20_000L));
    client = new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(), TERMINAL_ID)
        .maxAttempts(1)
        .readTimeout(Duration.ofSeconds(20))
        .callTimeout(Duration.ofSeconds(60))
        .build());
    signOn = client.signOn(TestKeys.terminalMasterKey(TERMINAL_ID));
  }

  AuthorisationResponse authorise(CardDecision d, long amountFen) throws Exception {
    PanProtection p = signOn.keys().panProtection();
    String tx = TERMINAL_ID + "-" + (++sequence);
    return client.authorise(new AuthorisationRequest(tx, MERCHANT, p.panHash(d.pan()), p.encryptPan(d.pan(), tx),
        amountFen, 0, amountFen, "156", Hex.encode(d.iccData()), null));
  }

  static IssuerAnswer answer(AuthorisationResponse a) {
    return new IssuerAnswer(a.approved(), Hex.of(a.arc()), Hex.of(a.arpc()));
  }
}
