package dev.glueetl.local;

import picocli.CommandLine.Option;

/** {@code --lake DIR} of the commands that only read a lake ({@code @Mixin LakeOption lake}); default {@code ./lake}. */
final class LakeOption {
  @Option(names = "--lake", paramLabel = "DIR", defaultValue = "lake", description = "the lake root: a directory, s3:// or s3a:// URI (default: ./${DEFAULT-VALUE})")
  String root;
}
