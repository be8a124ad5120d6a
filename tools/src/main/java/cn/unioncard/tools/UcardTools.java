package cn.unioncard.tools;

import cn.unioncard.app.Ucard;
import cn.unioncard.tools.bench.BenchCommand;
import java.util.List;

/**
 * The developer's {@code ucard}: the product's commands ({@code run}, {@code status}) and the tools that need the
 * simulator ({@code demo}, {@code read}, {@code sim}, {@code bench}). The distribution's {@code ucard} has the
 * product's alone.
 */
public final class UcardTools {
  private UcardTools() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status (for tests). */
  public static int run(String... args) {
    return Ucard.run(List.of(new DemoCommand(), new ReadCommand(), new SimCommand(), new BenchCommand()), args);
  }
}
