package cn.unioncard.sim.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file the simulator is given by path (a trace, a card's profile or state) with a size bound, so a device
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
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(max + 1);
    }
    if (bytes.length > max) {
      throw new TooLargeException(file, max);
    }
    return bytes;
  }
}
