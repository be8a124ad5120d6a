package cn.unioncard.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.protocol.Hex;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A JSON request body written straight from the model value into the connection, never held as a whole string
 * or byte array (so a batch of 500 records costs its records, not their JSON text). Its length and SHA-256 are
 * found once, up front, by writing it into a counting digest; every attempt writes the same bytes again
 * (Jackson's output of an immutable value is deterministic). Repeatable, as retries need.
 */
final class JsonBody extends RequestBody {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Object value;
  private final long length;
  private final String sha256Hex;

  JsonBody(Object value) {
    this.value = value;
    DigestStream d = new DigestStream();
    try {
      BankJson.write(value, d);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
    this.length = d.count;
    byte[] out = new byte[32];
    d.digest.doFinal(out, 0);
    this.sha256Hex = Hex.encode(out).toLowerCase(Locale.ROOT);
  }

  /** The lower-case hex SHA-256 of the bytes {@link #writeTo} writes. */
  String sha256Hex() {
    return sha256Hex;
  }

  @Override
  public MediaType contentType() {
    return JSON;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    OutputStream out = sink.outputStream();
    BankJson.write(value, out);
    out.flush();
  }

  private static final class DigestStream extends OutputStream {
    final SHA256Digest digest = new SHA256Digest();
    long count;

    @Override
    public void write(int b) {
      digest.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      digest.update(b, off, len);
      count += len;
    }
  }
}
