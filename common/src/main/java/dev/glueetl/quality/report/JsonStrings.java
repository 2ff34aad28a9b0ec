package dev.glueetl.quality.report;

import java.util.Locale;

/** JSON string literals for the quality reports: the site's embedded data and the per-run {@code report.json}. */
public final class JsonStrings {
  private JsonStrings() {}

  /**
   * A JSON string that is also safe inside an HTML {@code <script>} element: {@code <}, {@code >} and {@code &} are
   * written as Unicode escapes, so no text can close the element ({@code </script>}) or open a comment; U+2028 and U+2029
   * are escaped for old JavaScript parsers.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
