package cn.unioncard.bank.signing;

import cn.unioncard.protocol.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The exact bytes that are signed (docs/bank-api.md, "Request headers", "Response headers", "Reference data").
 * Lines are joined by a single {@code \n} with no trailing newline; the body hash is the lower-case hex SHA-256
 * of the body's bytes as sent (of the empty string when there is none).
 */
public final class SigningString {
  /** The lower-case hex SHA-256 of the empty string. */
  public static final String EMPTY_BODY_SHA256 = sha256Hex(new byte[0]);

  private SigningString() {}

  /**
   * A request's signing string: method, path with query as sent (percent-encoded, {@code ?query} only when
   * there is one), terminal id, request id, timestamp (the header text), body hash.
   */
  public static byte[] request(
      String method, String pathAndQuery, String terminalId, String requestId, String timestamp,
      String bodySha256Hex) {
    return lines(method.toUpperCase(Locale.ROOT), pathAndQuery, terminalId, requestId, timestamp, bodySha256Hex);
  }

  /** A response's signing string: status code, request id, timestamp (the header text), body hash. */
  public static byte[] response(int status, String requestId, String timestamp, String bodySha256Hex) {
    return lines(Integer.toString(status), requestId, timestamp, bodySha256Hex);
  }

  /**
   * What a reference document's signature covers: {@code kind \n version \n base_version \n} (base version
   * empty when null) followed by the content bytes.
   */
  public static byte[] reference(String kind, long version, Long baseVersion, byte[] content) {
    byte[] head =
        (kind + "\n" + version + "\n" + (baseVersion == null ? "" : baseVersion.toString()) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + content.length);
    out.write(head, 0, head.length);
    out.write(content, 0, content.length);
    return out.toByteArray();
  }

  /** The lower-case hex SHA-256 of {@code body}. */
  public static String sha256Hex(byte[] body) {
    SHA256Digest d = new SHA256Digest();
    d.update(body, 0, body.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return Hex.encode(out).toLowerCase(Locale.ROOT);
  }

  private static byte[] lines(String... parts) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null || parts[i].indexOf('\n') >= 0 || parts[i].indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a signing string line is missing or holds a line break");
      }
      if (i > 0) {
        b.append('\n');
      }
      b.append(parts[i]);
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
