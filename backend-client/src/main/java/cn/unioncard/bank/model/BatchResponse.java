package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /v1/records/batches} answer: one result per record, in the order of the request. */
public record BatchResponse(@JsonProperty(required = true) List<RecordResult> results) {
  public BatchResponse {
    results = Checks.list(results, "results");
  }
}
