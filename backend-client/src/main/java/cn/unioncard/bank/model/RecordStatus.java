package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the bank did with one uploaded record. */
public enum RecordStatus {
  @JsonProperty("accepted")
  ACCEPTED,
  /** The bank already had the record with the same content: done, as accepted. */
  @JsonProperty("duplicate")
  DUPLICATE,
  /** Refused, with a reason ({@code conflict}: the same id with different content). */
  @JsonProperty("rejected")
  REJECTED
}
