package dev.glueetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glueetl.error.ErrorCode;
import dev.glueetl.error.GlueEtlException;
import dev.glueetl.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Every pipeline YAML shown in README.md and docs/*.md is one the jobs accept: a key that does not exist (a typo, a key
 * renamed in the code and not in the docs) or a value of the wrong shape fails here with the parser's own error.
 *
 * <p>A {@code ```yaml} block whose top-level keys include a pipeline key ({@code name}, {@code metrics}, {@code
 * quality}, ...) is a pipeline or a part of one; other YAML (a CloudFormation template) is not checked. A whole pipeline
 * (it has {@code name} and {@code source}) is parsed as it is; a part replaces the same top-level sections of the
 * built-in {@code pipelines/app-events.yaml} and is parsed there, so the files it names resolve as they do for that
 * pipeline.
 */
class DocumentedPipelinesTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("^```yaml\\n(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE);
  private static final Set<String> TOP_LEVEL_KEYS = PipelineConfig.KEYS.keys().stream().map(ConfigKey::name).collect(Collectors.toSet());

  @Test
  void everyPipelineShownInTheDocsParses() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path page : pages()) {
      String name = ProjectFiles.root().relativize(page).toString();
      Matcher block = YAML_BLOCK.matcher(Files.readString(page));
      for (int i = 1; block.find(); i++) {
        String where = name + ", YAML block " + i;
        pipelineOf(block.group(1))
            .ifPresent(
                yaml -> {
                  assertThatCode(() -> PipelineConfig.parse(ProjectFiles.pipeline("app-events").toString(), yaml)).as(where).doesNotThrowAnyException();
                  checked.add(where);
                });
      }
    }

    // the pages this part of the project writes show these pipelines and parts of pipelines
    assertThat(checked)
        .contains(
            "docs/pipeline-reference.md, YAML block 1",
            "docs/pipeline-reference.md, YAML block 2",
            "docs/orders.md, YAML block 1",
            "docs/records.md, YAML block 1",
            "docs/metrics-and-export.md, YAML block 1",
            "docs/metrics-and-export.md, YAML block 2",
            "docs/data-quality.md, YAML block 1",
            "docs/zones.md, YAML block 1",
            "docs/zones.md, YAML block 2");
  }

  @Test
  void aPartWithAMisspelledKeyFailsNamingTheKey() {
    String part = "quality:\n  - table: trusted.events\n    rules: 'Rules = [ RowCount > 0 ]'\n    acton: warn\n";

    String yaml = pipelineOf(part).orElseThrow();

    assertThatThrownBy(() -> PipelineConfig.parse(ProjectFiles.pipeline("app-events").toString(), yaml))
        .isInstanceOfSatisfying(
            GlueEtlException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNKNOWN_KEY);
              assertThat(e.parameters()).containsEntry("key", "quality[0].acton");
            });
  }

  @Test
  void yamlThatIsNoPipelineIsLeftAlone() {
    assertThat(pipelineOf("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")).isEmpty();
    assertThat(pipelineOf("- a\n- b\n")).isEmpty();
  }

  /**
   * The pipeline a documented block stands for: the block itself when it is a whole pipeline, else app-events with the
   * block's top-level sections in place of its own; empty when the block is no pipeline YAML.
   */
  private static Optional<String> pipelineOf(String block) {
    Object parsed = yaml().load(block);
    if (!(parsed instanceof Map<?, ?> part) || part.keySet().stream().noneMatch(TOP_LEVEL_KEYS::contains)) {
      return Optional.empty();
    }
    if (part.containsKey("name") && part.containsKey("source")) {
      return Optional.of(block);
    }
    Map<Object, Object> pipeline = new LinkedHashMap<>(loadAppEvents());
    pipeline.putAll(part);
    return Optional.of(yaml().dump(pipeline));
  }

  private static Map<?, ?> loadAppEvents() {
    try {
      return (Map<?, ?>) yaml().load(Files.readString(ProjectFiles.pipeline("app-events")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Yaml yaml() {
    DumperOptions dump = new DumperOptions();
    dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(dump), dump);
  }

  /** README.md and every page of docs/. */
  private static List<Path> pages() throws IOException {
    Path root = ProjectFiles.root();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
