package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /v1/authorisations} request. {@code benefit_fen + debit_fen = amount_fen}; {@code pin_block}
 * (ISO 9564 format 0 under the PIN key, 8 bytes) only when the terminal took an online PIN.
 */
public record AuthorisationRequest(
    @JsonProperty(required = true) String transactionId,
    @JsonProperty(required = true) String merchantId,
    @JsonProperty(required = true) String panHash,
    @JsonProperty(required = true) String panEncrypted,
    @JsonProperty(required = true) long amountFen,
    @JsonProperty(required = true) long benefitFen,
    @JsonProperty(required = true) long debitFen,
    @JsonProperty(required = true) String currency,
    @JsonProperty(required = true) String iccData,
    String pinBlock) {
  public AuthorisationRequest {
    Checks.transactionId(transactionId, "transaction_id");
    Checks.text(merchantId, "merchant_id");
    Checks.hex(panHash, "pan_hash", 32);
    Checks.hex(panEncrypted, "pan_encrypted", -1);
    Checks.fen(amountFen, "amount_fen");
    Checks.fen(benefitFen, "benefit_fen");
    Checks.fen(debitFen, "debit_fen");
    if (benefitFen + debitFen != amountFen) {
      throw new IllegalArgumentException("amount_fen: benefit_fen + debit_fen must equal amount_fen");
    }
    Checks.text(currency, "currency");
    if (!currency.matches("[0-9]{3}")) {
      throw new IllegalArgumentException("currency: an ISO 4217 numeric code, 3 digits");
    }
    Checks.hex(iccData, "icc_data", -1);
    if (pinBlock != null && Checks.hex(pinBlock, "pin_block", -1).length() != 16 && pinBlock.length() != 32) {
      throw new IllegalArgumentException("pin_block: 8 bytes (format 0 under a TDEA PIN key) or 16 (under SM4)");
    }
  }
}
