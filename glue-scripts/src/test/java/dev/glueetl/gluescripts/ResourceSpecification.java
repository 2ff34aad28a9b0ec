package dev.glueetl.gluescripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The CloudFormation resource specification (AWS's own JSON description of every resource type: its properties, which
 * are required, and their primitive, list, map and nested types), and a check of templates against it.
 *
 * <p>The specification comes from the npm package {@value #PACKAGE} at a pinned version, which ships it as {@code
 * spec/specification.json} (1.9 MB download). Its tarball is downloaded once from the npm registry into {@code
 * ~/.cache/glue-etl/cfnspec/} (or {@code -Dglueetl.cfnspec.dir}), checked against the package's pinned sha512, and read
 * from there on every later run; without the registry the first run fails saying so.
 */
final class ResourceSpecification {
  static final String PACKAGE = "@aws-cdk/cfnspec";
  static final String VERSION = "2.72.1";
  /** {@code npm view @aws-cdk/cfnspec@2.72.1 dist.integrity}. */
  static final String INTEGRITY = "sha512-qF6zQXXJPpRwI3uS5+whGtJdQFwxH7gSwW6Xa8xdXWWEUazDEgKOLt9isw8As8vH8bCRAxukOkogGq1+xMG30w==";
  /** {@code npm view @aws-cdk/cfnspec@2.72.1 dist.tarball}. */
  static final String TARBALL_URL = "https://registry.npmjs.org/@aws-cdk/cfnspec/-/cfnspec-" + VERSION + ".tgz";
  private static final String ENTRY = "package/spec/specification.json";
  /** The values CloudFormation fills in itself. */
  private static final Set<String> PSEUDO_PARAMETERS =
      Set.of("AWS::AccountId", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix", "AWS::NotificationARNs");
  private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

  private static ResourceSpecification loaded;

  private final JsonNode resourceTypes;
  private final JsonNode propertyTypes;
  final String version;

  private ResourceSpecification(JsonNode spec) {
    this.resourceTypes = spec.get("ResourceTypes");
    this.propertyTypes = spec.get("PropertyTypes");
    this.version = spec.get("ResourceSpecificationVersion").asText();
  }

  /** The specification, fetched on first use. */
  static synchronized ResourceSpecification load() throws IOException, InterruptedException {
    if (loaded == null) {
      Path tarball = fetch();
      try (InputStream json = tarEntry(tarball, ENTRY)) {
        loaded = new ResourceSpecification(new ObjectMapper().readTree(json));
      }
    }
    return loaded;
  }

  static Path cacheDir() {
    String dir = System.getProperty("glueetl.cfnspec.dir");
    return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "glue-etl", "cfnspec");
  }

  /**
   * The package tarball in the cache, downloaded from the npm registry when missing: the same file {@code npm pack}
   * fetches (its URL is the registry's {@code dist.tarball}), so a machine needs no node or npm, only the registry.
   */
  static Path fetch() throws IOException, InterruptedException {
    Path dir = cacheDir();
    Path tarball = dir.resolve("aws-cdk-cfnspec-" + VERSION + ".tgz");
    if (Files.exists(tarball) && INTEGRITY.equals(integrity(tarball))) {
      return tarball;
    }
    Files.createDirectories(dir);
    // downloaded beside the cache entry and moved into place whole, so parallel runs never read half a file
    Path download = Files.createTempFile(dir, "download-", ".tgz");
    try {
      HttpResponse<Path> response;
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
        response = client.send(HttpRequest.newBuilder(URI.create(TARBALL_URL)).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofFile(download));
      } catch (IOException e) {
        throw new AssertionError(unavailable(e.getClass().getSimpleName() + ": " + e.getMessage()), e);
      }
      if (response.statusCode() != 200) {
        throw new AssertionError(unavailable("HTTP " + response.statusCode() + " from " + TARBALL_URL));
      }
      String found = integrity(download);
      if (!INTEGRITY.equals(found)) {
        throw new AssertionError(PACKAGE + "@" + VERSION + " from " + TARBALL_URL + " has integrity " + found + ", not the pinned " + INTEGRITY);
      }
      Files.move(download, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return tarball;
    } finally {
      Files.deleteIfExists(download);
    }
  }

  private static String unavailable(String why) {
    return "the CloudFormation resource specification (" + PACKAGE + "@" + VERSION + ") could not be fetched: " + why
        + ". The template tests need registry.npmjs.org once; the package is then kept in " + cacheDir()
        + ". Offline, copy aws-cdk-cfnspec-" + VERSION + ".tgz there from a machine that has run `npm pack " + PACKAGE + "@" + VERSION + "`.";
  }

  private static String integrity(Path file) throws IOException {
    try {
      return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One file of a .tgz (ustar headers: name, prefix, octal size; 512-byte blocks). */
  private static InputStream tarEntry(Path tarball, String name) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String entry = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        String full = prefix.isEmpty() ? entry : prefix + "/" + entry;
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        long padded = (size + 511) / 512 * 512;
        if (full.equals(name)) {
          byte[] content = in.readNBytes((int) size);
          return new java.io.ByteArrayInputStream(content);
        }
        in.skipNBytes(padded);
      }
    }
    throw new AssertionError(tarball + " holds no " + name);
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  /**
   * What is wrong with {@code template} by the specification, one line each; empty when nothing is. Checked: every
   * resource type exists; every property name is one of its type's (unknown ones are errors), every required one is
   * there; every value has the property's primitive type, is a list or map of the item type, or a nested property type
   * checked the same way; every {@code Ref}, {@code Fn::Sub} variable and {@code Fn::GetAtt} names a parameter, pseudo
   * parameter, resource or attribute that exists; every condition used is defined. An intrinsic function matches any
   * type (its result is only known to CloudFormation).
   */
  List<String> problems(Map<String, Object> template) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> resources = GlueDeployment.map(template.get("Resources"));
    Set<String> parameters = template.containsKey("Parameters") ? GlueDeployment.map(template.get("Parameters")).keySet() : Set.of();
    Set<String> conditions = template.containsKey("Conditions") ? GlueDeployment.map(template.get("Conditions")).keySet() : Set.of();
    Set<String> names = new LinkedHashSet<>(parameters);
    names.addAll(resources.keySet());
    names.addAll(PSEUDO_PARAMETERS);
    resources.forEach((id, raw) -> {
      Map<String, Object> resource = GlueDeployment.map(raw);
      String type = (String) resource.get("Type");
      for (String key : resource.keySet()) {
        if (!RESOURCE_KEYS.contains(key)) {
          problems.add(id + ": unknown resource attribute " + key);
        }
      }
      if (resource.containsKey("Condition") && !conditions.contains((String) resource.get("Condition"))) {
        problems.add(id + ": undefined condition " + resource.get("Condition"));
      }
      JsonNode spec = resourceTypes.get(type);
      if (spec == null) {
        problems.add(id + ": unknown resource type " + type);
        return;
      }
      Object properties = resource.getOrDefault("Properties", Map.of());
      checkObject(id, type, spec.get("Properties"), properties, problems);
    });
    references(template, "", names, conditions, resources, problems);
    return problems;
  }

  private void checkObject(String path, String resourceType, JsonNode specProperties, Object value, List<String> problems) {
    if (intrinsic(value)) {
      return;
    }
    if (!(value instanceof Map<?, ?>)) {
      problems.add(path + ": expected an object, found " + describe(value));
      return;
    }
    Map<String, Object> object = GlueDeployment.map(value);
    for (String key : object.keySet()) {
      if (!specProperties.has(key)) {
        problems.add(path + ": unknown property " + key + " (known: " + fieldNames(specProperties) + ")");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = specProperties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String name = property.getKey();
      JsonNode spec = property.getValue();
      if (!object.containsKey(name)) {
        if (spec.path("Required").asBoolean(false)) {
          problems.add(path + ": required property " + name + " missing");
        }
        continue;
      }
      checkValue(path + "." + name, resourceType, spec, object.get(name), problems);
    }
  }

  private void checkValue(String path, String resourceType, JsonNode spec, Object value, List<String> problems) {
    if (intrinsic(value)) {
      return;
    }
    if (spec.has("PrimitiveType")) {
      checkPrimitive(path, spec.get("PrimitiveType").asText(), value, problems);
      return;
    }
    String type = spec.path("Type").asText();
    if (type.equals("List") || type.equals("Map")) {
      boolean list = type.equals("List");
      if (list ? !(value instanceof List<?>) : !(value instanceof Map<?, ?>)) {
        problems.add(path + ": expected a " + type.toLowerCase(java.util.Locale.ROOT) + ", found " + describe(value));
        return;
      }
      Iterable<?> items = list ? (List<?>) value : ((Map<?, ?>) value).values();
      int i = 0;
      for (Object item : items) {
        String itemPath = path + "[" + i++ + "]";
        if (intrinsic(item)) {
          continue;
        }
        if (spec.has("PrimitiveItemType")) {
          checkPrimitive(itemPath, spec.get("PrimitiveItemType").asText(), item, problems);
        } else {
          checkObject(itemPath, resourceType, propertyType(resourceType, spec.get("ItemType").asText(), itemPath, problems), item, problems);
        }
      }
      return;
    }
    checkObject(path, resourceType, propertyType(resourceType, type, path, problems), value, problems);
  }

  private JsonNode propertyType(String resourceType, String name, String path, List<String> problems) {
    JsonNode type = propertyTypes.get(resourceType + "." + name);
    if (type == null) {
      type = propertyTypes.get(name); // shared ones, such as Tag
    }
    if (type == null) {
      problems.add(path + ": the specification has no property type " + name);
      return new ObjectMapper().createObjectNode();
    }
    return type.get("Properties");
  }

  private static void checkPrimitive(String path, String primitive, Object value, List<String> problems) {
    boolean ok =
        switch (primitive) {
          case "String", "Timestamp" -> value instanceof String;
          case "Integer", "Long" -> value instanceof Integer || value instanceof Long;
          case "Double" -> value instanceof Number;
          case "Boolean" -> value instanceof Boolean;
          case "Json" -> value instanceof Map<?, ?> || value instanceof String;
          default -> throw new IllegalStateException("primitive type " + primitive);
        };
    if (!ok) {
      problems.add(path + ": expected " + primitive + ", found " + describe(value));
    }
  }

  /** A map whose one key is an intrinsic function or a condition reference. */
  private static boolean intrinsic(Object value) {
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      String key = String.valueOf(map.keySet().iterator().next());
      return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition");
    }
    return false;
  }

  /** Every Ref, Fn::Sub variable, Fn::GetAtt and Fn::If condition in the template names something that exists. */
  private void references(Object value, String path, Set<String> names, Set<String> conditions, Map<String, Object> resources, List<String> problems) {
    if (value instanceof Map<?, ?> raw) {
      Map<String, Object> map = GlueDeployment.map(raw);
      if (map.size() == 1 && map.containsKey("Ref") && !names.contains((String) map.get("Ref"))) {
        problems.add(path + ": Ref to undefined " + map.get("Ref"));
      }
      if (map.size() == 1 && map.get("Fn::Sub") instanceof String text) {
        Matcher variable = SUB_VARIABLE.matcher(text);
        while (variable.find()) {
          if (!names.contains(variable.group(1))) {
            problems.add(path + ": Fn::Sub of undefined ${" + variable.group(1) + "}");
          }
        }
      }
      if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
        List<Object> target = GlueDeployment.list(map.get("Fn::GetAtt"));
        Object resource = resources.get((String) target.get(0));
        if (resource == null) {
          problems.add(path + ": Fn::GetAtt of undefined resource " + target.get(0));
        } else {
          JsonNode attributes = resourceTypes.path((String) GlueDeployment.map(resource).get("Type")).path("Attributes");
          if (!attributes.has((String) target.get(1))) {
            problems.add(path + ": " + target.get(0) + " has no attribute " + target.get(1) + " (has: " + fieldNames(attributes) + ")");
          }
        }
      }
      if (map.size() == 1 && map.containsKey("Fn::If")) {
        String condition = (String) GlueDeployment.list(map.get("Fn::If")).get(0);
        if (!conditions.contains(condition)) {
          problems.add(path + ": Fn::If on undefined condition " + condition);
        }
      }
      map.forEach((key, item) -> references(item, path + "/" + key, names, conditions, resources, problems));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        references(list.get(i), path + "[" + i + "]", names, conditions, resources, problems);
      }
    }
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }
}
