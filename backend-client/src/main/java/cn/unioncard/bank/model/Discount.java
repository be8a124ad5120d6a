package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A discount applied to a sale: {@code merchant_fen + bank_fen = amount_fen} (who bears it). */
public record Discount(
    @JsonProperty(required = true) String ruleId,
    @JsonProperty(required = true) long amountFen,
    @JsonProperty(required = true) long merchantFen,
    @JsonProperty(required = true) long bankFen) {
  public Discount {
    Checks.text(ruleId, "rule_id");
    Checks.fen(amountFen, "amount_fen");
    Checks.fen(merchantFen, "merchant_fen");
    Checks.fen(bankFen, "bank_fen");
    if (merchantFen + bankFen != amountFen) {
      throw new IllegalArgumentException("amount_fen: merchant_fen + bank_fen must equal amount_fen");
    }
  }
}
