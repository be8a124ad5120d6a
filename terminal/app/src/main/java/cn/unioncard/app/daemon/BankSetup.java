package cn.unioncard.app.daemon;

import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.config.ConfigException;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankClientConfig;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The bank client the configuration describes, and the terminal master key for sign-on. */
final class BankSetup {
  private BankSetup() {}

  static BankClient client(AgentConfig config) throws ConfigException {
    AgentConfig.Bank b = config.bank();
    byte[] d = hexFile(b.signingKeyFile(), "bank.signing_key_file", 32);
    Signer signer = b.signingAlgorithm().equals("sm2")
        ? Signer.sm2(d, new SecureRandom())
        : Signer.ecdsaP256(d);
    BankClientConfig.Builder builder = BankClientConfig.builder()
        .baseUrl(b.url())
        .terminalId(config.terminal().id())
        .signer(signer)
        .responseVerifier(Verifier.of(SignatureAlgorithm.SM2_SM3, Hex.of(b.responseKey())))
        .referenceVerifier(Verifier.of(SignatureAlgorithm.SM2_SM3, Hex.of(b.referenceKey())))
        .callTimeout(b.callTimeout());
    if (b.caCertificate() != null) {
      try {
        builder.trustedCertificatesPem(new String(Files.readAllBytes(b.caCertificate()), StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new ConfigException("bank.ca_certificate", "cannot read " + b.caCertificate() + ": " + e.getMessage());
      }
    }
    for (String pin : b.certificatePins()) {
      builder.certificatePin(pin);
    }
    try {
      return new BankClient(builder.build());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bank", e.getMessage());
    }
  }

  /** The terminal master key that opens the sign-on's working keys. */
  static byte[] masterKey(AgentConfig config) throws ConfigException {
    return hexFile(config.bank().masterKeyFile(), "bank.master_key_file", 16);
  }

  /** A key file: hex digits (whitespace ignored) of exactly {@code bytes} bytes. */
  static byte[] hexFile(Path file, String key, int bytes) throws ConfigException {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).replaceAll("\\s+", "");
    } catch (IOException e) {
      throw new ConfigException(key, "cannot read " + file + ": " + e.getMessage());
    }
    if (!text.matches("([0-9A-Fa-f]{2})+") || text.length() != bytes * 2) {
      throw new ConfigException(key, file + " must hold " + bytes + " bytes as " + (bytes * 2) + " hex digits");
    }
    return Hex.of(text);
  }
}
