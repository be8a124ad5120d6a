package cn.unioncard.agent.card.payment;

import cn.unioncard.agent.card.ApplicationSelection;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.GetResponseTransport;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.agent.card.TracingTransport;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.Afl;
import cn.unioncard.protocol.emv.CandidateList;
import cn.unioncard.protocol.emv.Cid;
import cn.unioncard.protocol.emv.CryptogramInput;
import cn.unioncard.protocol.emv.CryptogramType;
import cn.unioncard.protocol.emv.DirectoryEntry;
import cn.unioncard.protocol.emv.Dol;
import cn.unioncard.protocol.emv.ElectronicCash;
import cn.unioncard.protocol.emv.EmvCommands;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.EmvValues;
import cn.unioncard.protocol.emv.Fci;
import cn.unioncard.protocol.emv.GenerateAcResponse;
import cn.unioncard.protocol.emv.GpoResponse;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.emv.Track2;
import cn.unioncard.protocol.member.MemberData;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UnionPay kernel: a purchase on a card's UnionPay debit or credit application, qPBOC over the contactless
 * interface (JR/T 0025.12: the card decides at GET PROCESSING OPTIONS) and PBOC 3.0 over the contact interface
 * (JR/T 0025.5: first GENERATE AC, then a second one with the issuer's answer). docs/card-payment.md describes the
 * paths, the APDUs of each, the decisions and the reason codes.
 *
 * <p>Stateless between purchases and safe to share: what {@link #complete} needs travels in the decision. A card
 * that answers but cannot pay is a {@link CardDecision.Kind#REFUSED} decision with a reason; the only exceptions
 * are the transport's.
 */
public final class UnionPayKernel implements PaymentKernel {
  private static final Logger LOG = LoggerFactory.getLogger(UnionPayKernel.class);

  /** The applications the kernel pays with: UnionPay debit, credit and quasi-credit, in this order. */
  public static final List<CandidateList.SupportedAid> ACCEPTED_AIDS =
      Collections.unmodifiableList(new ArrayList<>(CardSession.PAYMENT_AIDS.subList(0, 3)));

  /** No UnionPay debit or credit application (a foreign card, a transit-only card, no directory). */
  public static final String CARD_NOT_ACCEPTED = "card_not_accepted";
  /** The application expired before the transaction date (5F24). */
  public static final String CARD_EXPIRED = "card_expired";
  /** The application's effective date (5F25) is after the transaction date. */
  public static final String CARD_NOT_YET_EFFECTIVE = "card_not_yet_effective";
  /** The card refused a command the purchase needs (the detail names it and the status word). */
  public static final String APPLICATION_REFUSED = "application_refused";
  /** A mandatory data object is absent (the detail names it). */
  public static final String CARD_DATA_MISSING = "card_data_missing";
  /** A data object or an answer does not decode, or breaks the protocol (the detail names it). */
  public static final String CARD_DATA_MALFORMED = "card_data_malformed";
  /** Two data objects that must agree do not (PAN and track 2, a GPO object and a record). */
  public static final String CARD_DATA_INCONSISTENT = "card_data_inconsistent";
  /** The card gave an AAC. */
  public static final String CARD_DECLINED = "card_declined";
  /** Completion: the issuer declined. */
  public static final String ISSUER_DECLINED = "issuer_declined";
  /** Completion: the bank did not answer; a contact card was told "Z3" and declined. */
  public static final String ISSUER_UNREACHABLE = "issuer_unreachable";
  /** Completion: the contact card found the ARPC wrong and declined. */
  public static final String ISSUER_AUTHENTICATION_FAILED = "issuer_authentication_failed";

  /** Records the AFL may name at most: a real debit application names 3 to 10. */
  static final int MAX_RECORDS = 64;

  // TTQ (9F66) byte 1 (JR/T 0025.12 Annex A, as EMV Book C-7): b8 MSD, b7 full contactless PBOC, b6 qPBOC,
  // b5 contact chip; byte 2 b8: online cryptogram required.
  static final int TTQ1_CONTACTLESS_PATHS = 0xE0;
  static final int TTQ1_CONTACT_CHIP = 0x10;
  static final int TTQ2_ONLINE_CRYPTOGRAM_REQUIRED = 0x80;
  // CTQ (9F6C) byte 1 b8: online PIN required (JR/T 0025.12 Annex A).
  static final int CTQ1_ONLINE_PIN_REQUIRED = 0x80;
  // TVR (95) byte 1 b8: offline data authentication was not performed (EMV Book 3 Annex C5).
  static final int TVR1_ODA_NOT_PERFORMED = 0x80;
  // TSI (9B) byte 1 b6: card risk management was performed; b5: issuer authentication was performed (Annex C6).
  static final int TSI1_CARD_RISK_MANAGEMENT = 0x20;
  static final int TSI1_ISSUER_AUTHENTICATION = 0x10;
  // CVR byte 3 b4 (PBOC issuer application data): issuer authentication failed.
  static final int CVR3_ISSUER_AUTHENTICATION_FAILED = 0x08;
  /** ARC the terminal gives when it could not go online (EMV Book 4 A6): "Z3", unable to go online, declined. */
  static final byte[] ARC_UNABLE_TO_GO_ONLINE = {'Z', '3'};

  private static final String UNIONPAY_RID = "A000000333";
  private static final Tag TSI = Tag.of(0x9B);
  private static final Tag ARC = Tag.of(0x8A);
  private static final Tag ISSUER_AUTHENTICATION_DATA = Tag.of(0x91);
  private static final Tag APPLICATION_CURRENCY_CODE = Tag.of(0x9F42);
  private static final Tag CVM_RESULTS = Tag.of(0x9F34);
  /** Data a GET PROCESSING OPTIONS or GENERATE AC command holds at most: 255 less the 83 tag and its length. */
  private static final int MAX_DOL_DATA = 252;

  private final TerminalData terminal;

  public UnionPayKernel(TerminalData terminal) {
    this.terminal = Objects.requireNonNull(terminal, "terminal");
  }

  @Override
  public CardIdentity identify(ApduTransport card, boolean contactless) throws TransportException {
    Tx tx = new Tx(channel(card), contactless);
    try {
      CandidateList candidates = CandidateList.build(directory(tx), ACCEPTED_AIDS);
      if (candidates.isEmpty()) {
        throw new Refused(CARD_NOT_ACCEPTED);
      }
      Fci fci = select(tx, candidates);
      readMemberAndBalance(tx);
      readFirstRecord(tx);
      return new CardIdentity(null, tx.aid, contactless, tx.earlyPan, tx.member, tx.ecBalanceBefore,
          new Identified(tx, fci));
    } catch (Refused r) {
      LOG.debug("card refused: {}", r.reason);
      return new CardIdentity(r.reason, null, contactless, null, null, null, null);
    }
  }

  @Override
  public CardDecision authorise(ApduTransport card, CardIdentity identity, Purchase purchase)
      throws TransportException {
    Objects.requireNonNull(purchase, "purchase");
    if (identity == null || !(identity.kernelState() instanceof Identified)) {
      throw new IllegalArgumentException("authorise follows an identify of this kernel that accepted the card, not "
          + identity);
    }
    if (identity.contactless() != purchase.contactless()) {
      throw new IllegalArgumentException("the purchase's interface is not the identified card's");
    }
    Identified state = (Identified) identity.kernelState();
    state.claim();
    Tx tx = state.tx;
    // the trace sits above GET RESPONSE, so it sees whole responses and masks the PAN in them
    tx.card = channel(card);
    tx.purchase = purchase;
    tx.terminalValues = terminal.forTransaction(purchase.amountFen());
    try {
      return run(tx, state.fci);
    } catch (Refused r) {
      LOG.debug("card refused: {}", r.reason);
      return tx.decision(CardDecision.Kind.REFUSED, r.reason, new byte[0], false, null);
    }
  }

  private static ApduTransport channel(ApduTransport card) {
    return new TracingTransport(new GetResponseTransport(card), "payment");
  }

  @Override
  public Completion complete(ApduTransport card, CardDecision decision, IssuerAnswer answer)
      throws TransportException {
    Objects.requireNonNull(answer, "answer");
    if (decision == null || decision.kind() != CardDecision.Kind.ONLINE
        || !(decision.kernelState() instanceof OnlineState)) {
      throw new IllegalArgumentException("complete follows an ONLINE decision of this kernel, not " + decision);
    }
    OnlineState s = (OnlineState) decision.kernelState();
    s.claim();
    if (answer.reached() && (answer.arc().length != 2 || answer.arpc() == null || answer.arpc().length != 8)) {
      throw new IllegalArgumentException("an issuer's answer has an ARC of 2 bytes and an ARPC of 8");
    }
    String issuerReason = !answer.reached() ? ISSUER_UNREACHABLE : answer.approved() ? null : ISSUER_DECLINED;
    if (s.contactless) {
      // qPBOC: the card has left the field; the issuer's word is the outcome (JR/T 0025.12, online processing)
      return new Completion(issuerReason == null, issuerReason, null);
    }
    Map<Tag, byte[]> values = new HashMap<>(s.terminalValues);
    int tsi = TSI1_CARD_RISK_MANAGEMENT;
    if (answer.reached()) {
      values.put(ARC, answer.arc().clone());
      values.put(ISSUER_AUTHENTICATION_DATA, concat(answer.arpc(), answer.arc()));
      tsi |= TSI1_ISSUER_AUTHENTICATION;
    } else {
      values.put(ARC, ARC_UNABLE_TO_GO_ONLINE.clone());
    }
    values.put(TSI, new byte[] {(byte) tsi, 0x00});
    CryptogramType asked = issuerReason == null ? CryptogramType.TC : CryptogramType.AAC;
    ApduTransport channel = new TracingTransport(new GetResponseTransport(card), "payment");
    ResponseApdu r = ApplicationSelection.send(channel,
        EmvCommands.generateAc(asked, false, s.cdol2.build(values)));
    if (!r.isOk()) {
      return new Completion(false, APPLICATION_REFUSED + ": second GENERATE AC answered " + r.status(), null);
    }
    GenerateAcResponse g;
    try {
      g = GenerateAcResponse.decode(r.data());
    } catch (DecodeException e) {
      return new Completion(false, CARD_DATA_MALFORMED + ": second GENERATE AC answer: " + e.getMessage(), null);
    }
    byte[] ac = g.applicationCryptogram();
    CryptogramType got = g.cid().type();
    if (got == CryptogramType.TC && asked == CryptogramType.TC) {
      return new Completion(true, null, ac);
    }
    if (got != CryptogramType.AAC) {
      return new Completion(false, CARD_DATA_MALFORMED + ": second GENERATE AC gave " + got + " when "
          + asked + " was asked", ac);
    }
    if (issuerReason != null) {
      return new Completion(false, issuerReason, ac);
    }
    return new Completion(false, issuerAuthenticationFailed(g) ? ISSUER_AUTHENTICATION_FAILED : CARD_DECLINED, ac);
  }

  // ---------------------------------------------------------------------------------------------- the paths

  private CardDecision run(Tx tx, Fci fci) throws TransportException, Refused {
    GpoResponse gpo = processingOptions(tx, fci);
    readRecords(tx, gpo);
    cardholderData(tx);
    if (tx.earlyPan != null && !tx.earlyPan.equals(tx.pan)) {
      throw new Refused(CARD_DATA_INCONSISTENT + ": the PAN read before GET PROCESSING OPTIONS differs from the records'");
    }
    return tx.contactless ? qpboc(tx, gpo) : contact(tx, gpo);
  }

  /**
   * READ RECORD of SFI 1 record 1 before GET PROCESSING OPTIONS: where PBOC cards keep track 2 equivalent data (57),
   * hence the PAN, so the checkout knows the card before the amount is fixed. A card that refuses (EMV Book 3 lets
   * it ask for the processing options first) or gives no PAN there is identified after GET PROCESSING OPTIONS as
   * before. The record is kept and not read again when the AFL names it.
   */
  private static void readFirstRecord(Tx tx) throws TransportException {
    ResponseApdu r = tx.send(IsoCommands.readRecord(1, 1));
    if (!r.isOk()) {
      return;
    }
    try {
      Tlv t = BerTlv.decodeOne(r.data());
      if (!t.tag().equals(EmvTags.RECORD_TEMPLATE)) {
        return;
      }
      Pan pan = null;
      for (Tlv o : t.children()) {
        if (o.tag().equals(EmvTags.PAN)) {
          pan = Pan.decode(o.value());
        } else if (o.tag().equals(EmvTags.TRACK2) && pan == null) {
          pan = Track2.decode(o.value()).pan();
        }
      }
      tx.firstRecord = r.data();
      tx.earlyPan = pan != null && pan.luhnValid() ? pan : null;
    } catch (DecodeException e) {
      // read again after the processing options, where a malformed record refuses the card with its reason
      tx.firstRecord = null;
    }
  }

  /** Contactless: the PPSE only (EMV Book B 3.3). Contact: the PSE, else SELECT of each accepted AID. */
  private static List<DirectoryEntry> directory(Tx tx) throws TransportException, Refused {
    String[] problem = new String[1];
    ApplicationSelection.Problems problems = (field, message) -> problem[0] = message;
    if (tx.contactless) {
      List<DirectoryEntry> entries = ApplicationSelection.ppse(tx.card, problems);
      if (entries == null && problem[0] != null) {
        throw new Refused(CARD_DATA_MALFORMED + ": " + problem[0]);
      }
      return entries == null ? Collections.<DirectoryEntry>emptyList() : entries;
    }
    List<DirectoryEntry> entries = ApplicationSelection.pse(tx.card, problems);
    return entries != null ? entries : ApplicationSelection.byAid(tx.card, ACCEPTED_AIDS);
  }

  /** SELECT the candidates in priority order; the first that accepts is the application (EMV Book 1 12.4). */
  private static Fci select(Tx tx, CandidateList candidates) throws TransportException, Refused {
    for (DirectoryEntry candidate : candidates.candidates()) {
      ResponseApdu sel = tx.send(IsoCommands.selectByName(candidate.name()));
      if (!sel.isOk()) {
        continue;
      }
      Fci fci;
      try {
        fci = Fci.decode(sel.data());
      } catch (DecodeException e) {
        throw new Refused(CARD_DATA_MALFORMED + ": FCI of " + Hex.encode(candidate.name()) + ": " + e.getMessage());
      }
      byte[] name = fci.dfName();
      if (!startsWith(name, candidate.name())) {
        throw new Refused(CARD_DATA_INCONSISTENT + ": SELECT " + Hex.encode(candidate.name()) + " answered the FCI of "
            + Hex.encode(name));
      }
      tx.aid = Hex.encode(name);
      return fci;
    }
    throw new Refused(CARD_NOT_ACCEPTED);
  }

  /**
   * GET DATA {@code BF51} (member data) and {@code 9F79} (electronic-cash balance), both before GET PROCESSING
   * OPTIONS: a card that leaves after a qPBOC TC then has given everything but its records.
   */
  private static void readMemberAndBalance(Tx tx) throws TransportException {
    ResponseApdu m = tx.send(EmvCommands.getData(MemberData.TAG));
    if (m.isOk()) {
      try {
        tx.member = MemberData.parse(m.data());
      } catch (DecodeException e) {
        // not mandatory: the checkout can still find the member by the PAN's hash
        LOG.warn("member data (BF51) on the card does not decode, taken as absent: {}", e.getMessage());
      }
    }
    if (!tx.aid.startsWith(UNIONPAY_RID)) {
      return;
    }
    ResponseApdu ec = tx.send(EmvCommands.getData(EmvTags.EC_BALANCE));
    if (ec.isOk()) {
      try {
        Tlv balance = EmvCommands.getDataResponse(EmvTags.EC_BALANCE, ec.data());
        tx.ecBalanceBefore = ElectronicCash.of(Collections.singletonList(balance)).balance();
      } catch (DecodeException e) {
        LOG.warn("electronic-cash balance (9F79) does not decode, taken as absent: {}", e.getMessage());
      }
    }
  }

  private static GpoResponse processingOptions(Tx tx, Fci fci) throws TransportException, Refused {
    byte[] ttq = tx.terminalValues.get(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS).clone();
    if (tx.contactless) {
      if (tx.purchase.forceOnline()) {
        ttq[1] |= TTQ2_ONLINE_CRYPTOGRAM_REQUIRED;
      }
    } else {
      ttq[0] = (byte) ((ttq[0] & ~TTQ1_CONTACTLESS_PATHS) | TTQ1_CONTACT_CHIP);
    }
    tx.terminalValues.put(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS, ttq);
    Dol pdol;
    try {
      pdol = fci.pdol();
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": PDOL (9F38): " + e.getMessage());
    }
    byte[] data = new byte[0];
    if (pdol != null) {
      data = dolData(pdol, tx.terminalValues, "PDOL (9F38)", false);
      tx.cryptogramValues = fitted(pdol, data);
    }
    ResponseApdu r = tx.send(EmvCommands.getProcessingOptions(data));
    if (!r.isOk()) {
      throw new Refused(APPLICATION_REFUSED + ": GET PROCESSING OPTIONS answered " + r.status());
    }
    try {
      GpoResponse gpo = GpoResponse.decode(r.data());
      tx.aip = gpo.aip().encode();
      return gpo;
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": GET PROCESSING OPTIONS answer: " + e.getMessage());
    }
  }

  /** READ RECORD each record the AFL names; a record refused or not a {@code 70} template ends the purchase. */
  private static void readRecords(Tx tx, GpoResponse gpo) throws TransportException, Refused {
    Map<Tag, byte[]> fromGpo = new HashMap<>();
    if (gpo.format() == 2) {
      for (Tlv t : gpo.dataObjects()) {
        fromGpo.putIfAbsent(t.tag(), t.value());
      }
    }
    Afl afl = gpo.afl();
    if (afl.recordCount() > MAX_RECORDS) {
      throw new Refused(CARD_DATA_MALFORMED + ": the AFL (94) names " + afl.recordCount() + " records, at most "
          + MAX_RECORDS);
    }
    for (Afl.Entry e : afl.entries()) {
      for (int n = e.firstRecord(); n <= e.lastRecord(); n++) {
        String where = "record " + n + " of SFI " + e.sfi();
        ResponseApdu rec = e.sfi() == 1 && n == 1 && tx.firstRecord != null
            ? new ResponseApdu(tx.firstRecord, 0x9000) : tx.send(IsoCommands.readRecord(n, e.sfi()));
        if (!rec.isOk()) {
          throw new Refused(CARD_DATA_MISSING + ": READ RECORD of " + where + " answered " + rec.status());
        }
        Tlv t;
        try {
          t = BerTlv.decodeOne(rec.data());
        } catch (DecodeException bad) {
          throw new Refused(CARD_DATA_MALFORMED + ": " + where + ": " + bad.getMessage());
        }
        if (!t.tag().equals(EmvTags.RECORD_TEMPLATE)) {
          throw new Refused(CARD_DATA_MALFORMED + ": " + where + ": template 70 expected, got " + t.tag().hex());
        }
        for (Tlv o : t.children()) {
          // EMV Book 3 10.2: a data object twice in the records ends the transaction
          if (tx.records.put(o.tag(), o.value()) != null) {
            throw new Refused(CARD_DATA_MALFORMED + ": tag " + o.tag().hex() + " appears twice in the records");
          }
          byte[] early = fromGpo.get(o.tag());
          if (early != null && !Arrays.equals(early, o.value())) {
            throw new Refused(CARD_DATA_INCONSISTENT + ": tag " + o.tag().hex()
                + " differs between the GET PROCESSING OPTIONS answer and " + where);
          }
        }
      }
    }
    for (Map.Entry<Tag, byte[]> e : fromGpo.entrySet()) {
      tx.records.putIfAbsent(e.getKey(), e.getValue());
    }
  }

  /** PAN, expiry, PAN sequence number and track 2, checked against each other and the transaction date. */
  private static void cardholderData(Tx tx) throws Refused {
    Track2 track2 = null;
    byte[] t2 = tx.records.get(EmvTags.TRACK2);
    try {
      if (t2 != null) {
        track2 = Track2.decode(t2);
      }
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": track 2 (57): " + e.getMessage());
    }
    byte[] panValue = tx.records.get(EmvTags.PAN);
    Pan pan;
    try {
      pan = panValue != null ? Pan.decode(panValue) : track2 != null ? track2.pan() : null;
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": PAN (5A): " + e.getMessage());
    }
    if (pan == null) {
      throw new Refused(CARD_DATA_MISSING + ": PAN (5A) and track 2 (57)");
    }
    if (!pan.luhnValid()) {
      throw new Refused(CARD_DATA_MALFORMED + ": PAN (5A) fails its check digit");
    }
    tx.pan = pan;
    byte[] exp = tx.records.get(EmvTags.EXPIRY_DATE);
    try {
      tx.expiry = exp != null ? EmvValues.expiryDate(exp) : track2 != null ? track2.expiry().atEndOfMonth() : null;
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": expiry date (5F24): " + e.getMessage());
    }
    if (tx.expiry == null) {
      throw new Refused(CARD_DATA_MISSING + ": expiry date (5F24)");
    }
    if (track2 != null && !track2.agreesWith(pan, tx.expiry)) {
      throw new Refused(CARD_DATA_INCONSISTENT + ": track 2 (57) disagrees with the PAN or the expiry date");
    }
    byte[] psn = tx.records.get(EmvTags.PAN_SEQUENCE_NUMBER);
    if (psn != null) {
      try {
        EmvTags.checkLength(EmvTags.PAN_SEQUENCE_NUMBER, psn);
        tx.panSequence = (int) EmvValues.numeric(psn, "PAN sequence number");
        tx.psn = psn.clone();
      } catch (DecodeException e) {
        throw new Refused(CARD_DATA_MALFORMED + ": PAN sequence number (5F34): " + e.getMessage());
      }
    }
    LocalDate today = tx.transactionDate();
    if (today.isAfter(tx.expiry)) {
      throw new Refused(CARD_EXPIRED);
    }
    byte[] eff = tx.records.get(EmvTags.EFFECTIVE_DATE);
    if (eff != null) {
      try {
        if (today.isBefore(EmvValues.effectiveDate(eff))) {
          throw new Refused(CARD_NOT_YET_EFFECTIVE);
        }
      } catch (DecodeException e) {
        throw new Refused(CARD_DATA_MALFORMED + ": effective date (5F25): " + e.getMessage());
      }
    }
  }

  /** qPBOC: the cryptogram came with the processing options. */
  private static CardDecision qpboc(Tx tx, GpoResponse gpo) throws Refused {
    if (gpo.format() != 2) {
      throw new Refused(CARD_DATA_MISSING + ": no cryptogram in the GET PROCESSING OPTIONS answer (format 1)");
    }
    Cid cid;
    byte[] ac;
    byte[] iad;
    byte[] ctq;
    try {
      cid = gpo.cid();
      ac = gpo.applicationCryptogram();
      iad = gpo.issuerApplicationData();
      ctq = gpo.cardTransactionQualifiers();
      gpo.atc();
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": GET PROCESSING OPTIONS answer: " + e.getMessage());
    }
    Tlv atc = gpo.find(EmvTags.ATC);
    requirePresent(cid, "cryptogram information data (9F27)");
    requirePresent(ac, "application cryptogram (9F26)");
    requirePresent(iad, "issuer application data (9F10)");
    requirePresent(atc, "application transaction counter (9F36)");
    boolean onlinePin = ctq != null && (ctq[0] & CTQ1_ONLINE_PIN_REQUIRED) != 0;
    Map<Tag, byte[]> extra = new LinkedHashMap<>();
    extra.put(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS, tx.sent(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS));
    if (ctq != null) {
      extra.put(EmvTags.CARD_TRANSACTION_QUALIFIERS, ctq);
    }
    byte[] icc = iccData(tx, cid, ac, iad, atc.value(), extra);
    return decide(tx, cid.type(), icc, onlinePin, new OnlineState(true, null, null));
  }

  /** PBOC contact: cardholder verification, then the first GENERATE AC with CDOL1. */
  private static CardDecision contact(Tx tx, GpoResponse gpo) throws TransportException, Refused {
    Dol cdol1 = dol(tx, EmvTags.CDOL1, "CDOL1 (8C)");
    Dol cdol2 = dol(tx, EmvTags.CDOL2, "CDOL2 (8D)");
    CardholderVerification cvm;
    try {
      byte[] appCurrency = tx.records.get(APPLICATION_CURRENCY_CODE);
      boolean sameCurrency = appCurrency == null
          || Arrays.equals(appCurrency, tx.terminalValues.get(EmvTags.TRANSACTION_CURRENCY_CODE));
      cvm = CardholderVerification.of(tx.records.get(EmvTags.CVM_LIST), tx.purchase.amountFen(),
          appCurrency != null && sameCurrency);
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": CVM list (8E): " + e.getMessage());
    }
    tx.terminalValues.put(CVM_RESULTS, cvm.results());
    byte[] tvr = tx.terminalValues.get(EmvTags.TVR).clone();
    tvr[0] |= TVR1_ODA_NOT_PERFORMED; // this terminal does no offline data authentication
    tx.terminalValues.put(EmvTags.TVR, tvr);
    // the second GENERATE AC must fit a command too: checked now, while the purchase can still be refused
    Map<Tag, byte[]> probe = new HashMap<>(tx.terminalValues);
    dolData(cdol2, probe, "CDOL2 (8D)", true);
    boolean ecCanPay = tx.ecBalanceBefore != null && tx.ecBalanceBefore >= tx.purchase.amountFen();
    CryptogramType asked = !tx.purchase.forceOnline() && ecCanPay ? CryptogramType.TC : CryptogramType.ARQC;
    byte[] data = dolData(cdol1, tx.terminalValues, "CDOL1 (8C)", true);
    tx.cryptogramValues = fitted(cdol1, data);
    ResponseApdu r = tx.send(EmvCommands.generateAc(asked, false, data));
    if (!r.isOk()) {
      throw new Refused(APPLICATION_REFUSED + ": GENERATE AC answered " + r.status());
    }
    GenerateAcResponse g;
    try {
      g = GenerateAcResponse.decode(r.data());
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": GENERATE AC answer: " + e.getMessage());
    }
    CryptogramType got = g.cid().type();
    if (got == CryptogramType.AAR || (got == CryptogramType.TC && asked != CryptogramType.TC)) {
      throw new Refused(CARD_DATA_MALFORMED + ": GENERATE AC gave " + got + " when " + asked + " was asked");
    }
    byte[] ac = g.applicationCryptogram();
    requirePresent(ac, "application cryptogram (9F26)");
    Map<Tag, byte[]> extra = new LinkedHashMap<>();
    extra.put(CVM_RESULTS, tx.sent(CVM_RESULTS));
    byte[] icc = iccData(tx, g.cid(), ac, g.issuerApplicationData(), counter(g.atc()), extra);
    return decide(tx, got, icc, cvm.onlinePin(),
        new OnlineState(false, cdol2, Collections.unmodifiableMap(new HashMap<>(tx.terminalValues))));
  }

  private static CardDecision decide(Tx tx, CryptogramType type, byte[] icc, boolean onlinePin, OnlineState online)
      throws Refused {
    switch (type) {
      case TC:
        tx.ecBalanceAfter = tx.ecBalanceBefore == null || tx.ecBalanceBefore < tx.purchase.amountFen()
            ? null : tx.ecBalanceBefore - tx.purchase.amountFen();
        return tx.decision(CardDecision.Kind.OFFLINE_APPROVED, null, icc, onlinePin, null);
      case ARQC:
        return tx.decision(CardDecision.Kind.ONLINE, null, icc, onlinePin, online);
      case AAC:
        return tx.decision(CardDecision.Kind.DECLINED, CARD_DECLINED, icc, onlinePin, null);
      default:
        throw new Refused(CARD_DATA_MALFORMED + ": cryptogram information data (9F27) names type " + type);
    }
  }

  /**
   * The ICC data of the authorisation: the cryptogram, its counter and issuer application data, and the
   * terminal data exactly as the card got them (the cryptogram covers them: {@link CryptogramInput}).
   */
  private static byte[] iccData(Tx tx, Cid cid, byte[] ac, byte[] iad, byte[] atc, Map<Tag, byte[]> extra)
      throws Refused {
    Map<Tag, byte[]> m = new LinkedHashMap<>();
    m.put(EmvTags.APPLICATION_CRYPTOGRAM, ac);
    m.put(EmvTags.CID, cid.encode());
    m.put(EmvTags.ISSUER_APPLICATION_DATA, iad);
    m.put(EmvTags.UNPREDICTABLE_NUMBER, tx.sent(EmvTags.UNPREDICTABLE_NUMBER));
    m.put(EmvTags.ATC, atc);
    m.put(EmvTags.TVR, tx.sent(EmvTags.TVR));
    m.put(EmvTags.TRANSACTION_DATE, tx.sent(EmvTags.TRANSACTION_DATE));
    m.put(EmvTags.TRANSACTION_TYPE, tx.sent(EmvTags.TRANSACTION_TYPE));
    m.put(EmvTags.AMOUNT_AUTHORISED, tx.sent(EmvTags.AMOUNT_AUTHORISED));
    m.put(EmvTags.AMOUNT_OTHER, tx.sent(EmvTags.AMOUNT_OTHER));
    m.put(EmvTags.TRANSACTION_CURRENCY_CODE, tx.sent(EmvTags.TRANSACTION_CURRENCY_CODE));
    m.put(EmvTags.AIP, tx.aip);
    m.put(EmvTags.TERMINAL_COUNTRY_CODE, tx.sent(EmvTags.TERMINAL_COUNTRY_CODE));
    // no PAN sequence number on the card: 00, as the key derivation takes it (EMV Book 2 A1.4)
    m.put(EmvTags.PAN_SEQUENCE_NUMBER, tx.psn != null ? tx.psn : new byte[] {0x00});
    m.put(EmvTags.DF_NAME, Hex.of(tx.aid));
    m.put(EmvTags.TERMINAL_TYPE, tx.sent(EmvTags.TERMINAL_TYPE));
    m.putAll(extra);
    try {
      CryptogramInput.build(m);
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": cryptogram data: " + e.getMessage());
    }
    List<Tlv> out = new ArrayList<>(m.size());
    for (Map.Entry<Tag, byte[]> e : m.entrySet()) {
      out.add(Tlv.of(e.getKey(), e.getValue()));
    }
    return BerTlv.encode(out);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static Dol dol(Tx tx, Tag tag, String what) throws Refused {
    byte[] v = tx.records.get(tag);
    if (v == null) {
      throw new Refused(CARD_DATA_MISSING + ": " + what);
    }
    try {
      return Dol.parse(v);
    } catch (DecodeException e) {
      throw new Refused(CARD_DATA_MALFORMED + ": " + what + ": " + e.getMessage());
    }
  }

  private static byte[] dolData(Dol dol, Map<Tag, byte[]> values, String what, boolean nonEmpty) throws Refused {
    int n = dol.dataLength();
    if (n > MAX_DOL_DATA || (nonEmpty && n == 0)) {
      throw new Refused(CARD_DATA_MALFORMED + ": " + what + " asks for " + n + " bytes, a command holds 1 to "
          + MAX_DOL_DATA);
    }
    return dol.build(values);
  }

  /** The values as the card got them: each DOL entry's bytes, fitted to its length (first entry of a tag wins). */
  private static Map<Tag, byte[]> fitted(Dol dol, byte[] data) {
    Map<Tag, byte[]> m = new HashMap<>();
    try {
      for (Dol.Field f : dol.split(data)) {
        m.putIfAbsent(f.tag(), f.value());
      }
    } catch (DecodeException impossible) {
      throw new IllegalStateException("the data was built from this DOL", impossible);
    }
    return m;
  }

  private static void requirePresent(Object v, String what) throws Refused {
    if (v == null) {
      throw new Refused(CARD_DATA_MISSING + ": " + what);
    }
  }

  private static boolean issuerAuthenticationFailed(GenerateAcResponse g) {
    try {
      byte[] cvr = CryptogramInput.cvr(g.issuerApplicationData());
      return (cvr[3] & CVR3_ISSUER_AUTHENTICATION_FAILED) != 0;
    } catch (DecodeException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length && Arrays.equals(Arrays.copyOf(a, prefix.length), prefix);
  }

  private static byte[] counter(int n) {
    return new byte[] {(byte) (n >>> 8), (byte) n};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A purchase the card cannot make: the reason, no stack trace (it is an answer, not a fault). */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String reason;

    Refused(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }

  /** What {@link #authorise} continues from: opaque to the caller, used once. */
  static final class Identified {
    final Tx tx;
    final Fci fci;
    private boolean used;

    Identified(Tx tx, Fci fci) {
      this.tx = tx;
      this.fci = fci;
    }

    synchronized void claim() {
      if (used) {
        throw new IllegalStateException("this card was authorised already: identify it again");
      }
      used = true;
    }

    @Override
    public String toString() {
      return "identified, processing options pending";
    }
  }

  /** What {@link #complete} needs: opaque to the caller, used once. */
  static final class OnlineState {
    final boolean contactless;
    final Dol cdol2;
    final Map<Tag, byte[]> terminalValues;
    private boolean completed;

    OnlineState(boolean contactless, Dol cdol2, Map<Tag, byte[]> terminalValues) {
      this.contactless = contactless;
      this.cdol2 = cdol2;
      this.terminalValues = terminalValues;
    }

    synchronized void claim() {
      if (completed) {
        throw new IllegalStateException("this purchase was completed already");
      }
      completed = true;
    }

    @Override
    public String toString() {
      return contactless ? "qPBOC online" : "PBOC online, second GENERATE AC pending";
    }
  }

  /** One purchase in progress. */
  private static final class Tx {
    ApduTransport card;
    final boolean contactless;
    /** Set by {@code authorise}. */
    Purchase purchase;
    /** The terminal's data, as the kernel fills it in (TTQ, TVR, CVM results); set by {@code authorise}. */
    Map<Tag, byte[]> terminalValues;
    /** SFI 1 record 1 as read before the processing options, or null. */
    byte[] firstRecord;
    /** The PAN in that record, or null. */
    Pan earlyPan;
    /** The values the cryptogram command carried, fitted to its DOL (PDOL for qPBOC, CDOL1 for contact). */
    Map<Tag, byte[]> cryptogramValues = Collections.emptyMap();
    /** The card's data objects: the records, and the GET PROCESSING OPTIONS answer's where the records lack one. */
    final Map<Tag, byte[]> records = new HashMap<>();
    String aid;
    byte[] aip;
    Pan pan;
    LocalDate expiry;
    int panSequence = -1;
    byte[] psn;
    MemberData member;
    Long ecBalanceBefore;
    Long ecBalanceAfter;

    Tx(ApduTransport card, boolean contactless) {
      this.card = card;
      this.contactless = contactless;
    }

    ResponseApdu send(CommandApdu c) throws TransportException {
      return ApplicationSelection.send(card, c);
    }

    /** A terminal value as the card got it. */
    byte[] sent(Tag tag) {
      byte[] v = cryptogramValues.get(tag);
      return v != null ? v : terminalValues.get(tag);
    }

    LocalDate transactionDate() {
      try {
        return EmvValues.transactionDate(terminalValues.get(EmvTags.TRANSACTION_DATE));
      } catch (DecodeException e) {
        throw new IllegalStateException("the terminal's own date does not decode", e);
      }
    }

    CardDecision decision(CardDecision.Kind kind, String reason, byte[] icc, boolean onlinePin, Object state) {
      Long ec = kind == CardDecision.Kind.OFFLINE_APPROVED ? ecBalanceAfter : ecBalanceBefore;
      return new CardDecision(kind, reason, pan, panSequence, expiry, aid, contactless, member, ec,
          onlinePin, icc, state);
    }
  }
}
