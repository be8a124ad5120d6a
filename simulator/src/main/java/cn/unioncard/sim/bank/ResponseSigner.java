package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.SigningString;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signs every answer of the bank API with the bank's response key (docs/bank-api.md, Response headers). */
final class ResponseSigner {
  private final Clock clock;
  private final Signer responseKey = Signer.sm2(TestKeys.responsePrivateKey(), new SecureRandom());

  ResponseSigner(Clock clock) {
    this.clock = clock;
  }

  /** The response headers: request id echoed, timestamp, algorithm and signature (a wrong one when asked). */
  Map<String, String> sign(int status, String requestId, byte[] body, boolean wrongSignature) {
    String id = requestId != null && Authentication.REQUEST_ID.matcher(requestId).matches() ? requestId : "";
    String ts = BankJson.formatInstant(clock.instant());
    String hash = SigningString.sha256Hex(body);
    byte[] signed = SigningString.response(status, id, ts, hash);
    if (wrongSignature) {
      signed = SigningString.response(status, id, ts, SigningString.EMPTY_BODY_SHA256 + "0");
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Request-Id", id);
    h.put("X-Timestamp", ts);
    h.put("X-Signature-Alg", responseKey.algorithm().headerValue());
    h.put("X-Signature", responseKey.sign(signed));
    return h;
  }
}
