package cn.unioncard.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ucard demo}: the main job on embedded defaults. It grows with each part of the product. */
@Command(name = "demo", description = "Run the demonstration on embedded defaults (no hardware needed).")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("demo: nothing to show yet");
    out.flush();
    return Ucard.OK;
  }
}
