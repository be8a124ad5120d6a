package cn.unioncard.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.app.Activity;
import android.content.Context;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.content.pm.ServiceInfo;
import android.nfc.NfcAdapter;
import android.nfc.Tag;
import android.nfc.TagLostException;
import android.nfc.tech.IsoDep;
import android.os.Build;
import android.os.Bundle;
import android.os.IBinder;
import android.os.Looper;
import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ServiceController;
import org.robolectric.annotation.Config;
import org.robolectric.shadow.api.Shadow;
import org.robolectric.shadows.ShadowLooper;
import org.robolectric.shadows.ShadowNfcAdapter;
import org.robolectric.shadows.ShadowPackageManager;
import org.robolectric.util.ReflectionHelpers;

/**
 * The Android adapter on Robolectric's Android 8.0 (robolectric.properties): the agent's card session over
 * IsoDep, the card leaving, NFC going off, the service and reader mode. The card behind IsoDep is the simulator's
 * replay card ({@link ShadowCardIsoDep}); one class, so Robolectric starts once.
 */
@RunWith(RobolectricTestRunner.class)
@Config(shadows = ShadowCardIsoDep.class)
public class AndroidAdapterTest {
  private static final int TECH_NFC_A = 1; // android.nfc.tech.TagTechnology.NFC_A (hidden constant)
  private static final int TECH_ISO_DEP = 3; // android.nfc.tech.TagTechnology.ISO_DEP (hidden constant)
  /** SELECT 2PAY.SYS.DDF01 (EMV Book B 3.3.2): the first command of every read. */
  private static final String SELECT_PPSE = "00A404000E325041592E5359532E444446303100";

  @After
  public void emptyTheField() {
    ShadowCardIsoDep.clearField();
  }

  private static TerminalData terminal() {
    return new TerminalData(Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")),
        new Random(1), Hex.of(TerminalData.DEFAULT_TTQ));
  }

  private static byte[] tagId(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A tag as the platform hands it over in reader mode, made by the framework's own (hidden) factory of the
   * Android the test runs on (8.0: id, technologies, their extras).
   */
  private static Tag tag(byte[] id, int tech) {
    return ReflectionHelpers.callStaticMethod(Tag.class, "createMockTag",
        ReflectionHelpers.ClassParameter.from(byte[].class, id),
        ReflectionHelpers.ClassParameter.from(int[].class, new int[] {tech}),
        ReflectionHelpers.ClassParameter.from(Bundle[].class, new Bundle[] {new Bundle()}));
  }

  /** Gives the simulated phone an NFC controller and returns its adapter. */
  private static NfcAdapter phoneWithNfc(Context context) {
    ShadowPackageManager packages = Shadow.extract(context.getPackageManager());
    packages.setSystemFeature(PackageManager.FEATURE_NFC, true);
    ShadowNfcAdapter.setNfcHardwareExists(true);
    NfcAdapter adapter = NfcAdapter.getDefaultAdapter(context);
    assertNotNull("the simulated phone has NFC", adapter);
    return adapter;
  }

  private static ShadowCardIsoDep.Card replay(String trace) {
    ReplayCard card = new ReplayCard(BundledTraces.load(trace));
    return command -> {
      try {
        return card.transmit(command);
      } catch (CardIoException e) {
        throw new IOException(e);
      }
    };
  }

  private static ShadowCardIsoDep.Card leavesAfter(int commands, ShadowCardIsoDep.Card card) {
    AtomicInteger n = new AtomicInteger();
    return command -> {
      if (n.incrementAndGet() > commands) {
        throw new TagLostException("Tag was lost.");
      }
      return card.answer(command);
    };
  }

  private static IsoDepTransport connected(String tagName, ShadowCardIsoDep.Card card, NfcStatus nfc)
      throws TransportException {
    ShadowCardIsoDep.putInField(tagId(tagName), card);
    IsoDepTransport t = new IsoDepTransport(IsoDep.get(tag(tagId(tagName), TECH_ISO_DEP)), 1500, nfc);
    t.connect();
    return t;
  }

  private static void assertSameRead(String what, CardRead expected, CardRead actual) {
    assertEquals(what, expected.applications(), actual.applications());
    assertEquals(what, expected.selectedAid(), actual.selectedAid());
    assertEquals(what, expected.panMasked(), actual.panMasked());
    assertEquals(what, expected.expiry(), actual.expiry());
    assertEquals(what, expected.cardholderName(), actual.cardholderName());
    assertEquals(what, expected.ecBalanceFen(), actual.ecBalanceFen());
    assertEquals(what, expected.transit(), actual.transit());
    assertEquals(what, expected.problems(), actual.problems());
    assertEquals(what, expected.apduCount(), actual.apduCount());
  }

  @Test
  public void everyBundledCardReadsOverIsoDepAsItDoesInProcess() throws Exception {
    assertEquals("the tests run on the Android the module is checked against", 26, Build.VERSION.SDK_INT);
    for (String name : BundledTraces.NAMES) {
      CardRead overNfc;
      ShadowCardIsoDep isoDep;
      try (IsoDepTransport t = connected(name, replay(name), () -> true)) {
        isoDep = ShadowCardIsoDep.last();
        assertEquals(name, 1500, isoDep.timeoutSet());
        overNfc = new CardSession(t, terminal()).read();
      }
      assertFalse(name + ": closed after the read", isoDep.connected());
      assertEquals(name, SELECT_PPSE, Hex.encode(isoDep.sent().get(0)));
      assertEquals(name, overNfc.apduCount(), isoDep.sent().size());
      CardRead inProcess = new CardSession(new ReplayCard(BundledTraces.load(name)), terminal()).read();
      assertSameRead(name, inProcess, overNfc);
    }
  }

  @Test
  public void theChineseNameAndPanArriveIntact() throws Exception {
    try (IsoDepTransport t = connected("gbk", replay(BundledTraces.DEBIT_CHINESE_NAME), () -> true)) {
      CardRead r = new CardSession(t, terminal()).read();
      assertEquals("621700*********0122", r.panMasked());
      assertEquals("张伟", r.cardholderName());
      assertEquals(LocalDate.of(2030, 12, 31), r.expiry());
      assertEquals(Long.valueOf(5000L), r.ecBalanceFen());
    }
  }

  @Test
  public void theCardLeavingMidReadFailsTheReadAsACardError() throws Exception {
    try (IsoDepTransport t = connected("lost", leavesAfter(4, replay(BundledTraces.DEBIT_AND_TRANSIT)), () -> true)) {
      CardIoException e = assertThrows(CardIoException.class, () -> new CardSession(t, terminal()).read());
      assertTrue(e.getMessage(), e.getMessage().contains("left the field"));
      assertTrue(e.getCause() instanceof TagLostException);
      assertEquals(5, ShadowCardIsoDep.last().sent().size());
    }
  }

  @Test
  public void anIoErrorIsTheCardsWhileNfcIsOnAndTheReadersOnceNfcIsOff() throws Exception {
    NfcAdapter adapter = phoneWithNfc(RuntimeEnvironment.getApplication());
    ShadowNfcAdapter nfc = Shadow.extract(adapter);
    nfc.setEnabled(true);
    byte[] select = Hex.of(SELECT_PPSE);
    try (IsoDepTransport t = connected("mute", command -> {
      throw new IOException("Transceive failed");
    }, NfcStatus.of(adapter))) {
      CardIoException card = assertThrows(CardIoException.class, () -> t.transmit(select));
      assertTrue(card.getMessage(), card.getMessage().contains("did not answer"));
      nfc.setEnabled(false);
      ReaderIoException reader = assertThrows(ReaderIoException.class, () -> t.transmit(select));
      assertTrue(reader.getMessage(), reader.getMessage().contains("NFC is off"));
    }
    assertFalse("no adapter is NFC off", NfcStatus.of(null).nfcOn());
  }

  @Test
  public void anExtendedCommandIsRefusedUnsentWhenThePhoneCannotSendIt() throws Exception {
    byte[] ok = Hex.of("9000");
    try (IsoDepTransport t = connected("ext", command -> ok, () -> true)) {
      ShadowCardIsoDep isoDep = ShadowCardIsoDep.last();
      isoDep.setExtendedLengthApduSupported(false);
      byte[] extended = new CommandApdu(0x00, 0xD6, 0x00, 0x00, new byte[300]).encode(); // UPDATE BINARY, 300 bytes
      CardIoException e = assertThrows(CardIoException.class, () -> t.transmit(extended));
      assertTrue(e.getMessage(), e.getMessage().contains("extended-length"));
      assertEquals(0, isoDep.sent().size());
      byte[] shortCommand = Hex.of(SELECT_PPSE);
      assertEquals("9000", Hex.encode(t.transmit(shortCommand)));
      isoDep.setExtendedLengthApduSupported(true);
      assertEquals("9000", Hex.encode(t.transmit(extended)));
      assertEquals(Hex.encode(extended), Hex.encode(isoDep.sent().get(1)));
      isoDep.setMaxTransceiveLength(261);
      CardIoException tooLong = assertThrows(CardIoException.class, () -> t.transmit(extended));
      assertTrue(tooLong.getMessage(), tooLong.getMessage().contains("at most 261"));
    }
  }

  @Test
  public void whatIsNotAResponseApduAndAClosedTransportAreCardErrors() throws Exception {
    IsoDepTransport t = connected("short", command -> new byte[] {0x6A}, () -> true);
    CardIoException e = assertThrows(CardIoException.class, () -> t.transmit(Hex.of(SELECT_PPSE)));
    assertTrue(e.getMessage(), e.getMessage().contains("1 byte(s)"));
    t.close();
    t.close();
    CardIoException closed = assertThrows(CardIoException.class, () -> t.transmit(Hex.of(SELECT_PPSE)));
    assertTrue(closed.getMessage(), closed.getMessage().contains("not connected"));
  }

  /** Collects what a {@link CardTapListener} is told, and on which thread. */
  private static final class Recorder implements CardTapListener {
    final List<CardRead> reads = new CopyOnWriteArrayList<>();
    final List<TransportException> failures = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onCardRead(CardRead read) {
      threads.add(Thread.currentThread());
      reads.add(read);
    }

    @Override
    public void onReadFailed(TransportException failure) {
      threads.add(Thread.currentThread());
      failures.add(failure);
    }

    /** Runs the main looper until an outcome arrives (bounded, so a broken read fails instead of hanging). */
    void awaitOutcome() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (reads.isEmpty() && failures.isEmpty()) {
        ShadowLooper.idleMainLooper();
        if (System.nanoTime() > deadline) {
          fail("no outcome within 20 s");
        }
        Thread.sleep(2);
      }
    }
  }

  @Test
  public void theTapCallbackReadsOnTheWorkerAndReportsOnceEitherWay() throws Exception {
    Recorder rec = new Recorder();
    CardTapCallback callback = new CardTapCallback(Runnable::run, terminal(), 700, () -> true, rec);

    ShadowCardIsoDep.putInField(tagId("visa"), replay(BundledTraces.FOREIGN_VISA));
    callback.onTagDiscovered(tag(tagId("visa"), TECH_ISO_DEP));
    assertEquals(1, rec.reads.size());
    assertEquals("476134******0043", rec.reads.get(0).panMasked());
    assertEquals(700, ShadowCardIsoDep.last().timeoutSet());
    assertFalse(ShadowCardIsoDep.last().connected());

    ShadowCardIsoDep.putInField(tagId("gone"), leavesAfter(2, replay(BundledTraces.DEBIT_CHINESE_NAME)));
    callback.onTagDiscovered(tag(tagId("gone"), TECH_ISO_DEP));
    assertEquals(1, rec.reads.size());
    assertEquals(1, rec.failures.size());
    assertTrue(rec.failures.get(0) instanceof CardIoException);
    assertFalse("closed after the failed read", ShadowCardIsoDep.last().connected());

    callback.onTagDiscovered(tag(tagId("mifare"), TECH_NFC_A));
    assertEquals(2, rec.failures.size());
    assertTrue(rec.failures.get(1).getMessage(), rec.failures.get(1).getMessage().contains("not an ISO-DEP"));
    assertEquals(1, rec.reads.size());
  }

  @Test
  public void theServiceHostsTheAgentAndPublishesEachTapOnTheMainThread() throws Exception {
    ServiceController<UcardAgentService> controller =
        Robolectric.buildService(UcardAgentService.class).create().startCommand(0, 1);
    UcardAgentService service = controller.get();
    IBinder binder = service.onBind(new Intent(service, UcardAgentService.class));
    assertSame(service, ((UcardAgentService.LocalBinder) binder).service());
    assertEquals(IsoDepTransport.DEFAULT_TIMEOUT_MILLIS, service.isoDepTimeoutMillis());

    Recorder rec = new Recorder();
    service.addListener(rec);
    ShadowCardIsoDep.putInField(tagId("member"), replay(BundledTraces.DEBIT_AND_TRANSIT));
    service.tapCallback().onTagDiscovered(tag(tagId("member"), TECH_ISO_DEP));
    rec.awaitOutcome();
    assertEquals(rec.failures.toString(), 1, rec.reads.size());
    assertEquals(Long.valueOf(2850L), rec.reads.get(0).transit().balanceFen());
    assertSame(Looper.getMainLooper().getThread(), rec.threads.get(0));
    assertEquals(IsoDepTransport.DEFAULT_TIMEOUT_MILLIS, ShadowCardIsoDep.last().timeoutSet());

    controller.destroy();
    AtomicInteger commands = new AtomicInteger();
    ShadowCardIsoDep.putInField(tagId("late"), command -> {
      commands.incrementAndGet();
      return Hex.of("9000");
    });
    service.tapCallback().onTagDiscovered(tag(tagId("late"), TECH_ISO_DEP));
    ShadowLooper.idleMainLooper();
    assertEquals("a tap after the service stopped reaches no card", 0, commands.get());
    assertEquals(1, rec.reads.size());
  }

  @Test
  public void theServiceTakesItsTimeoutFromItsManifestMetaData() {
    Context context = RuntimeEnvironment.getApplication();
    ServiceInfo info = new ServiceInfo();
    info.name = UcardAgentService.class.getName();
    info.packageName = context.getPackageName();
    info.metaData = new Bundle();
    info.metaData.putInt(UcardAgentService.META_ISODEP_TIMEOUT, 900);
    ShadowPackageManager packages = Shadow.extract(context.getPackageManager());
    packages.addOrUpdateService(info);
    ServiceController<UcardAgentService> controller = Robolectric.buildService(UcardAgentService.class).create();
    assertEquals(900, controller.get().isoDepTimeoutMillis());
    controller.destroy();
  }

  @Test
  public void readerModeOnTheHostActivityDeliversTapsToTheService() throws Exception {
    Activity activity = Robolectric.buildActivity(Activity.class).create().start().resume().get();
    ShadowNfcAdapter nfc = Shadow.extract(phoneWithNfc(activity));
    nfc.setEnabled(true);
    ServiceController<UcardAgentService> controller = Robolectric.buildService(UcardAgentService.class).create();
    UcardAgentService service = controller.get();
    Recorder rec = new Recorder();
    service.addListener(rec);

    NfcReaderMode.enable(activity, service.tapCallback());
    assertTrue(nfc.isInReaderMode());
    ShadowCardIsoDep.putInField(tagId("tap"), replay(BundledTraces.DEBIT_CHINESE_NAME));
    nfc.dispatchTagDiscovered(tag(tagId("tap"), TECH_ISO_DEP));
    rec.awaitOutcome();
    assertEquals(rec.failures.toString(), "621700*********0122", rec.reads.get(0).panMasked());

    NfcReaderMode.disable(activity);
    assertFalse(nfc.isInReaderMode());
    nfc.setEnabled(false);
    IllegalStateException off = assertThrows(IllegalStateException.class,
        () -> NfcReaderMode.enable(activity, service.tapCallback()));
    assertTrue(off.getMessage(), off.getMessage().contains("switched off"));
    assertFalse(nfc.isInReaderMode());
    controller.destroy();
  }
}
