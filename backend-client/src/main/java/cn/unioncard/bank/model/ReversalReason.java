package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why the terminal reverses an authorisation. */
public enum ReversalReason {
  @JsonProperty("no_answer")
  NO_ANSWER,
  @JsonProperty("card_removed")
  CARD_REMOVED,
  @JsonProperty("void")
  VOID,
  @JsonProperty("declined_by_card")
  DECLINED_BY_CARD
}
