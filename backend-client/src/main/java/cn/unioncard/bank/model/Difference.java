package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where the terminal's and the bank's totals differ, with the transactions concerned: either the totals of one
 * category ({@code category}: counts and amounts) or of one discount funding source ({@code source}: amounts, the
 * counts 0). Exactly one of the two is set.
 */
public record Difference(
    TotalCategory category,
    FundingSource source,
    @JsonProperty(required = true) int terminalCount,
    @JsonProperty(required = true) int bankCount,
    @JsonProperty(required = true) long terminalAmountFen,
    @JsonProperty(required = true) long bankAmountFen,
    @JsonProperty(required = true) List<String> transactionIds) {
  public Difference {
    if ((category == null) == (source == null)) {
      throw new IllegalArgumentException("category: a difference names a category or a funding source, not "
          + (category == null ? "neither" : "both"));
    }
    Checks.count(terminalCount, "terminal_count");
    Checks.count(bankCount, "bank_count");
    Checks.fen(terminalAmountFen, "terminal_amount_fen");
    Checks.fen(bankAmountFen, "bank_amount_fen");
    transactionIds = Checks.list(transactionIds, "transaction_ids");
    for (int i = 0; i < transactionIds.size(); i++) {
      Checks.transactionId(transactionIds.get(i), "transaction_ids[" + i + "]");
    }
  }
}
