package cn.unioncard.agent.settle;

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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stored transaction as the bank's upload record (docs/bank-api.md, {@code POST /v1/records/batches}; the fields
 * the flows put into {@code detail} are listed in docs/settlement.md). The record is made from the row alone, so the
 * same row always makes the same bytes: a resent record is the bank's {@code duplicate}, never a {@code conflict}.
 */
final class Records {
  private static final ObjectMapper JSON = new ObjectMapper();

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
      JsonNode detail = detail(r);
      // an offline sale still waiting for its card: its outcome is unknown (docs/checkout.md)
      boolean unknown = r.type() == TxType.SALE && r.state() == TxState.AWAITING_CARD;
      RecordType type = unknown ? RecordType.ECASH_UNKNOWN : RecordType.valueOf(r.type().name());
      boolean isTrip = type == RecordType.TRIP;
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
        trip = trip(r);
      }
      String icc = isTrip ? null : text(detail, "icc_data"); // a trip's detail is a TripDetail, with no ICC data
      return new TransactionRecord(r.id(), type, r.businessDate(), r.createdAt(), isTrip ? null : r.cardRef(),
          isTrip ? null : Hex.encode(r.panEncrypted()), r.amountFen(), funding, discounts, r.authCode(), r.originalId(), union, trip,
          icc);
    } catch (IllegalArgumentException e) {
      throw new NotUploadable(e.getMessage());
    }
  }

  private static JsonNode detail(TxRecord r) throws NotUploadable {
    if (r.detail() == null || r.detail().isEmpty()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(r.detail());
      if (n == null || !n.isObject()) {
        throw new NotUploadable("detail: not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new NotUploadable("detail: not JSON (" + e.getMessage() + ")");
    }
  }

  /**
   * The discount lines of {@code detail.discounts} when they add up to the row's merchant and bank parts; otherwise
   * one line ({@code rule_id} "total") with the row's parts, so the bank's funding totals are the store's.
   */
  private static List<Discount> discounts(TxRecord r, JsonNode detail) {
    JsonNode lines = detail.get("discounts");
    if (lines != null && lines.isArray() && lines.size() > 0) {
      List<Discount> out = new ArrayList<>();
      long merchant = 0;
      long bank = 0;
      for (JsonNode l : lines) {
        // the checkout's detail (Checkout#detail): rule, fen, merchant_fen, bank_fen per discount
        Discount d = new Discount(l.path("rule").asText(null), l.path("fen").asLong(-1),
            l.path("merchant_fen").asLong(-1), l.path("bank_fen").asLong(-1));
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
  private static Trip trip(TxRecord r) throws NotUploadable {
    TripDetail d = TripDetail.decode(r.detail());
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

  private static String text(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
