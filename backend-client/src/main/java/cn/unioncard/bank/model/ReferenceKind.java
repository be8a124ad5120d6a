package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of reference data, with their names in the path and the body. */
public enum ReferenceKind {
  @JsonProperty("discount-rules")
  DISCOUNT_RULES("discount-rules"),
  @JsonProperty("fare-table")
  FARE_TABLE("fare-table"),
  @JsonProperty("hotlist")
  HOTLIST("hotlist"),
  @JsonProperty("member-categories")
  MEMBER_CATEGORIES("member-categories"),
  /** The terminal's signed parameters: its offline risk limits (docs/settlement.md). */
  @JsonProperty("terminal-parameters")
  TERMINAL_PARAMETERS("terminal-parameters");

  private final String wireName;

  ReferenceKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the path and in the body, e.g. {@code fare-table}. */
  public String wireName() {
    return wireName;
  }
}
