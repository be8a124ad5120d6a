package cn.unioncard.agent.settle;

import cn.unioncard.agent.checkout.SaleDetail;
import cn.unioncard.agent.gate.TripDetail;
import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.model.Discount;
import cn.unioncard.bank.model.Funding;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.bank.model.Trip;
import cn.unioncard.protocol.Hex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stored transaction as the bank's upload record (docs/bank-api.md, {@code POST /v1/records/batches}; the fields
 * the flows put into {@code detail} are listed in docs/settlement.md). The record is made from the row alone, so the
 * same row always makes the same bytes: a resent record is the bank's {@code duplicate}, never a {@code conflict}.
 */
final class Records {
  private Records() {}

  /** A row that cannot become a valid record: it is quarantined with this reason, never sent. */
  static final class NotUploadable extends Exception {
    private static final long serialVersionUID = 1L;

    NotUploadable(String message) {
      super(message);
    }
  }

  static TransactionRecord of(TxRecord r) throws NotUploadable {
    try {
      // an offline sale still waiting for its card: its outcome is unknown (docs/checkout.md)
      boolean unknown = r.type() == TxType.SALE && r.state() == TxState.AWAITING_CARD;
      RecordType type = unknown ? RecordType.ECASH_UNKNOWN : RecordType.valueOf(r.type().name());
      boolean isTrip = type == RecordType.TRIP;
      // a detail that does not read is refused with the codec's reason ("detail: not JSON (...)")
      TripDetail tripDetail = isTrip ? TripDetail.decode(r.detail()) : null;
      SaleDetail detail = isTrip ? null : SaleDetail.decode(r.detail());
      if (r.cardRef() == null || (!isTrip && r.panEncrypted() == null)) {
        throw new NotUploadable(isTrip ? "no card serial stored" : "no card data (pan_hash and pan_encrypted) stored");
      }
      Funding funding = unknown ? new Funding(0, 0, r.amountFen(), 0) // what the card may have paid
          : new Funding(r.benefitFen(), r.debitFen(), r.ecashFen(), r.purseFen());
      List<Discount> discounts = Collections.emptyList();
      if (type == RecordType.SALE || type == RecordType.REFUND || type == RecordType.ECASH_UNKNOWN) {
        discounts = discounts(r, detail);
      }
      Long union = null;
      Trip trip = null;
      if (type == RecordType.TRIP) {
        union = r.unionFen();
        trip = trip(r, tripDetail);
      }
      String icc = isTrip ? null : detail.iccData(); // a trip's detail is a TripDetail, with no ICC data
      return new TransactionRecord(r.id(), type, r.businessDate(), r.createdAt(), isTrip ? null : r.cardRef(),
          isTrip ? null : Hex.encode(r.panEncrypted()), r.amountFen(), funding, discounts, r.authCode(), r.originalId(), union, trip,
          icc);
    } catch (IllegalArgumentException e) {
      throw new NotUploadable(e.getMessage());
    }
  }

  /**
   * The discount lines of the sale's detail ({@link SaleDetail#discounts()}) when they add up to the row's merchant
   * and bank parts; otherwise one line ({@code rule_id} "total") with the row's parts, so the bank's funding totals
   * are the store's.
   */
  private static List<Discount> discounts(TxRecord r, SaleDetail detail) {
    List<SaleDetail.Discount> lines = detail.discounts();
    if (lines != null && lines.size() > 0) {
      List<Discount> out = new ArrayList<>();
      long merchant = 0;
      long bank = 0;
      for (SaleDetail.Discount l : lines) {
        // rule, fen, merchant_fen, bank_fen per discount; -1 where not stored, which the bank's Discount refuses
        Discount d = new Discount(l.rule(), l.fen(), l.merchantFen(), l.bankFen());
        merchant += d.merchantFen();
        bank += d.bankFen();
        out.add(d);
      }
      if (merchant == r.merchantFen() && bank == r.bankFen()) {
        return out;
      }
    }
    if (r.merchantFen() + r.bankFen() == 0) {
      return Collections.emptyList();
    }
    List<Discount> one = new ArrayList<>();
    one.add(new Discount("total", r.merchantFen() + r.bankFen(), r.merchantFen(), r.bankFen()));
    return one;
  }

  /**
   * A trip from the gate's detail ({@link TripDetail}: line, station, direction, operator, ep_counter, psam_terminal,
   * psam_serial, tac) and the row's card reference, the transit application's serial.
   */
  private static Trip trip(TxRecord r, TripDetail d) throws NotUploadable {
    String operator = required(d.operator(), "operator");
    String line = required(d.line(), "line");
    String station = required(d.station(), "station");
    boolean entry = d.direction() != FareEngine.Direction.EXIT;
    // a trip recovered at another gate names the PSAM that debited it; its counters may be unknown (null)
    String psam = d.psamTerminal() != null ? d.psamTerminal()
        : required(d.paidElsewhere() == null ? null : d.paidElsewhere().fromTerminal(), "recovered_from_terminal");
    return new Trip(operator, line, station, entry, r.cardRef(), d.epCounter() < 0 ? null : (long) d.epCounter(),
        psam, d.psamSerial(), required(d.tac(), "tac"));
  }

  private static String required(String value, String field) throws NotUploadable {
    if (value == null) {
      throw new NotUploadable("detail." + field + " is missing");
    }
    return value;
  }
}
