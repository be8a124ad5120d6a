package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /v1/records/batches} request: 1 to {@value #MAX_RECORDS} records. */
public record BatchRequest(
    @JsonProperty(required = true) String batchId,
    @JsonProperty(required = true) List<TransactionRecord> records) {
  /** The most records in one batch. */
  public static final int MAX_RECORDS = 500;

  public BatchRequest {
    Checks.transactionId(batchId, "batch_id");
    records = Checks.list(records, "records");
    if (records.isEmpty() || records.size() > MAX_RECORDS) {
      throw new IllegalArgumentException("records: 1 to " + MAX_RECORDS + " records in a batch");
    }
  }
}
