package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a record's money came from; the four parts sum to the record's {@code amount_fen}. */
public record Funding(
    @JsonProperty(required = true) long benefitFen,
    @JsonProperty(required = true) long debitFen,
    @JsonProperty(required = true) long ecashFen,
    @JsonProperty(required = true) long purseFen) {
  public Funding {
    Checks.fen(benefitFen, "benefit_fen");
    Checks.fen(debitFen, "debit_fen");
    Checks.fen(ecashFen, "ecash_fen");
    Checks.fen(purseFen, "purse_fen");
  }

  /** The sum of the parts. */
  public long total() {
    return Math.addExact(Math.addExact(benefitFen, debitFen), Math.addExact(ecashFen, purseFen));
  }
}
