package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /v1/authorisations} answer. Approved: {@code auth_code}, the amounts held ({@code benefit_fen},
 * {@code debit_fen}) and the benefit balance left, all required. Declined: {@code reason} (a code such as {@code insufficient_funds}; the list in docs/bank-api.md may
 * grow, so it is text) and no money moved. Both carry {@code arc} (2 bytes) and {@code arpc} (8 bytes) for the
 * card.
 */
public record AuthorisationResponse(
    @JsonProperty(required = true) String transactionId,
    @JsonProperty(required = true) AuthorisationResult result,
    String authCode,
    String reason,
    @JsonProperty(required = true) String arc,
    @JsonProperty(required = true) String arpc,
    Long benefitFen,
    Long debitFen,
    Long benefitBalanceFen) {
  public AuthorisationResponse {
    Checks.transactionId(transactionId, "transaction_id");
    Checks.present(result, "result");
    Checks.hex(arc, "arc", 2);
    Checks.hex(arpc, "arpc", 8);
    optionalFen(benefitFen, "benefit_fen");
    optionalFen(debitFen, "debit_fen");
    optionalFen(benefitBalanceFen, "benefit_balance_fen");
    if (result == AuthorisationResult.APPROVED) {
      Checks.text(authCode, "auth_code");
      if (!authCode.matches("[0-9A-Z]{6}")) {
        throw new IllegalArgumentException("auth_code: 6 characters [0-9A-Z]");
      }
      Checks.present(benefitFen, "benefit_fen");
      Checks.present(debitFen, "debit_fen");
      Checks.present(benefitBalanceFen, "benefit_balance_fen");
    } else {
      Checks.text(reason, "reason");
      if ((benefitFen != null && benefitFen != 0) || (debitFen != null && debitFen != 0)) {
        throw new IllegalArgumentException("benefit_fen: a declined authorisation moves no money");
      }
    }
  }

  private static void optionalFen(Long value, String field) {
    if (value != null) {
      Checks.fen(value, field);
    }
  }

  /** Whether the bank approved. */
  public boolean approved() {
    return result == AuthorisationResult.APPROVED;
  }
}
