package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One settled transaction in a batch upload (docs/bank-api.md, {@code POST /v1/records/batches}). Which
 * optional fields a type needs: {@code discounts} (sale, refund; empty when none), {@code auth_code} (online
 * sale), {@code original_transaction_id} (refund, reversal, void; required), {@code union_subsidy_fen} and
 * {@code trip} (trip; required), {@code icc_data} (offline e-cash sale).
 */
public record TransactionRecord(
    @JsonProperty(required = true) String transactionId,
    @JsonProperty(required = true) RecordType type,
    @JsonProperty(required = true) LocalDate businessDate,
    @JsonProperty(required = true) Instant time,
    String panHash,
    String panEncrypted,
    @JsonProperty(required = true) long amountFen,
    @JsonProperty(required = true) Funding funding,
    List<Discount> discounts,
    String authCode,
    String originalTransactionId,
    Long unionSubsidyFen,
    Trip trip,
    String iccData) {
  public TransactionRecord {
    Checks.transactionId(transactionId, "transaction_id");
    Checks.present(type, "type");
    Checks.present(businessDate, "business_date");
    Checks.present(time, "time");
    if (type != RecordType.TRIP || panHash != null || panEncrypted != null) {
      // a trip is the transit application's: its card is trip.card_serial, the gate never reads the PAN
      Checks.hex(panHash, "pan_hash", 32);
      Checks.hex(panEncrypted, "pan_encrypted", -1);
    }
    Checks.fen(amountFen, "amount_fen");
    Checks.present(funding, "funding");
    if (funding.total() != amountFen) {
      throw new IllegalArgumentException("funding: the parts must sum to amount_fen");
    }
    if (type == RecordType.ECASH_UNKNOWN && funding.ecashFen() != amountFen) {
      throw new IllegalArgumentException("funding: an ecash_unknown record is electronic cash only");
    }
    discounts = Checks.optionalList(discounts, "discounts");
    if (originalTransactionId != null || type == RecordType.REFUND || type == RecordType.REVERSAL
        || type == RecordType.VOID) {
      Checks.transactionId(originalTransactionId, "original_transaction_id");
    }
    if (unionSubsidyFen != null) {
      Checks.fen(unionSubsidyFen, "union_subsidy_fen");
    }
    if (type == RecordType.TRIP) {
      Checks.present(unionSubsidyFen, "union_subsidy_fen");
      Checks.present(trip, "trip");
    }
    Checks.optionalHex(iccData, "icc_data", -1);
  }
}
