package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /v1/business-days/{business_date}/close} request: the terminal's totals of the day. */
public record DayCloseRequest(
    @JsonProperty(required = true) List<CategoryTotal> totals,
    @JsonProperty(required = true) List<FundingTotal> funding) {
  public DayCloseRequest {
    totals = Checks.list(totals, "totals");
    funding = Checks.list(funding, "funding");
  }
}
