package cn.unioncard.agent.card;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CountingTransport;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.Afl;
import cn.unioncard.protocol.emv.CandidateList;
import cn.unioncard.protocol.emv.CardholderName;
import cn.unioncard.protocol.emv.DirectoryEntry;
import cn.unioncard.protocol.emv.Dol;
import cn.unioncard.protocol.emv.EmvCommands;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.EmvValues;
import cn.unioncard.protocol.emv.Fci;
import cn.unioncard.protocol.emv.GpoResponse;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.emv.Track2;
import cn.unioncard.protocol.purse.GetBalance;
import cn.unioncard.protocol.purse.GetBalanceResponse;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.PurseRecord;
import cn.unioncard.protocol.purse.TransitAid;
import cn.unioncard.protocol.purse.TripRecord;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads a card: finds its applications (PPSE, else PSE, else the known AIDs one by one), selects the payment
 * application of highest priority that the terminal supports, sends GET PROCESSING OPTIONS with the PDOL data,
 * reads the records the AFL names, reads the electronic-cash balance of a UnionPay application, and reads the
 * transit application (its public file, balance, purse records and trip records).
 *
 * <p>Tolerant where it may be: an optional field that is malformed is reported in {@link CardRead#problems()} and
 * the rest is still read. Strict where it must be: a PAN that fails its check digit, and a track 2 that disagrees
 * with the PAN or expiry, are flagged. The card leaving the field fails the read ({@link CardIoException}).
 */
public final class CardSession {
  /** Payment applications a terminal reads: UnionPay first, then the international schemes (foreign cards). */
  public static final List<CandidateList.SupportedAid> PAYMENT_AIDS = Collections.unmodifiableList(Arrays.asList(
      CandidateList.SupportedAid.of("A000000333010101", false), // UnionPay debit
      CandidateList.SupportedAid.of("A000000333010102", false), // UnionPay credit
      CandidateList.SupportedAid.of("A000000333010103", false), // UnionPay quasi-credit
      CandidateList.SupportedAid.of("A000000333010106", false), // UnionPay electronic cash
      CandidateList.SupportedAid.of("A0000000031010", true), // Visa
      CandidateList.SupportedAid.of("A0000000041010", true), // Mastercard
      CandidateList.SupportedAid.of("A0000000651010", true), // JCB
      CandidateList.SupportedAid.of("A00000002501", true))); // American Express

  /** Records read at most from each cyclic transit file (0018, 001E): the last ones, most recent first. */
  public static final int MAX_CYCLIC_RECORDS = 10;

  private static final String UNIONPAY_RID = "A000000333";
  private static final int SW_RECORD_NOT_FOUND = 0x6A83;

  private final CountingTransport counter;
  private final ApduTransport card;
  private final TerminalData terminal;

  public CardSession(ApduTransport reader, TerminalData terminal) {
    this.counter = new CountingTransport(reader);
    // the trace sits above GET RESPONSE, so it sees whole responses and can mask the PAN in them
    this.card = new TracingTransport(new GetResponseTransport(counter), "card");
    this.terminal = terminal;
  }

  /** Reads the card in the field. */
  public CardRead read() throws TransportException {
    CardRead.Builder out = new CardRead.Builder();
    List<DirectoryEntry> entries = directory(out);
    for (DirectoryEntry e : entries) {
      Integer priority = null;
      String label = null;
      try {
        label = e.label();
        if (e.template().child(Tag.of(0x87)) != null) {
          priority = e.priority().priority();
        }
      } catch (DecodeException bad) {
        out.problem("application " + Hex.encode(e.name()), bad.getMessage());
      }
      out.applications.add(new CardRead.Application(Hex.encode(e.name()), label, priority));
    }
    readPayment(CandidateList.build(entries, PAYMENT_AIDS), out);
    if (entries.isEmpty() || hasTransit(entries)) {
      readTransit(out);
    }
    out.apduCount = counter.count();
    return out.build();
  }

  private List<DirectoryEntry> directory(CardRead.Builder out) throws TransportException {
    List<DirectoryEntry> entries = ApplicationSelection.ppse(card, out::problem);
    if (entries == null) {
      entries = ApplicationSelection.pse(card, out::problem);
    }
    // No directory: try the known payment applications one by one (EMV Book 1 12.3.3).
    return entries != null ? entries : ApplicationSelection.byAid(card, PAYMENT_AIDS);
  }

  private static boolean hasTransit(List<DirectoryEntry> entries) {
    for (DirectoryEntry e : entries) {
      String aid = Hex.encode(e.name());
      if (aid.equals(TransitAid.MOT_T_EP.hex()) || aid.equals(TransitAid.MOT_T_CASH.hex())) {
        return true;
      }
    }
    return false;
  }

  private void readPayment(CandidateList candidates, CardRead.Builder out) throws TransportException {
    for (DirectoryEntry candidate : candidates.candidates()) {
      ResponseApdu sel = send(IsoCommands.selectByName(candidate.name()));
      if (!sel.isOk()) {
        out.problem("application " + Hex.encode(candidate.name()), "SELECT refused: " + sel.status());
        continue;
      }
      out.selectedAid = Hex.encode(candidate.name());
      Fci fci = null;
      try {
        fci = Fci.decode(sel.data());
      } catch (DecodeException e) {
        out.problem("fci", e.getMessage());
      }
      readSelected(fci, out);
      return;
    }
  }

  private void readSelected(Fci fci, CardRead.Builder out) throws TransportException {
    byte[] pdolData = new byte[0];
    if (fci != null) {
      try {
        Dol pdol = fci.pdol();
        if (pdol != null) {
          pdolData = pdol.build(terminal.forTransaction(0));
        }
      } catch (DecodeException e) {
        out.problem("pdol", e.getMessage());
      }
    }
    ResponseApdu gpo = send(EmvCommands.getProcessingOptions(pdolData));
    List<Tlv> data = new ArrayList<>();
    if (!gpo.isOk()) {
      out.problem("processing options", "GET PROCESSING OPTIONS refused: " + gpo.status());
    } else {
      try {
        GpoResponse g = GpoResponse.decode(gpo.data());
        data.addAll(g.dataObjects());
        readRecords(g.afl(), data, out);
      } catch (DecodeException e) {
        out.problem("processing options", e.getMessage());
      }
    }
    cardholderData(data, out);
    if (out.selectedAid.startsWith(UNIONPAY_RID)) {
      ResponseApdu ec = send(EmvCommands.getData(EmvTags.EC_BALANCE));
      if (ec.isOk()) {
        try {
          out.ecBalanceFen = EmvValues.amount(EmvCommands.getDataResponse(EmvTags.EC_BALANCE, ec.data()).value());
        } catch (DecodeException e) {
          out.problem("ec_balance", e.getMessage());
        }
      }
    }
  }

  private void readRecords(Afl afl, List<Tlv> data, CardRead.Builder out) throws TransportException {
    for (Afl.Entry e : afl.entries()) {
      for (int n = e.firstRecord(); n <= e.lastRecord(); n++) {
        ResponseApdu rec = send(IsoCommands.readRecord(n, e.sfi()));
        if (!rec.isOk()) {
          out.problem("record " + n + " of SFI " + e.sfi(), "READ RECORD refused: " + rec.status());
          continue;
        }
        try {
          Tlv t = BerTlv.decodeOne(rec.data());
          if (t.tag().value() != 0x70) {
            throw new DecodeException("record template 70 expected, got " + t.tag(), 0);
          }
          data.addAll(t.children());
        } catch (DecodeException bad) {
          out.problem("record " + n + " of SFI " + e.sfi(), bad.getMessage());
        }
      }
    }
  }

  private static Tlv first(List<Tlv> data, int tag) {
    return BerTlv.find(data, Tag.of(tag));
  }

  private static void cardholderData(List<Tlv> data, CardRead.Builder out) {
    Pan pan = null;
    Tlv panTlv = first(data, 0x5A);
    if (panTlv != null) {
      try {
        pan = Pan.decode(panTlv.value());
      } catch (DecodeException e) {
        out.problem("pan", e.getMessage());
      }
    }
    Track2 track2 = null;
    Tlv t2 = first(data, 0x57);
    if (t2 != null) {
      try {
        track2 = Track2.decode(t2.value());
      } catch (DecodeException e) {
        out.problem("track2", e.getMessage());
      }
    }
    if (pan == null && track2 != null) {
      pan = track2.pan();
    }
    LocalDate expiry = null;
    Tlv exp = first(data, 0x5F24);
    if (exp != null) {
      try {
        expiry = EmvValues.expiryDate(exp.value());
      } catch (DecodeException e) {
        out.problem("expiry", e.getMessage());
      }
    } else if (track2 != null) {
      expiry = track2.expiry().atEndOfMonth();
    }
    if (pan != null) {
      out.panMasked = pan.masked();
      if (!pan.luhnValid()) {
        out.problem("pan", "fails its check digit (Luhn)");
      }
      if (track2 != null && expiry != null && !track2.agreesWith(pan, expiry)) {
        out.problem("track2", "disagrees with the PAN or the expiry date");
      }
    } else {
      out.problem("pan", "not on the card");
    }
    out.expiry = expiry;
    out.cardholderName = name(data, out);
  }

  private static String name(List<Tlv> data, CardRead.Builder out) {
    Tlv ext = first(data, 0x9F0B);
    Tlv name = first(data, 0x5F20);
    try {
      if (ext != null) {
        return CardholderName.decodeExtended(ext.value()).text();
      }
      if (name != null) {
        // "/" alone is how cards write "no name" (ISO 7813 surname/first-name separator)
        String text = CardholderName.decode(name.value()).text().trim();
        return text.isEmpty() || text.equals("/") ? null : text;
      }
    } catch (DecodeException e) {
      out.problem("cardholder_name", e.getMessage());
    }
    return null;
  }

  private void readTransit(CardRead.Builder out) throws TransportException {
    ResponseApdu sel = send(IsoCommands.selectByName(TransitAid.MOT_T_EP.bytes()));
    if (!sel.isOk()) {
      return;
    }
    String cardNumber = null;
    LocalDate from = null;
    LocalDate to = null;
    PublicInfo info = null;
    try {
      info = PublicInfo.fromFci(sel.data());
    } catch (DecodeException notInFci) {
      ResponseApdu bin = send(PublicInfo.readCommand());
      try {
        if (bin.isOk()) {
          info = PublicInfo.decode(bin.data());
        } else {
          out.problem("transit.card_number", "file 0015 refused: " + bin.status());
        }
      } catch (DecodeException e) {
        out.problem("transit.card_number", e.getMessage());
      }
    }
    if (info != null) {
      cardNumber = info.cardNumber();
      from = info.startDate();
      to = info.endDate();
    }
    Long balance = null;
    ResponseApdu bal = send(new GetBalance().toApdu());
    try {
      if (bal.isOk()) {
        balance = GetBalanceResponse.parse(bal).balance();
      } else {
        out.problem("transit.balance", "GET BALANCE refused: " + bal.status());
      }
    } catch (DecodeException e) {
      out.problem("transit.balance", e.getMessage());
    }
    List<CardRead.PurseRecord> purse = new ArrayList<>();
    for (int n = 1; n <= MAX_CYCLIC_RECORDS; n++) {
      ResponseApdu r = send(PurseRecord.readCommand(n));
      if (r.sw() == SW_RECORD_NOT_FOUND) {
        break;
      }
      if (!r.isOk()) {
        out.problem("transit.purse_records", "READ RECORD refused: " + r.status());
        break;
      }
      try {
        PurseRecord p = PurseRecord.decode(r.data());
        purse.add(new CardRead.PurseRecord(p.epSerial(), p.amount(), p.type().name(), p.terminalNumber(), p.time()));
      } catch (DecodeException e) {
        out.problem("transit.purse_records[" + n + "]", e.getMessage());
      }
    }
    List<CardRead.Trip> trips = new ArrayList<>();
    for (int n = 1; n <= MAX_CYCLIC_RECORDS; n++) {
      ResponseApdu r = send(TripRecord.readCommand(n));
      if (r.sw() == SW_RECORD_NOT_FOUND) {
        break;
      }
      if (!r.isOk()) {
        out.problem("transit.trips", "READ RECORD refused: " + r.status());
        break;
      }
      try {
        TripRecord t = TripRecord.decode(r.data());
        trips.add(new CardRead.Trip(t.type().name(), t.industry().name(), t.terminalNumber(), t.amount(),
            t.balance(), t.time()));
      } catch (DecodeException e) {
        out.problem("transit.trips[" + n + "]", e.getMessage());
      }
    }
    out.transit = new CardRead.Transit(TransitAid.MOT_T_EP.hex(), cardNumber, from, to, balance,
        Collections.unmodifiableList(purse), Collections.unmodifiableList(trips));
  }

  private ResponseApdu send(CommandApdu c) throws TransportException {
    return ApplicationSelection.send(card, c);
  }
}
