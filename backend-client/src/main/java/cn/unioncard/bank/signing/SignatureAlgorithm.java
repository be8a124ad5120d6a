package cn.unioncard.bank.signing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The signature algorithms of the bank API, with their names in {@code X-Signature-Alg}. */
public enum SignatureAlgorithm {
  /** SM2 over SM3 (GB/T 32918.2), signer ID {@code 1234567812345678}. */
  @JsonProperty("SM2-SM3")
  SM2_SM3("SM2-SM3"),
  /** ECDSA on P-256 over SHA-256 (FIPS 186-4). */
  @JsonProperty("ECDSA-P256-SHA256")
  ECDSA_P256_SHA256("ECDSA-P256-SHA256");

  private final String headerValue;

  SignatureAlgorithm(String headerValue) {
    this.headerValue = headerValue;
  }

  /** The name in headers and bodies. */
  public String headerValue() {
    return headerValue;
  }

  /** The algorithm a header names, or null when it names none of these. */
  public static SignatureAlgorithm fromHeader(String value) {
    for (SignatureAlgorithm a : values()) {
      if (a.headerValue.equals(value)) {
        return a;
      }
    }
    return null;
  }
}
