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
  TRIP,
  /**
   * An offline electronic-cash sale whose outcome the terminal does not know (the card may have paid): uploaded for
   * the bank to match with the card's clearing; it counts in no total. A later {@code sale} with its id resolves it.
   */
  @JsonProperty("ecash_unknown")
  ECASH_UNKNOWN
}
