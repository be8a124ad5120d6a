package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of an uploaded transaction record. */
public enum RecordType {
  @JsonProperty("sale")
  SALE,
  @JsonProperty("refund")
  REFUND,
  @JsonProperty("reversal")
  REVERSAL,
  @JsonProperty("void")
  VOID,
  @JsonProperty("trip")
  TRIP
}
