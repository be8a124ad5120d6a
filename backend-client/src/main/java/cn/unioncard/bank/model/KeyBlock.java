package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A working key encrypted (ECB) under the terminal master key, with its key check value (docs/bank-api.md,
 * sign-on). Both upper-case hex; the KCV is 3 bytes.
 */
public record KeyBlock(
    @JsonProperty(required = true) String encrypted, @JsonProperty(required = true) String kcv) {
  public KeyBlock {
    Checks.hex(encrypted, "encrypted", -1);
    Checks.hex(kcv, "kcv", 3);
  }
}
