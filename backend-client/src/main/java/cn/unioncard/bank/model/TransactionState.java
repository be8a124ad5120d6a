package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the bank holds for a transaction id. */
public enum TransactionState {
  @JsonProperty("authorised")
  AUTHORISED,
  @JsonProperty("settled")
  SETTLED,
  @JsonProperty("reversed")
  REVERSED,
  @JsonProperty("declined")
  DECLINED
}
