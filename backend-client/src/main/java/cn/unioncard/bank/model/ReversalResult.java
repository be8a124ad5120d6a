package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of a reversal; each means the authorisation holds no money any more. */
public enum ReversalResult {
  @JsonProperty("reversed")
  REVERSED,
  /** The bank never authorised it: nothing to undo. */
  @JsonProperty("not_found")
  NOT_FOUND,
  @JsonProperty("already_reversed")
  ALREADY_REVERSED
}
