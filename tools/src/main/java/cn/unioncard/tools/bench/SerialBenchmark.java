package cn.unioncard.tools.bench;

import cn.unioncard.app.Ucard;
import cn.unioncard.app.UserError;
import cn.unioncard.serial.SerialRoundTripBenchmark;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * {@code serial-roundtrip}: a SALE frame and its ACK between two ECR links over a socat pseudo-terminal pair through
 * jssc at 115200 baud, with the line time those bytes would take on a real line ({@code line_time_us}). Needs socat.
 * At most 5,000 round trips after a quarter as many (at least 100) unmeasured.
 */
final class SerialBenchmark {
  private final BenchSettings settings;

  SerialBenchmark(BenchSettings settings) {
    this.settings = settings;
  }

  ObjectNode run() throws Exception {
    int count = Math.min(settings.n(), 5000);
    long[] t;
    try {
      t = SerialRoundTripBenchmark.run(Math.max(100, count / 4), count);
    } catch (IOException e) {
      throw new UserError("serial-roundtrip: " + e.getMessage(), Ucard.FAILED);
    }
    ObjectNode o = Measurement.summary("serial-roundtrip", "us", t);
    o.put("line_time_us", Math.round(SerialRoundTripBenchmark.lineTimeMicros() * 100) / 100.0);
    o.put("wire_bytes", SerialRoundTripBenchmark.wireBytes());
    o.put("baud", SerialRoundTripBenchmark.BAUD);
    return o;
  }
}
