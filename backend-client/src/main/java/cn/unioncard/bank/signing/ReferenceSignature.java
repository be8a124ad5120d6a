package cn.unioncard.bank.signing;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.ReferenceDocument;
import java.util.Base64;

/** Checks and makes the signature of a reference-data document (docs/bank-api.md, reference data). */
public final class ReferenceSignature {
  private ReferenceSignature() {}

  /**
   * The verified content bytes of {@code document}.
   *
   * @throws BankException {@link BankException.Kind#BAD_SIGNATURE} when the content is not base64, the
   *     algorithm is not the key's, or the signature does not verify; nothing is returned then
   */
  public static byte[] verifiedContent(ReferenceDocument document, Verifier referenceKey) throws BankException {
    if (document.signatureAlg() != referenceKey.algorithm()) {
      throw new BankException(
          BankException.Kind.BAD_SIGNATURE,
          document.kind().wireName() + " v" + document.version() + ": signed with "
              + document.signatureAlg().headerValue() + ", the reference-data key is "
              + referenceKey.algorithm().headerValue());
    }
    byte[] content;
    try {
      content = Base64.getDecoder().decode(document.content());
    } catch (IllegalArgumentException e) {
      throw new BankException(
          BankException.Kind.BAD_SIGNATURE,
          document.kind().wireName() + " v" + document.version() + ": content is not base64");
    }
    byte[] signed =
        SigningString.reference(
            document.kind().wireName(), document.version(), document.baseVersion(), content);
    if (!referenceKey.verify(signed, document.signature())) {
      throw new BankException(
          BankException.Kind.BAD_SIGNATURE,
          document.kind().wireName() + " v" + document.version() + ": the signature does not verify");
    }
    return content;
  }

  /** The base64 signature of a document's fields and content, for the bank's side. */
  public static String sign(
      Signer referenceKey, String kind, long version, Long baseVersion, byte[] content) {
    return referenceKey.sign(SigningString.reference(kind, version, baseVersion, content));
  }
}
