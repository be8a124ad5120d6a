package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.bank.signing.ReferenceSignature;
import cn.unioncard.bank.signing.Signer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/reference/{kind}[?since=]}: the kind's latest full document, or for the hotlist the delta from
 * {@code since} when there is one, signed with the bank's reference-data key.
 */
final class ReferenceHandler implements ApiHandler {
  private static final Pattern SINCE = Pattern.compile("since=([0-9]{1,18})");

  private final Ledger ledger;
  private final Signer referenceKey = Signer.sm2(TestKeys.referencePrivateKey(), new SecureRandom());

  ReferenceHandler(Ledger ledger) {
    this.ledger = ledger;
  }

  /** The kind of this wire name, or null. */
  static ReferenceKind kindOf(String wire) {
    for (ReferenceKind k : ReferenceKind.values()) {
      if (k.wireName().equals(wire)) {
        return k;
      }
    }
    return null;
  }

  @Override
  public ApiAnswer handle(Call call) throws ApiException {
    String kindName = call.param(1);
    String rawQuery = call.request().rawQuery();
    ReferenceKind kind = kindOf(kindName);
    if (kind == null) {
      throw ApiException.notFound("no reference data of kind " + kindName);
    }
    Long since = null;
    if (rawQuery != null && !rawQuery.isEmpty()) {
      Matcher m = SINCE.matcher(rawQuery);
      if (!m.matches()) {
        throw ApiException.malformed("the only query is since=<version>");
      }
      since = Long.parseLong(m.group(1));
    }
    Long sinceVersion = since;
    ReferenceTable.Document doc = ledger.query(db -> {
      Long latest = db.references().latestVersion(kind.wireName());
      if (latest == null) {
        return null;
      }
      if (kind == ReferenceKind.HOTLIST && sinceVersion != null && sinceVersion < latest) {
        ReferenceTable.Document delta = db.references().delta(kind.wireName(), sinceVersion);
        if (delta != null) {
          return delta;
        }
      }
      return db.references().full(kind.wireName(), latest);
    });
    if (doc == null) {
      throw ApiException.notFound("no " + kind.wireName() + " published");
    }
    return ApiAnswer.ok(new ReferenceDocument(kind, doc.version(), doc.baseVersion(), Instant.parse(doc.issuedAt()),
        Base64.getEncoder().encodeToString(doc.content()), referenceKey.algorithm(),
        ReferenceSignature.sign(referenceKey, kind.wireName(), doc.version(), doc.baseVersion(), doc.content())));
  }
}
