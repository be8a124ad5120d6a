package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Where the terminal's and the bank's totals of one category differ, with the transactions concerned. */
public record Difference(
    @JsonProperty(required = true) TotalCategory category,
    @JsonProperty(required = true) int terminalCount,
    @JsonProperty(required = true) int bankCount,
    @JsonProperty(required = true) long terminalAmountFen,
    @JsonProperty(required = true) long bankAmountFen,
    @JsonProperty(required = true) List<String> transactionIds) {
  public Difference {
    Checks.present(category, "category");
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
