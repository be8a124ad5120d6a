package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member's category (docs/bank-api.md, member look-up). */
public enum MemberCategory {
  @JsonProperty("ordinary")
  ORDINARY,
  @JsonProperty("model_worker")
  MODEL_WORKER,
  @JsonProperty("migrant_worker")
  MIGRANT_WORKER,
  @JsonProperty("in_hardship")
  IN_HARDSHIP
}
