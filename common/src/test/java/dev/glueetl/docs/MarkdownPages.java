package dev.glueetl.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reader of the Markdown pages on GitHub would find broken: a relative link to a file that does not exist, an
 * anchor ({@code page.md#section}) that names no heading of its target, a code fence left open, a table row with more
 * or fewer cells than its header. Links inside code (fenced blocks, {@code `spans`}) are text, not links; links with a
 * scheme ({@code https:}, {@code mailto:}) are not checked.
 *
 * <p>Anchors are GitHub's: a heading's text in lower case, with every character that is not a letter, a digit, a space,
 * {@code -} or {@code _} dropped and spaces turned into {@code -}; a second heading with the same anchor gets {@code -1}
 * (then {@code -2}, ...). {@code <a id="x">} and {@code <a name="x">} add their own.
 */
final class MarkdownPages {
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
  private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
  private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

  private MarkdownPages() {}

  /** The lines of {@code page} outside fenced code blocks, with code spans blanked; {@code null} for lines inside. */
  static List<String> prose(String page) {
    List<String> lines = new ArrayList<>();
    String open = null;
    for (String line : page.split("\n", -1)) {
      Matcher fence = FENCE.matcher(line);
      if (fence.find()) {
        if (open == null) {
          open = fence.group(1);
        } else if (fence.group(1).equals(open)) {
          open = null;
        }
        lines.add(null);
      } else {
        lines.add(open == null ? CODE_SPAN.matcher(line).replaceAll("") : null);
      }
    }
    return lines;
  }

  /** Whether every code fence that opens also closes. */
  static boolean fencesClosed(String page) {
    String open = null;
    for (String line : page.split("\n", -1)) {
      Matcher fence = FENCE.matcher(line);
      if (fence.find()) {
        open = open == null ? fence.group(1) : fence.group(1).equals(open) ? null : open;
      }
    }
    return open == null;
  }

  /** The targets of the page's links, in order, as written ({@code docs/x.md#a}, {@code #b}, {@code https://...}). */
  static List<String> links(String page) {
    List<String> targets = new ArrayList<>();
    for (String line : prose(page)) {
      if (line != null) {
        Matcher link = LINK.matcher(line);
        while (link.find()) {
          targets.add(link.group(1));
        }
      }
    }
    return targets;
  }

  /** The anchors a page offers: one per heading (GitHub's slugs, duplicates numbered) and per HTML anchor. */
  static Set<String> anchors(String page) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    List<String> prose = prose(page);
    String[] raw = page.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      if (prose.get(i) == null) {
        continue;
      }
      Matcher heading = HEADING.matcher(raw[i]);
      if (heading.matches()) {
        String slug = slug(heading.group(1));
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
      Matcher html = HTML_ANCHOR.matcher(prose.get(i));
      while (html.find()) {
        anchors.add(html.group(1));
      }
    }
    return anchors;
  }

  /** GitHub's anchor of a heading: {@code Records: any tabular source (`source.type: records`)} is {@code records-any-tabular-source-sourcetype-records}. */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
  }

  /** Table rows whose number of cells differs from their header's, as {@code line N: M cells, header has H}. */
  static List<String> brokenTableRows(String page) {
    List<String> problems = new ArrayList<>();
    List<String> prose = prose(page);
    String[] raw = page.split("\n", -1);
    int columns = -1;
    for (int i = 0; i < raw.length; i++) {
      boolean row = prose.get(i) != null && raw[i].trim().startsWith("|");
      if (!row) {
        columns = -1;
      } else if (columns < 0 && i + 1 < raw.length && TABLE_SEPARATOR.matcher(raw[i + 1].trim()).matches()) {
        columns = cells(raw[i]);
        if (cells(raw[i + 1]) != columns) {
          problems.add("line " + (i + 2) + ": the separator has " + cells(raw[i + 1]) + " cells, the header " + columns);
        }
        i++;
      } else if (columns >= 0 && cells(raw[i]) != columns) {
        problems.add("line " + (i + 1) + ": " + cells(raw[i]) + " cells, the header has " + columns);
      }
    }
    return problems;
  }

  /** Cells of a table row: split at every {@code |} not escaped (GitHub splits inside code spans too). */
  private static int cells(String row) {
    String line = row.trim();
    int pipes = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\\') {
        i++;
      } else if (line.charAt(i) == '|') {
        pipes++;
      }
    }
    return pipes - (line.startsWith("|") ? 1 : 0) - (line.endsWith("|") && !line.endsWith("\\|") ? 1 : 0) + 1;
  }

  /**
   * Every problem of the {@code pages} (paths relative to {@code root}): links to a missing file or anchor, open code
   * fences, broken table rows. A link to one of {@code expectedElsewhere} (paths relative to {@code root}) that does not
   * exist yet is accepted, and its anchors are checked once it exists.
   */
  static List<String> problems(Path root, List<String> pages, Set<String> expectedElsewhere) throws IOException {
    List<String> problems = new ArrayList<>();
    for (String name : pages) {
      Path page = root.resolve(name);
      String text = Files.readString(page);
      if (!fencesClosed(text)) {
        problems.add(name + ": a code fence is not closed");
      }
      brokenTableRows(text).forEach(row -> problems.add(name + ": table " + row));
      for (String link : links(text)) {
        if (SCHEME.matcher(link).find()) {
          continue;
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String targetName = root.relativize(target).toString().replace('\\', '/');
        if (!Files.exists(target)) {
          if (!expectedElsewhere.contains(targetName)) {
            problems.add(name + ": link (" + link + ") to a file that does not exist: " + targetName);
          }
        } else if (anchor != null && !anchors(Files.readString(target)).contains(anchor)) {
          problems.add(name + ": link (" + link + ") to an anchor that " + targetName + " does not have: #" + anchor);
        }
      }
    }
    return problems;
  }
}
