package cn.unioncard.agent.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One stored transaction, as the store holds it. Money is in fen. {@code amountFen} is what the member paid (after
 * discounts) and equals {@code benefitFen + debitFen + ecashFen + purseFen}; the discount's funding is in
 * {@code merchantFen} (merchant concession), {@code bankFen} (bank subsidy) and {@code unionFen} (the union's ride
 * subsidy). The card is known by {@code cardRef} (the PAN's keyed hash, or the transit card number) and the PAN
 * only encrypted ({@code panEncrypted}), never in clear.
 *
 * @param id the terminal's transaction id (terminal id and sequence), the bank's idempotency key
 * @param seq the monotonic sequence, surviving restarts
 * @param detail the flow's own details as JSON (discount lines, trip data, card data without the PAN), or null
 */
public record TxRecord(
    String id,
    long seq,
    TxType type,
    TxState state,
    LocalDate businessDate,
    Instant createdAt,
    Instant updatedAt,
    String registerRef,
    String cardRef,
    byte[] panEncrypted,
    long amountFen,
    long benefitFen,
    long debitFen,
    long ecashFen,
    long purseFen,
    long merchantFen,
    long bankFen,
    long unionFen,
    String originalId,
    String authCode,
    String reason,
    String detail,
    UploadState uploadState,
    int uploadAttempts,
    String uploadReason) {

  @Override
  public String toString() {
    // panEncrypted stays out of logs even encrypted
    return "TxRecord[" + id + " " + type + " " + state + " " + amountFen + " fen, upload " + uploadState + "]";
  }
}
