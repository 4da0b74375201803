package dev.palisade.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackgroundBuildTest {
  @Test
  void returnsWhatTheBuildMadeOnItsOwnThread() {
    BackgroundBuild<String> build = BackgroundBuild.start("test-build", () -> Thread.currentThread().getName());
    assertEquals("test-build", build.await());
  }

  @Test
  void rethrowsTheBuildsOwnExceptionUnwrapped() {
    IllegalStateException broken = new IllegalStateException("rule file broken");
    BackgroundBuild<String> build = BackgroundBuild.start("test-build", () -> {
      throw broken;
    });
    assertSame(broken, assertThrows(IllegalStateException.class, build::await));
  }

  @Test
  void rethrowsErrorsUnwrapped() {
    BackgroundBuild<String> build = BackgroundBuild.start("test-build", () -> {
      throw new StackOverflowError("deep");
    });
    assertEquals("deep", assertThrows(StackOverflowError.class, build::await).getMessage());
  }
}
