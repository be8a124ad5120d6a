package cn.unioncard.sim.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** The bank's control API over plain HTTP on loopback: routes to {@link BankControl}. */
final class ControlHttpHandler implements HttpHandler {
  private final BankControl control;

  ControlHttpHandler(BankControl control) {
    this.control = control;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    int status = 200;
    JsonNode answer;
    try {
      byte[] body = ex.getRequestBody().readNBytes(BankHttpHandler.MAX_BODY + 1);
      if (body.length > BankHttpHandler.MAX_BODY) {
        throw new TooLarge();
      }
      answer = route(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), body);
      if (answer == null) {
        status = 404;
        answer = error("no such control call");
      }
    } catch (TooLarge e) {
      status = 413;
      answer = error("the body is over " + BankHttpHandler.MAX_BODY + " bytes");
    } catch (IllegalArgumentException e) {
      status = 400;
      answer = error(e.getMessage());
    } catch (RuntimeException e) {
      status = 500;
      answer = error(e.toString());
    }
    byte[] body = Json.bytes(answer);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The answer of one control call, or null for an unknown one. */
  JsonNode route(String method, String path, String rawQuery, byte[] body) {
    String p = path.substring(BankControl.PREFIX.length());
    switch (method + " " + p) {
      case "GET /faults":
        return control.faults();
      case "PUT /faults":
        return control.putFaults(json(body));
      case "GET /ledger": {
        Map<String, String> q = BankControl.query(rawQuery);
        return control.ledger(q.get("terminal_id"), q.get("business_date"));
      }
      case "POST /cards":
        return control.addCard(json(body));
      case "POST /members":
        return control.addMember(json(body));
      case "POST /accounts":
        return control.setBalance(json(body));
      case "POST /merchants":
        return control.addMerchant(json(body));
      case "POST /terminals":
        return control.addTerminal(json(body));
      case "POST /reference/hotlist/delta":
        return control.publishHotlistDelta(json(body));
      default:
        if (method.equals("POST") && p.startsWith("/reference/")) {
          return control.publishReference(p.substring("/reference/".length()), body);
        }
        return null;
    }
  }

  private static JsonNode json(byte[] body) {
    try {
      return Json.object(body);
    } catch (ApiException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** A body over the bound. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static JsonNode error(String message) {
    return Json.MAPPER.createObjectNode().put("error", message == null ? "error" : message);
  }
}
