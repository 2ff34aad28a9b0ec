package dev.glueetl.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glueetl.testing.ProjectFiles;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The "Error codes" table of docs/cli.md is the user's reference: every code, its exit status and a meaning, no stale
 * row.
 */
class ErrorCodesDocumentedTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| (\\d) \\| (.+) \\|$", Pattern.MULTILINE);

  @Test
  void everyErrorCodeIsInTheCliDocsWithItsExitStatusAndAMeaning() throws Exception {
    String page = Files.readString(ProjectFiles.root().resolve("docs/cli.md"));
    int start = page.indexOf("\n## Error codes\n");
    assertThat(start).as("docs/cli.md has a section '## Error codes'").isNotNegative();
    int end = page.indexOf("\n## ", start + 1);
    String section = page.substring(start, end < 0 ? page.length() : end);
    Map<String, Integer> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      assertThat(row.group(3).strip()).as("meaning of " + row.group(1)).hasSizeGreaterThan(15);
      assertThat(documented.put(row.group(1), Integer.parseInt(row.group(2)))).as(row.group(1) + " documented twice").isNull();
    }

    Map<String, Integer> declared =
        Arrays.stream(ErrorCode.values()).collect(Collectors.toMap(ErrorCode::name, ErrorCode::exitStatus, (a, b) -> a, LinkedHashMap::new));
    assertThat(documented).as("docs/cli.md error code table (code -> exit status)").isEqualTo(declared);
  }

  @Test
  void exitStatusesFollowTheCategories() {
    assertThat(ErrorCode.USAGE.exitStatus()).isEqualTo(2);
    assertThat(ErrorCode.CONFIG_UNKNOWN_KEY.exitStatus()).isEqualTo(2);
    assertThat(ErrorCode.QUALITY_GATE_FAILED.exitStatus()).isEqualTo(3);
    assertThat(ErrorCode.INPUT_NOT_FOUND.exitStatus()).isEqualTo(3);
    assertThat(ErrorCode.WRITE_FAILED.exitStatus()).isEqualTo(1);
    assertThat(ErrorCode.CONCURRENT_RUN.exitStatus()).isEqualTo(4);
    assertThat(Arrays.stream(ErrorCode.Category.values()).map(ErrorCode.Category::exitStatus).toList()).containsExactly(1, 2, 3, 4);
  }
}
