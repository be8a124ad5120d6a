package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.app.Ucard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ucard demo}: the whole business day runs and its summary line says what happened. */
class UcardDemoTest {
  @Test
  void theDemoPlaysAWholeBusinessDayAndReconciles() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Ucard()).addSubcommand(new DemoCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute("demo");
    List<String> lines = Arrays.asList(out.toString().split("\n"));
    assertEquals(0, status, out + "\n" + err);
    assertEquals("demo: 6 sales, 8 taps, settled 13, pending 0, reconciled: matched", lines.get(lines.size() - 1));
    // the union's own examples and the day's other cases, as the register and the gate were told
    assertTrue(lines.contains("sale: an ordinary member buys 25 kg of flour, 97.00: approved 91.00, 面粉会员价 -3.00"
        + " (merchant), 面粉会员价 -3.00 (bank); paid benefit 91.00"), out.toString());
    assertTrue(lines.contains("sale: a model worker buys a suitcase, 410.00: approved 345.00, 旅行箱会员价 -65.00 (bank);"
        + " paid benefit 345.00"), out.toString());
    assertTrue(lines.contains("sale: a foreign card, 12.50: declined: card not accepted"), out.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("tap: a model worker boards bus 0007 (half fare): gate opens,"
        + " charged 1.00")), out.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("tap: and leaves at station 0103 (exit, transfer discount):"
        + " gate opens, charged 1.00")), out.toString());
    assertTrue(lines.contains("tap: a card reported lost boards the bus: refused: card blocked: see the service desk"),
        out.toString());
    assertTrue(lines.contains("tap: the torn tap is recovered: the purse paid 2.00 once for the ride, gate open"),
        out.toString());
    assertTrue(lines.contains("bank: every stored record uploaded, pending 0"), out.toString());
    assertTrue(lines.contains("settle: approved: day " + java.time.LocalDate.now(BusinessDay.ZONE)
        + " closed and reconciled: matched"), out.toString());
    assertTrue(err.toString().isEmpty(), "nothing on stderr: " + err);
  }
}
