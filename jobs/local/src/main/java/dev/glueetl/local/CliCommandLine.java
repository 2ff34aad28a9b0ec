package dev.glueetl.local;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.Errors;
import dev.glueetl.error.GlueEtlException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The picocli {@link CommandLine} every {@code ./glue-etl} command runs in ({@link GlueEtlCli} and the bench module's
 * {@code BenchCli}), so that all of them report errors and exit alike:
 *
 * <ul>
 *   <li>every error is one line on stderr, {@code error: [CODE] message}, never a stack trace;
 *   <li>a usage error ({@code [USAGE]}: unknown command or option, missing or malformed value) names the command, adds
 *       picocli's suggestion for a typo ({@code did you mean 'tables'?}) and exits 2;
 *   <li>a {@link GlueEtlException} exits with its code's {@link ErrorCode#exitStatus()} (2 usage or configuration, 3
 *       data, 4 retry later, 1 failure); any other exception (a bug, or Spark's own) exits 1.
 * </ul>
 *
 * <p>Arguments are taken literally: no {@code @file} expansion (a SQL query or a Glue argument may start with {@code @}).
 * Whole numbers may be written with underscores ({@code --events 1_000_000}).
 */
public final class CliCommandLine {
  /** The exit status of a command that failed for a reason that is not a user error (a bug, or Spark's own). */
  private static final int FAILED = 1;

  private CliCommandLine() {}

  /** A command line for {@code command} (a picocli {@code @Command}) writing to {@code out} and {@code err}. */
  public static CommandLine of(Object command, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    commandLine.setExpandAtFiles(false);
    commandLine.setUsageHelpWidth(100);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.registerConverter(Long.class, CliCommandLine::wholeNumber);
    commandLine.registerConverter(long.class, CliCommandLine::wholeNumber);
    commandLine.registerConverter(Integer.class, value -> Math.toIntExact(wholeNumber(value)));
    commandLine.registerConverter(int.class, value -> Math.toIntExact(wholeNumber(value)));
    commandLine.setParameterExceptionHandler(CliCommandLine::usageError);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          failed.getErr().println("error: " + oneLine(exception));
          return exception instanceof GlueEtlException userError ? userError.code().exitStatus() : FAILED;
        });
    return commandLine;
  }

  /** Runs {@code commandLine} with {@code args} and flushes {@code out} and {@code err}; returns the exit status. */
  public static int execute(CommandLine commandLine, String[] args, PrintStream out, PrintStream err) {
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The message of an error as its one line: the code and message of ours, the class and root cause of others. */
  static String oneLine(Exception exception) {
    if (exception instanceof GlueEtlException userError) {
      return userError.getMessage();
    }
    // Scala's AnalysisException is a checked Exception to Java; its class name tells more than "failed".
    return exception.getClass().getSimpleName() + ": " + Errors.rootMessage(exception);
  }

  /** {@code ./glue-etl run} for the run command; {@code ./glue-etl} for the top. */
  static String invocation(CommandSpec spec) {
    return "./" + spec.qualifiedName(" ");
  }

  private static long wholeNumber(String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("expects a whole number, found '" + value + "'");
    }
  }

  /**
   * One line for a usage error: the command ({@code run: }), what is wrong, the suggestions for a typo and where the
   * command's help is. An unknown command at the top says so in those words (picocli says "unmatched argument").
   */
  private static int usageError(CommandLine.ParameterException exception, String[] args) {
    CommandLine failed = exception.getCommandLine();
    CommandSpec spec = failed.getCommandSpec();
    String message = exception.getMessage();
    String suggestion = "";
    if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> unmatchedArgs = unmatched.getUnmatched();
      String first = unmatchedArgs.isEmpty() ? "" : unmatchedArgs.get(0);
      if (unmatched.isUnknownOption()) {
        message = "unknown option '" + (first.contains("=") ? first.substring(0, first.indexOf('=')) : first) + "'";
      } else if (!spec.subcommands().isEmpty()) {
        message = "unknown command '" + first + "'";
      } else {
        message = "unexpected argument" + (unmatchedArgs.size() > 1 ? "s " : " ") + unmatchedArgs.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
      }
      // picocli's own suggestions rank every candidate (and miss swapped letters): only those a typo away are worth a
      // "did you mean"
      String typed = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
      List<String> candidates =
          unmatched.isUnknownOption()
              ? spec.options().stream().flatMap(option -> java.util.Arrays.stream(option.names())).toList()
              : visibleSubcommands(spec);
      List<String> suggestions =
          candidates.stream().filter(candidate -> isTypoOf(typed, candidate)).sorted(java.util.Comparator.comparingInt(c -> editDistance(typed, c))).limit(2).toList();
      if (!suggestions.isEmpty()) {
        suggestion = "; did you mean " + suggestions.stream().map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "?";
      } else if (unmatched.isUnknownOption()) {
        suggestion = " (options: " + spec.options().stream().map(o -> o.longestName()).collect(Collectors.joining(", ")) + ")";
      } else if (!spec.subcommands().isEmpty()) {
        suggestion = " (commands: " + String.join(", ", visibleSubcommands(spec)) + ")";
      }
    } else if (!message.isEmpty()) {
      message = message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    String command = spec.qualifiedName(" ").replaceFirst("^glue-etl ?", "");
    String problem = (command.isEmpty() ? "" : command + ": ") + message.replace('\n', ' ').strip().replaceFirst("\\.$", "") + suggestion;
    failed.getErr().println("error: " + Errors.usage(problem + " (see '" + invocation(spec) + " --help')").getMessage());
    return ErrorCode.USAGE.exitStatus();
  }

  /**
   * Whether {@code typed} is {@code candidate} with a typo: at most one edit (insertion, deletion, substitution or
   * swap of neighbours) per three characters, and at least one allowed ({@code tabels}, {@code --lak}).
   */
  static boolean isTypoOf(String typed, String candidate) {
    return editDistance(typed, candidate) <= Math.max(1, candidate.replaceFirst("^-+", "").length() / 3);
  }

  /** The optimal string alignment distance: Levenshtein's, with a swap of two neighbours as one edit. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int substitution = d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        d[i][j] = Math.min(substitution, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static List<String> visibleSubcommands(CommandSpec spec) {
    return spec.subcommands().entrySet().stream()
        .filter(entry -> !entry.getValue().getCommandSpec().usageMessage().hidden())
        .map(java.util.Map.Entry::getKey)
        .distinct()
        .toList();
  }
}
