package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /v1/members/lookup} and {@code POST /v1/benefit/balance} request: the card's keyed PAN hash. */
public record PanHashRequest(@JsonProperty(required = true) String panHash) {
  public PanHashRequest {
    Checks.hex(panHash, "pan_hash", 32);
  }
}
