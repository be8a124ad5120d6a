package cn.unioncard.ports.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A file read within its bound: up to the bound whole, past it refused, an endless device refused. */
class BoundedFileTest {
  @TempDir Path dir;

  static IntStream sizes() {
    return IntStream.of(0, 1, 8191, 8192, 8193, 20_000, 65_536);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void aFileUpToTheBoundIsReadWholeAndOneByteMoreIsRefused(int size) throws Exception {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    Path file = dir.resolve("f" + size);
    Files.write(file, content);
    assertArrayEquals(content, BoundedFile.read(file, size));
    assertArrayEquals(content, BoundedFile.read(file, size + 1));
    if (size > 0) {
      BoundedFile.TooLargeException e =
          assertThrows(BoundedFile.TooLargeException.class, () -> BoundedFile.read(file, size - 1));
      assertEquals(file + ": larger than " + (size - 1) + " bytes, the most it may be (is it a device or an endless"
          + " pipe?)", e.getMessage());
    }
  }

  @Test
  void anEndlessDeviceIsRefusedAtTheBound() {
    Path zero = Paths.get("/dev/zero");
    if (Files.exists(zero)) {
      assertThrows(BoundedFile.TooLargeException.class, () -> BoundedFile.read(zero, 100_000));
    }
  }
}
