package cn.unioncard.tools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * What the command line gives every benchmark: the measured operations asked for ({@code --n}; each benchmark caps
 * it as documented), where disk benchmarks write their files ({@code --dir}, or null for the system's temporary
 * directory), and where a skipped benchmark says why.
 */
record BenchSettings(int n, Path dir, PrintWriter err) {
  /** A fresh directory for a disk benchmark's files, under {@code --dir} or the system's temporary directory. */
  Path workDir(String benchName) throws IOException {
    Path base = dir != null ? dir : Paths.get(System.getProperty("java.io.tmpdir"));
    return Files.createTempDirectory(base, "ucard-bench-" + benchName);
  }

  /** Removes a benchmark's directory and the files in it (benchmarks make no subdirectories). */
  static void deleteWork(Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(work);
  }
}
