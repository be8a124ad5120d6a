package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The amount one funding source bore in a business day. */
public record FundingTotal(
    @JsonProperty(required = true) FundingSource source, @JsonProperty(required = true) long amountFen) {
  public FundingTotal {
    Checks.present(source, "source");
    Checks.fen(amountFen, "amount_fen");
  }
}
