package dev.glueetl.local;

import dev.glueetl.local.generate.EventGenerator;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./glue-etl generate <data set>}: test data at any size. */
@Command(name = "generate", description = "Generates test data.", subcommands = GenerateCommand.AppEvents.class)
final class GenerateCommand extends CliCommand {
  @Override
  public Integer call() {
    throw usageError("missing what to generate: app-events");
  }

  @Command(
      name = "app-events",
      sortOptions = false,
      description = {
        "Writes N Revolt-style app events as JSON lines.",
        "Deterministic for a seed, with duplicates, broken lines, missing users and bad times at fixed small rates."
      })
  static final class AppEvents extends CliCommand {
    @Option(names = "--events", paramLabel = "N", defaultValue = "100000", description = "events to generate (default: ${DEFAULT-VALUE}); duplicates and broken lines come on top")
    long events;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the directory to write the files to")
    Path outDir;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "the generator's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--users", paramLabel = "U", defaultValue = "0", description = "distinct users (default: 0, derived from N)")
    long users;

    @Option(names = "--files", paramLabel = "F", defaultValue = "0", description = "files to spread the events over (default: 0, derived from N)")
    int files;

    @Override
    public Integer call() {
      EventGenerator.Settings settings = EventGenerator.Settings.defaults(events, seed).withUsers(users).withFiles(files);
      EventGenerator.Result result = EventGenerator.generate(settings, outDir);
      out().println(
          "generated " + result.lines() + " lines (" + result.events() + " events, " + settings.users() + " users) in "
              + result.files() + " files under " + outDir + " (" + String.format(Locale.ROOT, "%.1f", result.seconds()) + " s)");
      return 0;
    }
  }
}
