package cn.unioncard.sim;

import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.bank.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The files of a simulated terminal as an integrator would write them: its configuration (ID.yaml) and its key
 * files, with the simulator's test keys (docs/bank-api.md, Test keys). The bank's CA certificate is expected in
 * DIR/bank-ca.pem. Used by {@code ucard demo} and by the tests that run agents in processes of their own.
 */
public final class TerminalFiles {
  private TerminalFiles() {}

  /**
   * Writes DIR/ID.yaml and DIR/keys/ID.*; returns the configuration file.
   *
   * @param terminalExtra more lines of the {@code terminal} section (a checkout's merchant id)
   * @param sections the kind's own sections (register and checkout, or gate), as YAML text
   * @param contactless the exact PC/SC name of the contactless reader
   * @param psam the exact name of the PSAM's slot, or null
   */
  public static Path write(Path dir, String id, String kind, String terminalExtra, String sections,
      String contactless, String psam, String bankUrl) throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    write(dir.resolve("keys/" + id + ".signing"), Hex.encode(TestKeys.terminalSigningKey(id)));
    write(dir.resolve("keys/" + id + ".master"), Hex.encode(TestKeys.terminalMasterKey(id)));
    String yaml = "terminal:\n  id: " + id + "\n  kind: " + kind + "\n" + terminalExtra
        + "readers:\n  contactless: '" + Pattern.quote(contactless) + "'\n"
        + (psam == null ? "" : "  psam: '" + Pattern.quote(psam) + "'\n")
        + sections
        + "store:\n  path: " + id + ".db\n"
        + "bank:\n  url: " + bankUrl + "\n  ca_certificate: bank-ca.pem\n"
        + "  signing_key_file: keys/" + id + ".signing\n  master_key_file: keys/" + id + ".master\n"
        + "  response_key: " + Hex.encode(TestKeys.responsePublicKey()) + "\n"
        + "  reference_key: " + Hex.encode(TestKeys.referencePublicKey()) + "\n"
        + "upload:\n  interval: 2s\n  max_backoff: 5s\n"
        + "logging:\n  level: warn\n";
    Path file = dir.resolve(id + ".yaml");
    write(file, yaml);
    return file;
  }

  private static void write(Path file, String text) throws IOException {
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
