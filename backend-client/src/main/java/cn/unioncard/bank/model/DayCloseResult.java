package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of closing a business day. */
public enum DayCloseResult {
  @JsonProperty("matched")
  MATCHED,
  /** The day stays open at the bank. */
  @JsonProperty("differences")
  DIFFERENCES
}
