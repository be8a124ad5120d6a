package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /v1/transactions/{transaction_id}} answer. */
public record TransactionStatus(
    @JsonProperty(required = true) String transactionId,
    @JsonProperty(required = true) TransactionState status) {
  public TransactionStatus {
    Checks.transactionId(transactionId, "transaction_id");
    Checks.present(status, "status");
  }
}
