package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** {@code POST /v1/benefit/balance} answer. */
public record BalanceResponse(
    @JsonProperty(required = true) long balanceFen, @JsonProperty(required = true) Instant asOf) {
  public BalanceResponse {
    Checks.fen(balanceFen, "balance_fen");
    Checks.present(asOf, "as_of");
  }
}
