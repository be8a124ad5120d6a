package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who paid the concessions of a day. */
public enum FundingSource {
  @JsonProperty("merchant_concession")
  MERCHANT_CONCESSION,
  @JsonProperty("bank_subsidy")
  BANK_SUBSIDY,
  @JsonProperty("union_ride_subsidy")
  UNION_RIDE_SUBSIDY
}
