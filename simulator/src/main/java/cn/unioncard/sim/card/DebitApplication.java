package cn.unioncard.sim.card;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.crypto.ApplicationCryptogram;
import cn.unioncard.protocol.crypto.EmvKeyDerivation;
import cn.unioncard.protocol.emv.CryptogramInput;
import cn.unioncard.protocol.emv.Dol;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.EmvValues;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.emv.Track2;
import cn.unioncard.protocol.member.MemberData;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The UnionPay debit application ({@code A000000333010101}) of a simulated card, modelled on real UnionPay debit
 * cards (shared/vectors/card-captures.md): the FCI and PDOL of capture V3, qPBOC decisions in GET PROCESSING
 * OPTIONS, the contact flow with two GENERATE ACs, application cryptograms with PBOC session keys, the
 * electronic-cash purse, the transaction log and the union member data object. docs/card-profile.md describes
 * every record and the cryptogram recipe.
 *
 * <p>Never throws for a command: every refusal is the status word a card gives.
 */
public final class DebitApplication implements CardApplication {
  public static final String AID_HEX = "A000000333010101";

  /** The PDOL of a real UnionPay debit card, capture V3 (card-captures.md §2.1 step 3). */
  public static final String PDOL_HEX = "9F66049F02069F03069F1A0295055F2A029A039C019F3704DF6001";

  /** CDOL1 of a UnionPay card, card-captures.md §2.1 step 7. */
  public static final String CDOL1_HEX = "9F02069F03069F1A0295055F2A029A039C019F37049F21039F4E149F3403";

  /**
   * CDOL2: the UnionPay CDOL2 of card-captures.md §2.1 step 7 with the issuer authentication data {@code 910A}
   * (ARPC ‖ ARC) after the ARC, so the second GENERATE AC carries the bank's answer.
   */
  public static final String CDOL2_HEX = "8A02910A9F02069F03069F1A0295055F2A029A039C019F37049F21039B02";

  /** The log format of PBOC debit cards: date, time, amount, other amount, country, currency, merchant, type, ATC. */
  public static final String LOG_FORMAT_HEX = "9A039F21039F02069F03069F1A025F2A029F4E149C019F3602";

  /** AIP: cardholder verification, terminal risk management, issuer authentication (no offline data authentication). */
  public static final String AIP_HEX = "1C00";

  /** AFL: SFI 1 record 1, SFI 2 records 1-2, none for offline data authentication. */
  public static final String AFL_HEX = "0801010010010200";

  /** Log entry 9F4D (SFI 11, 10 records) and load log entry DF4D (SFI 12, 10 records), capture V3. */
  static final int LOG_SFI = 11;
  static final int LOAD_LOG_SFI = 12;

  /** CVN 01, derivation key index 01: the PBOC issuer application data before the CVR. */
  private static final int DKI = 0x01;
  private static final int CVN = 0x01;

  // CVR byte 1 (PBOC, as in VIS): bits 8-7 second GENERATE AC type, bits 6-5 first GENERATE AC type.
  private static final int CVR_SECOND_NOT_REQUESTED = 0x80;
  private static final int CVR_FIRST_TC = 0x10;
  private static final int CVR_FIRST_ARQC = 0x20;
  private static final int CVR_FIRST_AAC = 0x00;
  private static final int CVR_SECOND_TC = 0x40;
  private static final int CVR_SECOND_AAC = 0x00;
  // CVR byte 3 bit 4: issuer authentication failed on the last online transaction.
  private static final int CVR_ISSUER_AUTH_FAILED = 0x08;

  static final int CID_AAC = 0x00;
  static final int CID_TC = 0x40;
  static final int CID_ARQC = 0x80;

  private static final Dol PDOL = dol(PDOL_HEX);
  private static final Dol CDOL1 = dol(CDOL1_HEX);
  private static final Dol CDOL2 = dol(CDOL2_HEX);
  private static final Dol LOG_FORMAT = dol(LOG_FORMAT_HEX);
  private static final byte[] AID = Hex.of(AID_HEX);
  private static final byte[] ARC_APPROVED = {0x30, 0x30};

  private final DebitState state;
  private final MemberData member;

  /** The transaction in progress since GET PROCESSING OPTIONS; null when none. */
  private Transaction tx;

  private enum Stage {
    PROCESSING, // after a contact GPO: waiting for the first GENERATE AC
    ONLINE, // after a first GENERATE AC that gave an ARQC: waiting for the second
    DONE
  }

  private static final class Transaction {
    final int atc;
    Stage stage = Stage.PROCESSING;
    byte[] arqc;
    Boolean externalAuthentication;
    byte[] externalAuthenticationArc;
    Map<Tag, byte[]> firstAcData;

    Transaction(int atc) {
      this.atc = atc;
    }
  }

  public DebitApplication(DebitState state, MemberData member) {
    this.state = state;
    this.member = member;
  }

  public DebitState state() {
    return state;
  }

  @Override
  public byte[] aid() {
    return AID.clone();
  }

  @Override
  public ResponseApdu select() {
    return new ResponseApdu(fci(state.label, state.priority), 0x9000);
  }

  /** The FCI: capture V3's layout with this card's label and priority. */
  static byte[] fci(String label, int priority) {
    byte[] l = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Tlv bf0c = Tlv.constructed(Tag.of(0xBF0C),
        Tlv.of(EmvTags.LOG_ENTRY, new byte[] {(byte) LOG_SFI, (byte) DebitState.LOG_CAPACITY}),
        Tlv.of(EmvTags.LOAD_LOG_ENTRY, new byte[] {(byte) LOAD_LOG_SFI, (byte) DebitState.LOG_CAPACITY}),
        Tlv.of(Tag.of(0xDF61), new byte[] {0x02}));
    Tlv a5 = Tlv.constructed(EmvTags.FCI_PROPRIETARY_TEMPLATE,
        Tlv.of(EmvTags.APPLICATION_LABEL, l),
        Tlv.of(EmvTags.APPLICATION_PRIORITY_INDICATOR, new byte[] {(byte) priority}),
        Tlv.of(EmvTags.PDOL, PDOL.encode()),
        Tlv.of(EmvTags.LANGUAGE_PREFERENCE, new byte[] {'z', 'h'}),
        Tlv.of(EmvTags.ISSUER_CODE_TABLE_INDEX, new byte[] {0x01}),
        Tlv.of(EmvTags.APPLICATION_PREFERRED_NAME, l),
        bf0c);
    return Tlv.constructed(EmvTags.FCI_TEMPLATE, Tlv.of(EmvTags.DF_NAME, AID), a5).encode();
  }

  @Override
  public void deselect() {
    tx = null;
  }

  @Override
  public ResponseApdu process(CommandApdu c) {
    switch (c.ins()) {
      case 0xB2:
        return c.cla() != 0x00 ? sw(0x6E00) : readRecord(c);
      case 0xA8:
        return c.cla() != 0x80 ? sw(0x6E00) : gpo(c);
      case 0xAE:
        return c.cla() != 0x80 ? sw(0x6E00) : generateAc(c);
      case 0xCA:
        return c.cla() != 0x80 ? sw(0x6E00) : getData(c);
      case 0x82:
        return c.cla() != 0x00 ? sw(0x6E00) : externalAuthenticate(c);
      default:
        return sw(0x6D00);
    }
  }

  // ---- READ RECORD (ISO 7816-4 7.3.3; EMV Book 1 11.2) ----

  private ResponseApdu readRecord(CommandApdu c) {
    if ((c.p2() & 0x07) != 0x04 || c.p1() == 0) {
      return sw(0x6A86);
    }
    if (c.nc() != 0) {
      return sw(0x6700);
    }
    int sfi = c.p2() >> 3;
    int n = c.p1();
    List<byte[]> records = records(sfi);
    if (records == null) {
      return sw(0x6A82);
    }
    if (n > records.size()) {
      return sw(0x6A83);
    }
    return new ResponseApdu(records.get(n - 1), 0x9000);
  }

  /** The records of an SFI, or null when the application has no such file. */
  List<byte[]> records(int sfi) {
    switch (sfi) {
      case 1:
        return List.of(record(track2(), nameTlv()));
      case 2:
        return List.of(
            record(
                Tlv.of(EmvTags.PAN, pan().encode()),
                Tlv.of(EmvTags.EXPIRY_DATE, EmvValues.encodeDate(state.expiryDate)),
                Tlv.of(EmvTags.EFFECTIVE_DATE, EmvValues.encodeDate(state.effectiveDate)),
                Tlv.of(EmvTags.ISSUER_COUNTRY_CODE, Hex.of("0156")),
                Tlv.of(EmvTags.PAN_SEQUENCE_NUMBER, Hex.of(state.psn())),
                Tlv.of(EmvTags.SERVICE_CODE, Hex.of("0" + state.serviceCode)),
                Tlv.of(Tag.of(0x9F07), Hex.of("FF00")), // application usage control
                Tlv.of(EmvTags.APPLICATION_VERSION_NUMBER, Hex.of("0030")),
                Tlv.of(Tag.of(0x9F42), Hex.of("0156"))), // application currency code
            record(
                Tlv.of(EmvTags.CDOL1, CDOL1.encode()),
                Tlv.of(EmvTags.CDOL2, CDOL2.encode()),
                // CVM list: X = Y = 0; online PIN if the terminal supports it, signature, no CVM
                Tlv.of(EmvTags.CVM_LIST, Hex.of("00000000000000004203" + "1E03" + "1F00")),
                Tlv.of(Tag.of(0x9F0D), Hex.of("D8609CA800")), // issuer action code: default
                Tlv.of(Tag.of(0x9F0E), Hex.of("0010000000")), // issuer action code: denial
                Tlv.of(Tag.of(0x9F0F), Hex.of("D8689CF800")), // issuer action code: online
                Tlv.of(EmvTags.APPLICATION_CURRENCY_CODE_PBOC, Hex.of("0156")),
                Tlv.of(EmvTags.LOG_ENTRY, new byte[] {(byte) LOG_SFI, (byte) DebitState.LOG_CAPACITY})));
      case LOG_SFI:
        List<byte[]> log = new ArrayList<>();
        for (DebitState.LogRecord r : state.log) {
          log.add(logRecord(r));
        }
        return log;
      case LOAD_LOG_SFI:
        return List.of();
      default:
        return null;
    }
  }

  private Tlv track2() {
    Track2 t2 = new Track2(pan(), YearMonth.from(state.expiryDate), state.serviceCode, "0000000000000");
    return Tlv.of(EmvTags.TRACK2, t2.encode());
  }

  private Tlv nameTlv() {
    if (state.cardholderName == null) {
      return Tlv.of(EmvTags.CARDHOLDER_NAME, new byte[] {0x20, 0x2F}); // " /": no name
    }
    return Tlv.of(EmvTags.CARDHOLDER_NAME, DebitState.gbk(state.cardholderName));
  }

  private Pan pan() {
    try {
      return Pan.parse(state.pan);
    } catch (DecodeException e) {
      throw new IllegalStateException("profile PAN was checked on load", e);
    }
  }

  private static byte[] record(Tlv... objects) {
    return Tlv.constructed(EmvTags.RECORD_TEMPLATE, objects).encode();
  }

  /** One log record: the log format's values concatenated (EMV Book 3 Annex D). */
  static byte[] logRecord(DebitState.LogRecord r) {
    Map<Tag, byte[]> v = new HashMap<>();
    v.put(EmvTags.TRANSACTION_DATE, EmvValues.encodeDate(r.date()));
    v.put(EmvTags.TRANSACTION_TIME, EmvValues.encodeTime(r.time()));
    v.put(EmvTags.AMOUNT_AUTHORISED, EmvValues.encodeAmount(r.amountFen()));
    v.put(EmvTags.AMOUNT_OTHER, EmvValues.encodeAmount(r.otherAmountFen()));
    v.put(EmvTags.TERMINAL_COUNTRY_CODE, DebitState.bcd(r.country(), 2));
    v.put(EmvTags.TRANSACTION_CURRENCY_CODE, DebitState.bcd(r.currency(), 2));
    v.put(EmvTags.MERCHANT_NAME_AND_LOCATION, r.merchant());
    v.put(EmvTags.TRANSACTION_TYPE, DebitState.bcd(r.type(), 1));
    v.put(EmvTags.ATC, new byte[] {(byte) (r.atc() >> 8), (byte) r.atc()});
    return LOG_FORMAT.build(v);
  }

  // ---- GET DATA (EMV Book 3 6.5.7; JR/T 0025 electronic cash) ----

  private ResponseApdu getData(CommandApdu c) {
    if (c.nc() != 0) {
      return sw(0x6700);
    }
    Tag tag;
    try {
      tag = Tag.read(new cn.unioncard.protocol.ByteReader(new byte[] {(byte) c.p1(), (byte) c.p2()}));
    } catch (DecodeException e) {
      return sw(0x6A88);
    }
    int p1p2 = (c.p1() << 8) | c.p2();
    byte[] value;
    switch (p1p2) {
      case 0x9F79:
        value = EmvValues.encodeAmount(state.ecBalanceFen);
        break;
      case 0x9F77:
        value = EmvValues.encodeAmount(state.ecBalanceLimitFen);
        break;
      case 0x9F78:
        value = EmvValues.encodeAmount(state.ecSingleTransactionLimitFen);
        break;
      case 0x9F5D:
        value = EmvValues.encodeAmount(availableOffline());
        break;
      case 0x9F36:
        value = counter(state.atc);
        break;
      case 0x9F13:
        value = counter(state.lastOnlineAtc);
        break;
      case 0x9F4F:
        value = LOG_FORMAT.encode();
        break;
      case 0x9F51:
        value = Hex.of("0156");
        break;
      case 0xBF51:
        if (member == null) {
          return sw(0x6A88);
        }
        return new ResponseApdu(member.encode(), 0x9000);
      default:
        return sw(0x6A88); // referenced data not found
    }
    return new ResponseApdu(Tlv.of(tag, value).encode(), 0x9000);
  }

  private long availableOffline() {
    return Math.min(state.ecBalanceFen, state.ecSingleTransactionLimitFen);
  }

  // ---- GET PROCESSING OPTIONS (EMV Book 3 6.5.8; qPBOC JR/T 0025.12) ----

  private ResponseApdu gpo(CommandApdu c) {
    if (c.p1() != 0 || c.p2() != 0) {
      return sw(0x6A86);
    }
    byte[] d = c.data();
    int need = PDOL.dataLength();
    if (d.length != need + 2 || (d[0] & 0xFF) != 0x83 || (d[1] & 0xFF) != need) {
      return sw(0x6700);
    }
    if (tx != null) {
      return sw(0x6985); // GPO once per selection (EMV Book 3 6.5.8.4)
    }
    if (state.atc >= 0xFFFF) {
      return sw(0x6985); // the ATC cannot count further: the application is dead
    }
    Map<Tag, byte[]> values = split(PDOL, Arrays.copyOfRange(d, 2, d.length));
    state.atc++;
    tx = new Transaction(state.atc);
    byte[] ttq = values.get(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS);
    boolean qpboc = (ttq[0] & 0x20) != 0; // TTQ byte 1 bit 6: qPBOC supported
    if (!qpboc) {
      Tlv f1 = Tlv.of(EmvTags.RESPONSE_FORMAT_1, concat(Hex.of(AIP_HEX), Hex.of(AFL_HEX)));
      return new ResponseApdu(f1.encode(), 0x9000);
    }
    tx.stage = Stage.DONE;
    int cid;
    if (state.blocked || outOfDates(values.get(EmvTags.TRANSACTION_DATE))) {
      cid = CID_AAC;
    } else if (offlineApproval(values)) {
      cid = CID_TC;
    } else {
      cid = CID_ARQC;
    }
    long amount = amountOrMinusOne(values.get(EmvTags.AMOUNT_AUTHORISED));
    if (cid == CID_TC) {
      state.ecBalanceFen -= amount;
    }
    int cvr1 = CVR_SECOND_NOT_REQUESTED
        | (cid == CID_TC ? CVR_FIRST_TC : cid == CID_ARQC ? CVR_FIRST_ARQC : CVR_FIRST_AAC);
    byte[] iad = iad(cvr1);
    byte[] ac = cryptogram(values, tx.atc, iad);
    if (cid != CID_AAC && amount > 0) {
      log(values, tx.atc, amount);
    }
    List<Tlv> out = new ArrayList<>();
    out.add(Tlv.of(EmvTags.AIP, Hex.of(AIP_HEX)));
    out.add(Tlv.of(EmvTags.AFL, Hex.of(AFL_HEX)));
    out.add(Tlv.of(EmvTags.ATC, counter(tx.atc)));
    out.add(Tlv.of(EmvTags.APPLICATION_CRYPTOGRAM, ac));
    out.add(Tlv.of(EmvTags.CID, new byte[] {(byte) cid}));
    out.add(Tlv.of(EmvTags.ISSUER_APPLICATION_DATA, iad));
    out.add(track2());
    out.add(Tlv.of(EmvTags.PAN_SEQUENCE_NUMBER, Hex.of(state.psn())));
    out.add(Tlv.of(EmvTags.AVAILABLE_OFFLINE_SPENDING_AMOUNT, EmvValues.encodeAmount(availableOffline())));
    out.add(Tlv.of(EmvTags.CARD_TRANSACTION_QUALIFIERS, new byte[] {0x00, 0x00}));
    return new ResponseApdu(Tlv.constructed(EmvTags.RESPONSE_FORMAT_2, out).encode(), 0x9000);
  }

  /**
   * The qPBOC offline decision: a purchase in yuan within the electronic-cash balance and the single-transaction
   * limit, when the last online transaction's issuer authentication did not fail and the terminal does not ask
   * for an online cryptogram (TTQ byte 2 bit 8).
   */
  private boolean offlineApproval(Map<Tag, byte[]> values) {
    if ((values.get(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS)[1] & 0x80) != 0) {
      return false;
    }
    long amount = amountOrMinusOne(values.get(EmvTags.AMOUNT_AUTHORISED));
    boolean yuan = Arrays.equals(values.get(EmvTags.TRANSACTION_CURRENCY_CODE), Hex.of("0156"));
    boolean purchase = values.get(EmvTags.TRANSACTION_TYPE)[0] == 0x00;
    return amount >= 0
        && yuan
        && purchase
        && !state.issuerAuthenticationFailed
        && amount <= state.ecBalanceFen
        && amount <= state.ecSingleTransactionLimitFen;
  }

  /**
   * Whether the transaction date (9A, n6 YYMMDD) is past the expiry date or before the effective date. Compared
   * as the cards do, digit by digit, so even malformed dates give an answer.
   */
  private boolean outOfDates(byte[] date) {
    String d = Hex.encode(date);
    return d.compareTo(Hex.encode(EmvValues.encodeDate(state.expiryDate))) > 0
        || d.compareTo(Hex.encode(EmvValues.encodeDate(state.effectiveDate))) < 0;
  }

  // ---- GENERATE AC (EMV Book 3 6.5.5) ----

  private ResponseApdu generateAc(CommandApdu c) {
    int requested = c.p1() & 0xC0;
    if (requested == 0xC0 || (c.p1() & 0x2F) != 0 || c.p2() != 0) {
      return sw(0x6A86);
    }
    if (tx == null || tx.stage == Stage.DONE) {
      return sw(0x6985); // no GPO before, or the transaction is over
    }
    return tx.stage == Stage.PROCESSING ? firstAc(c, requested) : secondAc(c, requested);
  }

  private ResponseApdu firstAc(CommandApdu c, int requested) {
    if (c.nc() != CDOL1.dataLength()) {
      return sw(0x6700);
    }
    Map<Tag, byte[]> values = split(CDOL1, c.data());
    int cid;
    if (state.blocked || outOfDates(values.get(EmvTags.TRANSACTION_DATE)) || requested == CID_AAC) {
      cid = CID_AAC;
    } else {
      // The card never gives more than asked; asked for a TC, this debit application still goes online.
      cid = CID_ARQC;
    }
    int cvr1 = CVR_SECOND_NOT_REQUESTED | (cid == CID_ARQC ? CVR_FIRST_ARQC : CVR_FIRST_AAC);
    byte[] iad = iad(cvr1);
    byte[] ac = cryptogram(values, tx.atc, iad);
    if (cid == CID_ARQC) {
      tx.stage = Stage.ONLINE;
      tx.arqc = ac;
      tx.firstAcData = values;
    } else {
      tx.stage = Stage.DONE;
    }
    return acResponse(cid, iad, ac);
  }

  private ResponseApdu secondAc(CommandApdu c, int requested) {
    if (requested == CID_ARQC) {
      return sw(0x6A86); // a second GENERATE AC asks for a TC or an AAC
    }
    if (c.nc() != CDOL2.dataLength()) {
      return sw(0x6700);
    }
    Map<Tag, byte[]> values = split(CDOL2, c.data());
    byte[] issuerAuth = values.get(Tag.of(0x91));
    byte[] arpc = Arrays.copyOfRange(issuerAuth, 0, 8);
    byte[] arc = Arrays.copyOfRange(issuerAuth, 8, 10);
    Boolean authenticated = tx.externalAuthentication;
    if (authenticated == null && !allZero(issuerAuth)) {
      authenticated = verifyArpc(arpc, arc);
    }
    if (authenticated != null) {
      state.issuerAuthenticationFailed = !authenticated;
      if (authenticated) {
        state.lastOnlineAtc = tx.atc;
      }
    }
    boolean approved = requested == CID_TC
        && Boolean.TRUE.equals(authenticated)
        && Arrays.equals(tx.externalAuthentication != null ? tx.externalAuthenticationArc : arc, ARC_APPROVED)
        && !state.blocked
        && !outOfDates(values.get(EmvTags.TRANSACTION_DATE));
    int cid = approved ? CID_TC : CID_AAC;
    int cvr1 = (approved ? CVR_SECOND_TC : CVR_SECOND_AAC) | CVR_FIRST_ARQC;
    byte[] iad = iad(cvr1);
    byte[] ac = cryptogram(values, tx.atc, iad);
    tx.stage = Stage.DONE;
    if (approved) {
      Map<Tag, byte[]> logValues = new HashMap<>(values);
      logValues.put(EmvTags.MERCHANT_NAME_AND_LOCATION, tx.firstAcData.get(EmvTags.MERCHANT_NAME_AND_LOCATION));
      log(logValues, tx.atc, amountOrMinusOne(values.get(EmvTags.AMOUNT_AUTHORISED)));
    }
    return acResponse(cid, iad, ac);
  }

  // ---- EXTERNAL AUTHENTICATE (EMV Book 3 6.5.4): the ARPC before the second GENERATE AC ----

  private ResponseApdu externalAuthenticate(CommandApdu c) {
    if (c.p1() != 0 || c.p2() != 0) {
      return sw(0x6A86);
    }
    if (c.nc() < 10 || c.nc() > 16) {
      return sw(0x6700);
    }
    if (tx == null || tx.stage != Stage.ONLINE || tx.externalAuthentication != null) {
      return sw(0x6985);
    }
    byte[] d = c.data();
    byte[] arc = Arrays.copyOfRange(d, 8, 10);
    boolean ok = verifyArpc(Arrays.copyOfRange(d, 0, 8), arc);
    tx.externalAuthentication = ok;
    tx.externalAuthenticationArc = arc;
    return sw(ok ? 0x9000 : 0x6300);
  }

  private boolean verifyArpc(byte[] arpc, byte[] arc) {
    byte[] expected = ApplicationCryptogram.arpcMethod1(sessionKey(tx.atc), tx.arqc, arc);
    return MessageDigest.isEqual(expected, arpc);
  }

  // ---- the cryptogram (docs/card-profile.md "Cryptograms") ----

  /** The ICC master key for application cryptograms: EMV option A from the issuer master key, PAN and PSN. */
  byte[] iccMasterKey() {
    return EmvKeyDerivation.iccMasterKeyOptionA(state.imkAc, state.pan, state.psn());
  }

  byte[] sessionKey(int atc) {
    return EmvKeyDerivation.pbocSessionKey(iccMasterKey(), counter(atc));
  }

  private byte[] cryptogram(Map<Tag, byte[]> terminal, int atc, byte[] iad) {
    Map<Tag, byte[]> v = new HashMap<>(terminal);
    v.put(EmvTags.AIP, Hex.of(AIP_HEX));
    v.put(EmvTags.ATC, counter(atc));
    v.put(EmvTags.ISSUER_APPLICATION_DATA, iad);
    try {
      return ApplicationCryptogram.generate(sessionKey(atc), CryptogramInput.build(v));
    } catch (DecodeException e) {
      throw new IllegalStateException("the DOLs list every cryptogram input: " + e.getMessage(), e);
    }
  }

  /** Issuer application data, PBOC format: length 07, DKI, CVN, the CVR (length 03 and three bytes). */
  private byte[] iad(int cvr1) {
    int cvr3 = state.issuerAuthenticationFailed ? CVR_ISSUER_AUTH_FAILED : 0;
    return new byte[] {0x07, (byte) DKI, (byte) CVN, 0x03, (byte) cvr1, 0x00, (byte) cvr3};
  }

  /** The GENERATE AC response, format 2 (EMV Book 3 6.5.5.4). */
  private ResponseApdu acResponse(int cid, byte[] iad, byte[] ac) {
    return new ResponseApdu(
        Tlv.constructed(EmvTags.RESPONSE_FORMAT_2,
            Tlv.of(EmvTags.CID, new byte[] {(byte) cid}),
            Tlv.of(EmvTags.ATC, counter(tx.atc)),
            Tlv.of(EmvTags.APPLICATION_CRYPTOGRAM, ac),
            Tlv.of(EmvTags.ISSUER_APPLICATION_DATA, iad)).encode(),
        0x9000);
  }

  // ---- the log ----

  private void log(Map<Tag, byte[]> values, int atc, long amount) {
    LocalDate date;
    try {
      date = EmvValues.transactionDate(values.get(EmvTags.TRANSACTION_DATE));
    } catch (DecodeException e) {
      return; // a date the log cannot hold: the transaction is not logged
    }
    if (date.getYear() < 2000 || amount < 0) {
      return;
    }
    LocalTime time = LocalTime.MIDNIGHT;
    byte[] t = values.get(EmvTags.TRANSACTION_TIME);
    if (t != null) {
      try {
        time = EmvValues.transactionTime(t);
      } catch (DecodeException e) {
        time = LocalTime.MIDNIGHT;
      }
    }
    long other = amountOrMinusOne(values.get(EmvTags.AMOUNT_OTHER));
    int country = (int) numberOr(values.get(EmvTags.TERMINAL_COUNTRY_CODE), 0);
    int currency = (int) numberOr(values.get(EmvTags.TRANSACTION_CURRENCY_CODE), 0);
    int type = (int) numberOr(values.get(EmvTags.TRANSACTION_TYPE), 0);
    byte[] merchant = values.get(EmvTags.MERCHANT_NAME_AND_LOCATION);
    state.logTransaction(new DebitState.LogRecord(date, time, amount, Math.max(other, 0), country, currency,
        merchant == null ? new byte[0] : trimZeros(merchant), type, atc));
  }

  // ---- helpers ----

  private static long amountOrMinusOne(byte[] v) {
    try {
      return EmvValues.amount(v);
    } catch (DecodeException e) {
      return -1;
    }
  }

  private static long numberOr(byte[] v, long dflt) {
    try {
      return EmvValues.numeric(v, "value");
    } catch (DecodeException e) {
      return dflt;
    }
  }

  private static byte[] trimZeros(byte[] b) {
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    return Arrays.copyOf(b, n);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static Map<Tag, byte[]> split(Dol dol, byte[] data) {
    Map<Tag, byte[]> m = new HashMap<>();
    try {
      for (Dol.Field f : dol.split(data)) {
        m.putIfAbsent(f.tag(), f.value());
      }
    } catch (DecodeException e) {
      throw new IllegalStateException("length checked before: " + e.getMessage(), e);
    }
    return m;
  }

  static byte[] counter(int n) {
    return new byte[] {(byte) (n >> 8), (byte) n};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Dol dol(String hex) {
    try {
      return Dol.parse(Hex.of(hex));
    } catch (DecodeException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static ResponseApdu sw(int sw) {
    return ResponseApdu.of(sw);
  }
}
