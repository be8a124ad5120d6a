package cn.unioncard.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.FakeBank.Answer;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.TotalCategory;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document {@code bank-api.yaml} and the code are one API: every operation is a client method that
 * calls exactly that method and path, every client call is an operation, and every object schema has the
 * model record's fields and required fields. (A line-based reading of the document's fixed layout: Jackson's
 * YAML module is not a dependency.)
 */
class BankApiDocumentTest {
  private static final Pattern PATH = Pattern.compile("^  (/\\S+):$");
  private static final Pattern VERB = Pattern.compile("^    (get|post|put|patch|delete):$");
  private static final Pattern OPERATION = Pattern.compile("^      operationId: (\\w+)$");
  private static final Pattern SCHEMA = Pattern.compile("^    (\\w+):$");
  private static final Pattern REQUIRED = Pattern.compile("^      required: \\[(.*)\\]$");
  private static final Pattern PROPERTY = Pattern.compile("^        (\\w+):$");

  static List<String> lines() throws IOException {
    InputStream in = BankClient.class.getResourceAsStream("bank-api.yaml");
    assertNotNull(in, "bank-api.yaml is a resource of cn.unioncard.bank");
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        out.add(l);
      }
    }
    return out;
  }

  /** operationId → "METHOD /path/{template}". */
  static Map<String, String> operations() throws IOException {
    Map<String, String> ops = new LinkedHashMap<>();
    String path = null;
    String verb = null;
    boolean inPaths = false;
    for (String l : lines()) {
      if (l.equals("paths:")) {
        inPaths = true;
        continue;
      }
      if (inPaths && !l.startsWith(" ") && !l.isEmpty()) {
        break;
      }
      Matcher m;
      if ((m = PATH.matcher(l)).matches()) {
        path = m.group(1);
      } else if ((m = VERB.matcher(l)).matches()) {
        verb = m.group(1).toUpperCase();
      } else if ((m = OPERATION.matcher(l)).matches() && inPaths) {
        ops.put(m.group(1), verb + " " + path);
      }
    }
    return ops;
  }

  static Set<String> clientCalls() {
    Set<String> names = new TreeSet<>();
    for (Method m : BankClient.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
          && !m.getName().equals("close") && !m.getName().equals("toString")
          // not calls: a listener of failed calls, and a kept reference document verified again locally
          && !m.getName().equals("onFailure") && !m.getName().equals("verifyReference")) {
        names.add(m.getName());
      }
    }
    return names;
  }

  @Test
  void everyOperationIsAClientMethodAndBack() throws IOException {
    Map<String, String> ops = operations();
    assertEquals(9, ops.size(), ops.toString());
    assertEquals(new TreeSet<>(ops.keySet()), clientCalls());
  }

  @Test
  void everyClientMethodCallsItsOperationsMethodAndPath() throws Exception {
    Map<String, String> ops = operations();
    Map<String, ClientCall> calls = new LinkedHashMap<>();
    calls.put("signOn", c -> c.signOn(BankClientTest.TMK));
    calls.put("lookupMember", c -> c.lookupMember(Samples.PAN_HASH));
    calls.put("benefitBalance", c -> c.benefitBalance(Samples.PAN_HASH));
    calls.put("authorise", c -> c.authorise(BankClientTest.authorisation()));
    calls.put("reverse", c -> c.reverse(
        new ReversalRequest("T0000001-000000000043", BankClientTest.TX, 1, ReversalReason.VOID)));
    calls.put("uploadBatch", c -> c.uploadBatch(
        new BatchRequest("B1", Collections.singletonList(BankClientTest.record(0)))));
    calls.put("transactionStatus", c -> c.transactionStatus(BankClientTest.TX));
    calls.put("closeBusinessDay", c -> c.closeBusinessDay(LocalDate.of(2026, 11, 23), new DayCloseRequest(
        Collections.singletonList(new CategoryTotal(TotalCategory.DEBIT, 1, 1)),
        Collections.<FundingTotal>emptyList())));
    calls.put("referenceData", c -> c.referenceData(ReferenceKind.HOTLIST, 41L));
    assertEquals(ops.keySet(), calls.keySet());
    try (FakeBank bank = new FakeBank();
        BankClient client = new BankClient(BankClientConfig.builder()
            .baseUrl(bank.baseUrl()).terminalId(BankClientTest.TERMINAL)
            .trustedCertificatesPem(FakeBank.CERT.certificatePem())
            .signer(cn.unioncard.bank.signing.Signer.ecdsaP256(SigningTestKeys.TERMINAL_P256))
            .responseVerifier(bank.responseKey.verifier()).referenceVerifier(bank.referenceKey.verifier())
            .clock(Clock.fixed(BankClientTest.NOW, ZoneOffset.UTC)).maxAttempts(1).build())) {
      int i = 0;
      for (Map.Entry<String, ClientCall> e : calls.entrySet()) {
        bank.plan(Answer.json(200, "{}"));
        try {
          e.getValue().call(client);
        } catch (BankException expected) {
          // the answer does not matter here, only what was sent
        }
        RecordedRequest q = bank.request(i++);
        String[] op = ops.get(e.getKey()).split(" ");
        assertEquals(op[0], q.getMethod(), e.getKey());
        String path = q.getUrl().encodedPath();
        String template = op[1].replaceAll("\\{[a-z_]+\\}", "[^/]+");
        assertTrue(path.matches(template), e.getKey() + ": " + path + " is not " + op[1]);
      }
    }
  }

  interface ClientCall {
    void call(BankClient c) throws BankException;
  }

  /** schema name → [required list, property list]. */
  static Map<String, List<List<String>>> schemas() throws IOException {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    boolean inSchemas = false;
    boolean inProperties = false;
    String current = null;
    for (String l : lines()) {
      if (l.equals("  schemas:")) {
        inSchemas = true;
        continue;
      }
      if (!inSchemas) {
        continue;
      }
      Matcher m;
      if ((m = SCHEMA.matcher(l)).matches()) {
        current = m.group(1);
        out.put(current, Arrays.asList(new ArrayList<>(), new ArrayList<>()));
        inProperties = false;
      } else if ((m = REQUIRED.matcher(l)).matches()) {
        for (String r : m.group(1).split(",")) {
          out.get(current).get(0).add(r.trim());
        }
      } else if (l.equals("      properties:")) {
        inProperties = true;
      } else if (inProperties && (m = PROPERTY.matcher(l)).matches()) {
        out.get(current).get(1).add(m.group(1));
      } else if (l.startsWith("      ") && !l.startsWith("        ")) {
        inProperties = false;
      }
    }
    return out;
  }

  static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
  }

  @Test
  void everyObjectSchemaIsTheModelRecord() throws Exception {
    int checked = 0;
    for (Map.Entry<String, List<List<String>>> e : schemas().entrySet()) {
      List<String> properties = e.getValue().get(1);
      if (properties.isEmpty()) {
        continue;
      }
      Class<?> type = Class.forName("cn.unioncard.bank.model." + e.getKey());
      List<String> fields = new ArrayList<>();
      List<String> required = new ArrayList<>();
      for (RecordComponent c : type.getRecordComponents()) {
        fields.add(snake(c.getName()));
        JsonProperty p = c.getAccessor().getDeclaringClass().getDeclaredConstructor(
            Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class[]::new))
            .getParameters()[fields.size() - 1].getAnnotation(JsonProperty.class);
        if (p != null && p.required()) {
          required.add(snake(c.getName()));
        }
      }
      assertEquals(fields, properties, e.getKey() + " properties");
      assertEquals(required, e.getValue().get(0), e.getKey() + " required");
      checked++;
    }
    assertEquals(26, checked);
  }
}
