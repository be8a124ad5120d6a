package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code POST /v1/sign-on} answer: the business date, the bank's clock, and the four working keys of the day,
 * each encrypted under the terminal master key. {@code cn.unioncard.bank.keys.WorkingKeys} unwraps them.
 */
public record SignOnResponse(
    @JsonProperty(required = true) LocalDate businessDate,
    @JsonProperty(required = true) Instant serverTime,
    @JsonProperty(required = true) int keyVersion,
    @JsonProperty(required = true) KeyAlgorithm algorithm,
    @JsonProperty(required = true) KeyBlock pinKey,
    @JsonProperty(required = true) KeyBlock macKey,
    @JsonProperty(required = true) KeyBlock dataKey,
    @JsonProperty(required = true) KeyBlock panHashKey) {
  public SignOnResponse {
    Checks.present(businessDate, "business_date");
    Checks.present(serverTime, "server_time");
    Checks.count(keyVersion, "key_version");
    Checks.present(algorithm, "algorithm");
    Checks.present(pinKey, "pin_key");
    Checks.present(macKey, "mac_key");
    Checks.present(dataKey, "data_key");
    Checks.present(panHashKey, "pan_hash_key");
  }
}
