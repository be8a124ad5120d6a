package cn.unioncard.ports.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file given by path (a trace, a card's profile or state, a fare table, a hotlist, a kept reference
 * document) with a size bound, so a device
 * or an endless pipe ({@code /dev/zero}, a FIFO) is refused after at most {@code max + 1} bytes instead of filling
 * the memory. A regular file larger than the bound is refused without being read.
 */
public final class BoundedFile {
  /** The file is larger than the bound; its message is one line naming the file and the bound. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(Path file, int max) {
      super(file + ": larger than " + max + " bytes, the most it may be (is it a device or an endless pipe?)");
    }
  }

  private BoundedFile() {}

  /** The file's bytes, at most {@code max}. */
  public static byte[] read(Path file, int max) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) > max) {
      throw new TooLargeException(file, max);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = Files.newInputStream(file)) {
      // InputStream.readNBytes is not on Android 8.0 (API 26): read in pieces, never past max + 1 bytes
      while (out.size() <= max) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, (long) max + 1 - out.size()));
        if (n == -1) {
          break;
        }
        out.write(buffer, 0, n);
      }
    }
    if (out.size() > max) {
      throw new TooLargeException(file, max);
    }
    return out.toByteArray();
  }
}
