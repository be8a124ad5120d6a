package cn.unioncard.sim.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.ports.files.BoundedFile;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.card.CardFile;
import cn.unioncard.sim.card.ProfileException;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.card.psam.PsamCard;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: every file the simulator reads from a path (card profiles and state files, PSAM state, traces) is read
 * with a bound, so {@code /dev/zero} is one line, not an OutOfMemoryError; a UTF-8 byte order mark is skipped.
 */
class StateFileBoundsTest {
  @TempDir Path dir;
  static final Path ZERO = Paths.get("/dev/zero");

  static byte[] withBom(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xEF);
    out.write(0xBB);
    out.write(0xBF);
    out.writeBytes(b);
    return out.toByteArray();
  }

  @Test
  void readsUpToTheBoundAndNoFurther() throws Exception {
    Path f = dir.resolve("f");
    Files.write(f, new byte[10]);
    assertEquals(10, BoundedFile.read(f, 10).length);
    BoundedFile.TooLargeException e = assertThrows(BoundedFile.TooLargeException.class, () -> BoundedFile.read(f, 9));
    assertEquals(f + ": larger than 9 bytes, the most it may be (is it a device or an endless pipe?)", e.getMessage());
  }

  @Test
  void aProfileFileThatIsDevZeroIsOneLine() {
    assumeTrue(Files.exists(ZERO));
    ProfileException e = assertThrows(ProfileException.class, () -> CardFile.load(ZERO));
    assertTrue(e.getMessage().contains("larger than " + CardFile.MAX_BYTES + " bytes"), e.getMessage());
    IllegalArgumentException viaSpec = assertThrows(IllegalArgumentException.class,
        () -> new CardFactory(dir).open("profile-file:/dev/zero"));
    assertTrue(viaSpec.getMessage().contains("larger than " + CardFile.MAX_BYTES + " bytes"), viaSpec.getMessage());
    assertEquals(1, viaSpec.getMessage().lines().count());
  }

  @Test
  void aTraceFileThatIsDevZeroIsOneLine() {
    assumeTrue(Files.exists(ZERO));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CardFactory().open("trace-file:/dev/zero"));
    assertTrue(e.getMessage().startsWith("/dev/zero: longer than 8388608 bytes"), e.getMessage());
  }

  @Test
  void aPsamStateThatIsDevZeroIsRefused() {
    assumeTrue(Files.exists(ZERO));
    BoundedFile.TooLargeException e = assertThrows(BoundedFile.TooLargeException.class, () -> PsamCard.open(ZERO));
    assertEquals("/dev/zero: larger than " + CardFile.MAX_BYTES + " bytes, the most it may be (is it a device or an"
        + " endless pipe?)", e.getMessage());
  }

  @Test
  void aProfileWithAByteOrderMarkIsRead() throws Exception {
    Path f = dir.resolve("member.json");
    Files.write(f, withBom(Profiles.bytes("ordinary-member")));
    assertEquals("ordinary-member", CardFile.load(f).name());
    assertEquals("card kept in " + f, new CardFactory(dir).open("profile-file:" + f).description());
  }

  @Test
  void aPsamStateWithAByteOrderMarkIsRead() throws Exception {
    Path f = dir.resolve("psam.json");
    PsamCard.open(f); // made from the bundled default
    Files.write(f, withBom(Files.readAllBytes(f)));
    PsamCard.open(f);
  }
}
