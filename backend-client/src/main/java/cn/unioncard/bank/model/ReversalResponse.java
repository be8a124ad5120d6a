package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /v1/reversals} answer. */
public record ReversalResponse(@JsonProperty(required = true) ReversalResult result) {
  public ReversalResponse {
    Checks.present(result, "result");
  }
}
