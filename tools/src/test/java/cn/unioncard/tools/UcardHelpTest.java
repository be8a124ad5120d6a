package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command answers --help, -h and --version (issue 19); bad benchmark arguments are one line and status 2. */
class UcardHelpTest {
  @Test
  void everySubcommandAnswersHelp() {
    for (String command : List.of("demo", "sim", "bench", "read", "run", "status")) {
      for (String help : List.of("--help", "-h")) {
        String[] r = UcardReadTest.run(command, help);
        assertEquals("0", r[0], command + " " + help + ": " + r[2]);
        assertTrue(r[1].startsWith("Usage: ucard " + command + " "), r[1]);
        assertEquals("", r[2], command);
      }
      String[] v = UcardReadTest.run(command, "--version");
      assertEquals("0", v[0], v[2]);
      assertTrue(v[1].startsWith("ucard "), v[1]);
    }
  }

  /** The command list shows each command's first sentence whole. */
  @Test
  void theCommandListEndsEachDescriptionWithASentence() {
    String[] r = UcardReadTest.run("--help");
    assertEquals("0", r[0], r[2]);
    String list = r[1].substring(r[1].indexOf("Commands:"));
    for (String command : List.of("run", "status", "demo", "sim", "bench", "read")) {
      int at = list.indexOf("\n  " + command + " ");
      assertTrue(at >= 0, command + " in " + list);
      int end = list.indexOf("\n  ", at + 3);
      String entry = (end < 0 ? list.substring(at) : list.substring(at, end)).trim().replaceAll("\\s+", " ");
      assertTrue(entry.endsWith("."), "whole sentence: " + entry);
    }
  }

  @Test
  void badBenchmarkArgumentsAreOneLineAndStatus2() {
    for (String[] args : List.of(new String[] {"bench", "--n=0"}, new String[] {"bench", "--n=-5"},
        new String[] {"bench", "--n=abc"}, new String[] {"bench", "--dir=/no/such/dir", "hotlist"})) {
      String[] r = UcardReadTest.run(args);
      assertEquals("2", r[0], String.join(" ", args) + ": " + r[2]);
      assertTrue(r[2].startsWith("ucard: "), r[2]);
      assertEquals("", r[1]);
    }
    String[] zero = UcardReadTest.run("bench", "--n=0");
    assertEquals("ucard: --n must be at least 1, not 0\n", zero[2]);
    String[] dir = UcardReadTest.run("bench", "--dir=/no/such/dir", "hotlist");
    assertEquals("ucard: --dir /no/such/dir is not a directory\n", dir[2]);
  }
}
