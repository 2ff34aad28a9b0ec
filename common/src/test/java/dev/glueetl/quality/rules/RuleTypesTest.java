package dev.glueetl.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.quality.RuleEvaluator;
import dev.glueetl.quality.Rulesets;
import dev.glueetl.testing.ProjectFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.glue.dqdl.model.DQRule;

/** The registry is the one list of rule types: what is supported, row-level and documented is read from it. */
class RuleTypesTest {
  /** One rule of every supported type, as a ruleset would have it. */
  private static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("RowCount", "RowCount > 0");
    EXAMPLES.put("ColumnCount", "ColumnCount = 6");
    EXAMPLES.put("ColumnExists", "ColumnExists \"id\"");
    EXAMPLES.put("Completeness", "Completeness \"name\" > 0.5");
    EXAMPLES.put("IsComplete", "IsComplete \"id\"");
    EXAMPLES.put("Uniqueness", "Uniqueness \"id\" = 1.0");
    EXAMPLES.put("IsUnique", "IsUnique \"id\"");
    EXAMPLES.put("IsPrimaryKey", "IsPrimaryKey \"id\" \"code\"");
    EXAMPLES.put("UniqueValueRatio", "UniqueValueRatio \"id\" > 0.5");
    EXAMPLES.put("DistinctValuesCount", "DistinctValuesCount \"id\" = 3");
    EXAMPLES.put("ColumnValues", "ColumnValues \"amount\" > 0 with threshold > 0.9");
    EXAMPLES.put("ColumnLength", "ColumnLength \"code\" <= 2");
    EXAMPLES.put("Mean", "Mean \"amount\" > 1");
    EXAMPLES.put("Sum", "Sum \"amount\" > 1");
    EXAMPLES.put("StandardDeviation", "StandardDeviation \"amount\" < 10");
    EXAMPLES.put("Entropy", "Entropy \"name\" > 1");
    EXAMPLES.put("ColumnCorrelation", "ColumnCorrelation \"id\" \"amount\" > 0");
    EXAMPLES.put("DataFreshness", "DataFreshness \"ts\" <= 24 hours");
    EXAMPLES.put("CustomSql", "CustomSql \"select count(*) from primary\" > 0");
    EXAMPLES.put("ReferentialIntegrity", "ReferentialIntegrity \"id\" \"ref.{ref_id}\" = 1.0");
  }

  @Test
  void everySupportedTypeHasOneHandlerThatTheParsedRulesReach() {
    assertThat(RuleTypes.supported()).containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
    assertThat(RuleTypes.all()).extracting(RuleType::name).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
    EXAMPLES.forEach(
        (type, example) -> {
          DQRule rule = parse(example);
          assertThat(rule.getRuleType()).isEqualTo(type);
          assertThat(RuleTypes.of(rule).name()).isEqualTo(type);
          assertThat(RuleTypes.find(type)).containsSame(RuleTypes.of(rule));
          assertThat(RuleEvaluator.isRowLevel(rule)).as(type).isEqualTo(RuleTypes.rowLevel().contains(type));
        });
  }

  @Test
  void rowLevelRowConditionAndThresholdTypesAreAsDocumented() {
    assertThat(RuleTypes.rowLevel())
        .containsExactly("ColumnLength", "ColumnValues", "Completeness", "DataFreshness", "IsComplete", "IsPrimaryKey", "IsUnique", "ReferentialIntegrity", "Uniqueness");
    assertThat(RuleTypes.all()).filteredOn(t -> t instanceof RowCondition).extracting(RuleType::name)
        .containsExactlyInAnyOrder("IsComplete", "ColumnValues", "ColumnLength", "DataFreshness");
    assertThat(RuleTypes.takingThreshold()).containsExactly("ColumnValues", "CustomSql");
    assertThat(RuleTypes.find("DetectAnomalies")).isEmpty();
  }

  @Test
  void anUnsupportedTypeIsRejectedWithTheRuleAndTheWholeSortedList() {
    String supported =
        "ColumnCorrelation, ColumnCount, ColumnExists, ColumnLength, ColumnValues, Completeness, CustomSql, DataFreshness, DistinctValuesCount, "
            + "Entropy, IsComplete, IsPrimaryKey, IsUnique, Mean, ReferentialIntegrity, RowCount, StandardDeviation, Sum, UniqueValueRatio, Uniqueness";
    assertThatThrownBy(() -> Rulesets.parse("Rules = [ RowCount > 0, ColumnDataType \"id\" = \"INTEGER\" ]", "t.dqdl"))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_RULE_UNSUPPORTED);
              assertThat(e.parameters()).containsEntry("source", "t.dqdl").containsEntry("rule", "ColumnDataType \"id\" = \"INTEGER\"").containsEntry("supported", supported);
              assertThat(e.getMessage()).contains("ruleset t.dqdl: rule 'ColumnDataType \"id\" = \"INTEGER\"' is not supported; supported rule types: " + supported);
            });
  }

  @Test
  void theDocumentedTableListsExactlyTheRegisteredTypesAndTheirRowLevel() throws Exception {
    String page = Files.readString(ProjectFiles.root().resolve("docs/data-quality.md"));
    List<String> table = tableAfter(page, "**Supported DQDL**");
    Set<String> documented = new TreeSet<>();
    Set<String> documentedRowLevel = new TreeSet<>();
    for (String line : table.subList(2, table.size())) {
      String[] cells = line.split("\\|");
      List<String> types = Arrays.stream(cells[1].split(",")).map(String::trim).toList();
      documented.addAll(types);
      if (cells[3].trim().startsWith("yes")) {
        documentedRowLevel.addAll(types);
      } else {
        assertThat(cells[3].trim()).as(line).isEqualTo("no");
      }
    }
    assertThat(documented).isEqualTo(RuleTypes.supported());
    assertThat(documentedRowLevel).isEqualTo(RuleTypes.rowLevel());

    Matcher rowConditions = Pattern.compile("composites of row conditions \\(([^)]*)\\)").matcher(page.replaceAll("\\s+", " "));
    assertThat(rowConditions.find()).as("docs/data-quality.md names the row conditions").isTrue();
    assertThat(Arrays.stream(rowConditions.group(1).split(",")).map(String::trim).toList())
        .containsExactlyInAnyOrderElementsOf(RuleTypes.all().stream().filter(t -> t instanceof RowCondition).map(RuleType::name).toList());
  }

  /** The lines of the Markdown table that follows {@code marker}: header, separator, rows. */
  private static List<String> tableAfter(String text, String marker) {
    List<String> lines = new ArrayList<>();
    boolean after = false;
    for (String line : text.split("\n")) {
      if (line.startsWith(marker)) {
        after = true;
      } else if (after && line.startsWith("|")) {
        lines.add(line);
      } else if (after && !lines.isEmpty()) {
        break;
      }
    }
    assertThat(lines).as("a table after " + marker).hasSizeGreaterThan(2);
    return lines;
  }

  private static DQRule parse(String rule) {
    return Rulesets.parse("Rules = [ " + rule + " ]", "test").getRules().get(0);
  }
}
