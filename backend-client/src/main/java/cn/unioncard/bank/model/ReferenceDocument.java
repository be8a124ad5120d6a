package cn.unioncard.bank.model;

import cn.unioncard.bank.signing.SignatureAlgorithm;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * {@code GET /v1/reference/{kind}} answer, as it arrives: {@code content} is base64 and NOT yet verified. Only
 * {@code BankClient#referenceData} (or {@code ReferenceSignature}) turns it into verified bytes. {@code
 * base_version} is null for a full document, the version a delta applies to otherwise.
 */
public record ReferenceDocument(
    @JsonProperty(required = true) ReferenceKind kind,
    @JsonProperty(required = true) long version,
    Long baseVersion,
    @JsonProperty(required = true) Instant issuedAt,
    @JsonProperty(required = true) String content,
    @JsonProperty(required = true) SignatureAlgorithm signatureAlg,
    @JsonProperty(required = true) String signature) {
  public ReferenceDocument {
    Checks.present(kind, "kind");
    Checks.nonNegative(version, "version");
    if (baseVersion != null) {
      Checks.nonNegative(baseVersion, "base_version");
      if (baseVersion >= version) {
        throw new IllegalArgumentException("base_version: must be below version");
      }
    }
    Checks.present(issuedAt, "issued_at");
    Checks.present(content, "content");
    Checks.present(signatureAlg, "signature_alg");
    Checks.text(signature, "signature");
  }

  /** Whether this is a delta over {@link #baseVersion()}. */
  public boolean delta() {
    return baseVersion != null;
  }
}
