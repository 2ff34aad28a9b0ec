package dev.glueetl.config;

import dev.glueetl.error.Errors;
import java.util.Locale;
import java.util.Optional;

/** Glue's {@code --job-bookmark-option}, as the preprocess job honours it with its own ledger of landing files. */
public enum BookmarkOption {
  /** New and changed files only (the default, locally and on Glue). */
  ENABLE,
  /** Every listed file, each replacing its own earlier contribution; recorded, so an enabled run skips them after. */
  DISABLE,
  /** New and changed files, recorded as paused: the bookmark does not advance, the next enabled run reads them again. */
  PAUSE;

  /** From the argument's value ({@code job-bookmark-enable}, ...); ENABLE when absent. */
  public static BookmarkOption parse(Optional<String> argument) {
    String value = argument.orElse("").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "job-bookmark-enable", "" -> ENABLE;
      case "job-bookmark-disable" -> DISABLE;
      case "job-bookmark-pause" -> PAUSE;
      default -> throw Errors.invalidArgument(
          "--job-bookmark-option", "'" + value + "' is not a bookmark option: use job-bookmark-enable, job-bookmark-disable or job-bookmark-pause");
    };
  }
}
