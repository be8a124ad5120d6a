package cn.unioncard.serial;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * For tests and the serial benchmark: a pseudo-terminal pair made by socat: {@code socat -d -d pty,raw,echo=0,link=DIR/ttyA
 * pty,raw,echo=0,link=DIR/ttyB}. {@link #stop} ends socat (both devices go away); {@link #start} makes the
 * pair again under the same names, as a register's cable unplugged and plugged back.
 */
public final class SocatPair implements AutoCloseable {
  final Path dir;
  /** One end (a symlink to the pty device). */
  public final Path a;
  /** The other end. */
  public final Path b;
  private Process process;

  public SocatPair(Path dir) {
    this.dir = dir;
    this.a = dir.resolve("ttyA");
    this.b = dir.resolve("ttyB");
  }

  /** Null when socat can be run, else why not. */
  public static String unavailable() {
    for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, "socat"))) {
        return null;
      }
    }
    return "socat is not installed (apt-get install socat): the pseudo-terminal tests need it";
  }

  public SocatPair start() throws IOException, InterruptedException {
    process = new ProcessBuilder("socat", "-d", "-d",
        "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("socat.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!(Files.exists(a) && Files.exists(b))) {
      if (!process.isAlive()) {
        throw new IOException("socat ended: " + Files.readString(dir.resolve("socat.log")));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("socat made no pseudo-terminals within 5 s");
      }
      Thread.sleep(10);
    }
    return this;
  }

  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
