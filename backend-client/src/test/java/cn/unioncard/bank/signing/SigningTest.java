package cn.unioncard.bank.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.DsaSignature;
import cn.unioncard.protocol.crypto.Sm2;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningTest {
  // shared/vectors/crypto.md §5.6: the GM/T 0003.5 example key; any valid private key would do
  static final byte[] SM2_KEY = Hex.of("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
  static final byte[] P256_KEY = Hex.of("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");

  static Signer signer(SignatureAlgorithm a) {
    return a == SignatureAlgorithm.SM2_SM3
        ? Signer.sm2(SM2_KEY, new SecureRandom())
        : Signer.ecdsaP256(P256_KEY);
  }

  @Test
  void requestSigningStringIsTheDocumentedLines() {
    String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // SHA-256("")
    assertEquals(empty, SigningString.EMPTY_BODY_SHA256);
    byte[] s =
        SigningString.request(
            "get", "/v1/reference/hotlist?since=41", "T0000001", "0b5e0b9c-4e2a-4c1e-9c0a-6f0c7f4b2a11",
            "2026-11-23T11:40:00.123Z", empty);
    assertEquals(
        "GET\n/v1/reference/hotlist?since=41\nT0000001\n0b5e0b9c-4e2a-4c1e-9c0a-6f0c7f4b2a11\n"
            + "2026-11-23T11:40:00.123Z\n" + empty,
        new String(s, StandardCharsets.UTF_8));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", // SHA-256("abc"), FIPS 180-2 B.1
        SigningString.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void responseAndReferenceSigningStrings() {
    assertEquals(
        "200\nR1\n2026-11-23T11:40:00.123Z\nabc",
        new String(SigningString.response(200, "R1", "2026-11-23T11:40:00.123Z", "abc"), StandardCharsets.UTF_8));
    assertEquals(
        "hotlist\n42\n\nXY",
        new String(SigningString.reference("hotlist", 42, null, "XY".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
    assertEquals(
        "hotlist\n42\n41\n",
        new String(SigningString.reference("hotlist", 42, 41L, new byte[0]), StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> SigningString.response(200, "R1\nX", "t", "h"));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void signsAndVerifiesBase64Der(SignatureAlgorithm a) throws DecodeException {
    Signer signer = signer(a);
    byte[] m = "message".getBytes(StandardCharsets.UTF_8);
    String sig = signer.sign(m);
    byte[] der = Base64.getDecoder().decode(sig);
    assertEquals(0x30, der[0] & 0xFF);
    DsaSignature.fromDer(der);
    Verifier v = signer.verifier();
    assertTrue(v.verify(m, sig));
    assertFalse(v.verify("messagf".getBytes(StandardCharsets.UTF_8), sig));
    assertFalse(v.verify(m, "not base64!"));
    assertFalse(v.verify(m, Base64.getEncoder().encodeToString(new byte[] {0x30, 0})));
    assertFalse(v.verify(m, null));
    assertEquals("Signer[" + a.headerValue() + "]", signer.toString());
    assertEquals(a, SignatureAlgorithm.fromHeader(a.headerValue()));
  }

  @Test
  void sm2SignatureIsTheLibrarysWithTheDefaultId() throws DecodeException {
    Signer s = Signer.sm2(SM2_KEY, new SecureRandom());
    byte[] m = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] raw = DsaSignature.fromDer(Base64.getDecoder().decode(s.sign(m)));
    assertTrue(Sm2.verify(Sm2.publicKey(SM2_KEY), Sm2.defaultUserId(), m, raw));
  }

  @Test
  void aKeyOfTheOtherCurveIsRefused() {
    Signer ecdsa = Signer.ecdsaP256(P256_KEY);
    // a P-256 point is (almost surely) not on sm2p256v1
    assertThrows(IllegalArgumentException.class, () -> Verifier.of(SignatureAlgorithm.SM2_SM3, ecdsa.publicKey()));
  }

  @Test
  void referenceContentIsReturnedOnlyWhenTheSignatureVerifies() throws BankException {
    Signer bank = signer(SignatureAlgorithm.SM2_SM3);
    byte[] content = "{\"cards\":[]}".getBytes(StandardCharsets.UTF_8);
    String sig = ReferenceSignature.sign(bank, "hotlist", 42, 41L, content);
    ReferenceDocument doc =
        new ReferenceDocument(ReferenceKind.HOTLIST, 42, 41L, Instant.now(),
            Base64.getEncoder().encodeToString(content), SignatureAlgorithm.SM2_SM3, sig);
    assertArrayEquals(content, ReferenceSignature.verifiedContent(doc, bank.verifier()));

    ReferenceDocument otherBase =
        new ReferenceDocument(ReferenceKind.HOTLIST, 42, null, doc.issuedAt(), doc.content(), doc.signatureAlg(), sig);
    assertEquals(BankException.Kind.BAD_SIGNATURE,
        assertThrows(BankException.class, () -> ReferenceSignature.verifiedContent(otherBase, bank.verifier())).kind());
    ReferenceDocument otherContent =
        new ReferenceDocument(ReferenceKind.HOTLIST, 42, 41L, doc.issuedAt(), "e30=", doc.signatureAlg(), sig);
    assertEquals(BankException.Kind.BAD_SIGNATURE,
        assertThrows(BankException.class, () -> ReferenceSignature.verifiedContent(otherContent, bank.verifier())).kind());
    ReferenceDocument notBase64 =
        new ReferenceDocument(ReferenceKind.HOTLIST, 42, 41L, doc.issuedAt(), "%%%", doc.signatureAlg(), sig);
    assertEquals(BankException.Kind.BAD_SIGNATURE,
        assertThrows(BankException.class, () -> ReferenceSignature.verifiedContent(notBase64, bank.verifier())).kind());
    assertEquals(BankException.Kind.BAD_SIGNATURE,
        assertThrows(BankException.class,
            () -> ReferenceSignature.verifiedContent(doc, signer(SignatureAlgorithm.ECDSA_P256_SHA256).verifier()))
            .kind());
  }
}
