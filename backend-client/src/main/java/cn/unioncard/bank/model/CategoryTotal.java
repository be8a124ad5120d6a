package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The count and amount of one category of a business day. */
public record CategoryTotal(
    @JsonProperty(required = true) TotalCategory category,
    @JsonProperty(required = true) int count,
    @JsonProperty(required = true) long amountFen) {
  public CategoryTotal {
    Checks.present(category, "category");
    Checks.count(count, "count");
    Checks.fen(amountFen, "amount_fen");
  }
}
