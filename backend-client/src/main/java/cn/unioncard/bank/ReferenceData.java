package cn.unioncard.bank;

import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import java.time.Instant;

/**
 * A reference document whose signature verified: its kind, version, the version a delta applies to (null for
 * a full document), when it was issued, and the content bytes (their schema belongs to the flow that uses
 * them), and the signed document as it came, so a terminal can keep it and verify it again later.
 */
public final class ReferenceData {
  private final ReferenceKind kind;
  private final long version;
  private final Long baseVersion;
  private final Instant issuedAt;
  private final byte[] content;
  private final ReferenceDocument document;

  ReferenceData(ReferenceDocument document, byte[] content) {
    this.document = document;
    this.kind = document.kind();
    this.version = document.version();
    this.baseVersion = document.baseVersion();
    this.issuedAt = document.issuedAt();
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

  /** Whether this is a delta over {@link #baseVersion()}. */
  public boolean delta() {
    return baseVersion != null;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  /** A copy of the verified content. */
  public byte[] content() {
    return content.clone();
  }

  /** The signed document this content was verified from (its base64 content and signature), or null. */
  public ReferenceDocument document() {
    return document;
  }

  /** The size of the verified content in bytes. */
  public int size() {
    return content.length;
  }

  @Override
  public String toString() {
    return "ReferenceData[" + kind.wireName() + " v" + version
        + (baseVersion == null ? "" : " over v" + baseVersion) + ", " + content.length + " bytes]";
  }
}
