package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /v1/reversals} request; its own {@code transaction_id} is the idempotency key. */
public record ReversalRequest(
    @JsonProperty(required = true) String transactionId,
    @JsonProperty(required = true) String originalTransactionId,
    @JsonProperty(required = true) long amountFen,
    @JsonProperty(required = true) ReversalReason reason) {
  public ReversalRequest {
    Checks.transactionId(transactionId, "transaction_id");
    Checks.transactionId(originalTransactionId, "original_transaction_id");
    Checks.fen(amountFen, "amount_fen");
    Checks.present(reason, "reason");
  }
}
