package cn.unioncard.agent.refdata;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.ports.files.BoundedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last good signed document of each kind, on disk in one directory beside the store, as the bank sent it (its
 * base64 content and signature), so it is verified again when loaded: {@code KIND.json} for the full document, and
 * {@code KIND.delta.VERSION.json} for each delta taken over it since. Each file is written to a temporary file,
 * forced to the disk and renamed over the old one, so a crash leaves the old file or the new one, never half of one.
 */
final class KeptDocuments {
  private static final Logger LOG = LoggerFactory.getLogger(KeptDocuments.class);
  /** The most a kept document may hold, four times the bank client's default answer bound. */
  static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

  private final Path dir;

  KeptDocuments(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Keeps {@code doc}: a full document replaces the kind's file and drops its deltas; a delta is added. */
  void keep(ReferenceDocument doc) throws IOException {
    Files.createDirectories(dir);
    String kind = doc.kind().wireName();
    if (doc.delta()) {
      write(dir.resolve(kind + ".delta." + doc.version() + ".json"), BankJson.write(doc));
      return;
    }
    write(dir.resolve(kind + ".json"), BankJson.write(doc));
    for (Path p : deltas(doc.kind())) {
      Files.deleteIfExists(p);
    }
  }

  /**
   * The kept documents of a kind, the full one first and then its deltas by version; empty when none is kept.
   *
   * @throws BankException {@link BankException.Kind#MALFORMED_RESPONSE} when a file is not a reference document
   */
  List<ReferenceDocument> load(ReferenceKind kind) throws IOException, BankException {
    List<ReferenceDocument> out = new ArrayList<>();
    byte[] full;
    try {
      full = BoundedFile.read(dir.resolve(kind.wireName() + ".json"), MAX_DOCUMENT_BYTES);
    } catch (NoSuchFileException e) {
      return out;
    }
    out.add(read(full, kind.wireName() + ".json"));
    List<ReferenceDocument> ds = new ArrayList<>();
    for (Path p : deltas(kind)) {
      ds.add(read(BoundedFile.read(p, MAX_DOCUMENT_BYTES), p.getFileName().toString()));
    }
    ds.sort((a, b) -> Long.compare(a.version(), b.version()));
    out.addAll(ds);
    return out;
  }

  private static ReferenceDocument read(byte[] bytes, String name) throws BankException {
    return BankJson.read(bytes, ReferenceDocument.class, BankException.Kind.MALFORMED_RESPONSE, "kept " + name);
  }

  private List<Path> deltas(ReferenceKind kind) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, kind.wireName() + ".delta.*.json")) {
      for (Path p : s) {
        out.add(p);
      }
    }
    return out;
  }

  /** Writes {@code bytes} to {@code file}: a temporary file, forced, renamed over it, the directory forced. */
  static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("the directory {} cannot be forced here: {}", file.getParent(), e.toString());
    }
  }
}
