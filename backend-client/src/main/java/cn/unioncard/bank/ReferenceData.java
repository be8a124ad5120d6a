package cn.unioncard.bank;

import cn.unioncard.bank.model.ReferenceKind;
import java.time.Instant;

/**
 * A reference document whose signature verified: its kind, version, the version a delta applies to (null for
 * a full document), when it was issued, and the content bytes (their schema belongs to the flow that uses
 * them).
 */
public final class ReferenceData {
  private final ReferenceKind kind;
  private final long version;
  private final Long baseVersion;
  private final Instant issuedAt;
  private final byte[] content;

  ReferenceData(ReferenceKind kind, long version, Long baseVersion, Instant issuedAt, byte[] content) {
    this.kind = kind;
    this.version = version;
    this.baseVersion = baseVersion;
    this.issuedAt = issuedAt;
    this.content = content.clone();
  }

  public ReferenceKind kind() {
    return kind;
  }

  public long version() {
    return version;
  }

  /** The version this delta applies to, or null for a full document. */
  public Long baseVersion() {
    return baseVersion;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  /** A copy of the verified content. */
  public byte[] content() {
    return content.clone();
  }

  @Override
  public String toString() {
    return "ReferenceData[" + kind.wireName() + " v" + version
        + (baseVersion == null ? "" : " over v" + baseVersion) + ", " + content.length + " bytes]";
  }
}
