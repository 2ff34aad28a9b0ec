package dev.glueetl.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code ./glue-etl ...} command lines a Markdown page mentions (in code spans and code blocks), checked against the
 * CLI's picocli model: every command word names a command, every {@code --option} is an option of that command.
 *
 * <p>Understood: {@code bookmark show|reset} (each alternative), {@code <command> --help} (every command), operands and
 * placeholders after the command ({@code <pipeline>}, {@code [--lake DIR]}), quoted SQL (skipped), {@code --key=value}
 * and {@code \|} in tables. In code blocks, only command lines count (output that quotes a command does not), and examples of usage errors (a command line in a code block whose next line is
 * {@code error: [USAGE] ...}) are skipped. Commands whose operands are another program's options ({@code job}'s Glue arguments, the
 * launcher's {@code bench}) are not checked past their name.
 */
final class DocumentedCommandLines {
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]*\\./glue-etl\\b[^`\n]*)`");
  /** What may precede {@code ./glue-etl} on a command line of a code block: a prompt, environment variables. */
  private static final Pattern COMMAND_PREFIX = Pattern.compile("\\s*(\\$\\s+)?([A-Z_][A-Z0-9_]*=\\S*\\s+)*");
  private static final Pattern OPTION = Pattern.compile("^--[A-Za-z][A-Za-z0-9-]*");

  private DocumentedCommandLines() {}

  /** A mention: where it is and the words after {@code ./glue-etl}. */
  record Mention(String where, String commandLine) {}

  /** Every {@code ./glue-etl} command line of a Markdown text; {@code name} is the file's, for messages. */
  static List<Mention> mentions(String name, String markdown) {
    List<Mention> mentions = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    boolean inCodeBlock = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.strip().startsWith("```")) {
        inCodeBlock = !inCodeBlock;
        continue;
      }
      String where = name + ":" + (i + 1);
      if (inCodeBlock) {
        StringBuilder command = new StringBuilder(line);
        while (command.toString().endsWith("\\") && i + 1 < lines.length) {
          command.setLength(command.length() - 1);
          command.append(' ').append(lines[++i]);
        }
        String text = command.toString().replaceAll("\\s#.*$", "");
        int at = text.indexOf("./glue-etl");
        boolean usageErrorExample = i + 1 < lines.length && lines[i + 1].startsWith("error: [USAGE]");
        if (at >= 0 && COMMAND_PREFIX.matcher(text.substring(0, at)).matches() && !usageErrorExample) {
          mentions.add(new Mention(where, afterLauncher(text.substring(at))));
        }
      } else {
        Matcher span = CODE_SPAN.matcher(line);
        while (span.find()) {
          String text = span.group(1);
          mentions.add(new Mention(where, afterLauncher(text.substring(text.indexOf("./glue-etl")))));
        }
      }
    }
    return mentions;
  }

  /** What is wrong with a mention (empty when the command and all its options exist). */
  static List<String> problems(CommandSpec root, Mention mention) {
    List<String> words =
        Arrays.stream(
                mention.commandLine()
                    .replace("\\|", "|")
                    .replaceAll("\"[^\"]*\"|'[^']*'", " ")
                    .replaceAll("[\\[\\](){},;]", " ")
                    .strip()
                    .split("\\s+"))
            .filter(word -> !word.isEmpty())
            .toList();
    List<String> problems = new ArrayList<>();
    List<CommandSpec> commands = List.of(root);
    int next = 0;
    while (next < words.size() && !words.get(next).startsWith("-")) {
      String word = words.get(next);
      List<CommandSpec> deeper = new ArrayList<>();
      for (CommandSpec command : commands) {
        deeper.addAll(subcommands(command, word, problems, mention));
      }
      if (!problems.isEmpty()) {
        return problems; // an unknown command: its options cannot be checked
      }
      if (deeper.isEmpty()) {
        break; // an operand
      }
      commands = deeper;
      next++;
    }
    for (String word : words.subList(next, words.size())) {
      Matcher option = OPTION.matcher(word);
      if (!option.find()) {
        continue;
      }
      for (CommandSpec command : commands) {
        if (command.parser().unmatchedOptionsArePositionalParams()) {
          continue;
        }
        if (command.findOption(option.group()) == null) {
          problems.add(mention.where() + ": '" + invocation(command) + " " + option.group() + "' is documented, but " + invocation(command) + " has no option " + option.group());
        }
      }
    }
    return problems;
  }

  /** The commands {@code word} names under {@code command}: none when it is an operand. */
  private static List<CommandSpec> subcommands(CommandSpec command, String word, List<String> problems, Mention mention) {
    if (command.subcommands().isEmpty() || !command.positionalParameters().isEmpty()) {
      return List.of();
    }
    if (word.equals("<command>")) {
      return command.subcommands().values().stream().map(CommandLine::getCommandSpec).filter(spec -> !spec.name().equals("help")).distinct().toList();
    }
    List<CommandSpec> named = new ArrayList<>();
    for (String alternative : word.split("\\|")) {
      CommandLine subcommand = command.subcommands().get(alternative);
      if (subcommand != null) {
        named.add(subcommand.getCommandSpec());
      } else if (!alternative.startsWith("<")) {
        problems.add(mention.where() + ": '" + invocation(command) + " " + alternative + "' is documented, but " + invocation(command) + " has no command " + alternative);
      }
    }
    return named;
  }

  private static String invocation(CommandSpec command) {
    return "./" + command.qualifiedName(" ");
  }

  private static String afterLauncher(String text) {
    return text.substring("./glue-etl".length());
  }
}
