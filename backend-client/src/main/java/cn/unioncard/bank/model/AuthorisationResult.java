package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of an authorisation. */
public enum AuthorisationResult {
  @JsonProperty("approved")
  APPROVED,
  @JsonProperty("declined")
  DECLINED
}
