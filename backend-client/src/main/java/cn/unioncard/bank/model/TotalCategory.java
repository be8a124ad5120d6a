package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A category of the day-close totals. */
public enum TotalCategory {
  @JsonProperty("debit")
  DEBIT,
  @JsonProperty("benefit")
  BENEFIT,
  @JsonProperty("ecash")
  ECASH,
  @JsonProperty("transit")
  TRANSIT,
  @JsonProperty("refund")
  REFUND,
  @JsonProperty("reversal")
  REVERSAL
}
