package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The bank's answer for one record of a batch; a rejection carries a reason. */
public record RecordResult(
    @JsonProperty(required = true) String transactionId,
    @JsonProperty(required = true) RecordStatus status,
    String reason) {
  public RecordResult {
    Checks.transactionId(transactionId, "transaction_id");
    Checks.present(status, "status");
    if (status == RecordStatus.REJECTED) {
      Checks.text(reason, "reason");
    }
  }

  /** Accepted now or before: the terminal may mark the record settled. */
  public boolean settled() {
    return status != RecordStatus.REJECTED;
  }
}
