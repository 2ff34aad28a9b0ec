package dev.glueetl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NIO local file system answers as Hadoop's own (which forks a process for each of these) does. */
class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void statusesListingsAndPermissionsAreHadoopsOwn() throws Exception {
    Configuration conf = conf();
    FileSystem nio = FileSystem.newInstance(dir.toUri(), conf);
    assertThat(nio).isInstanceOf(NioLocalFileSystem.class);
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    hadoop.initialize(dir.toUri(), new Configuration());

    Path table = new Path(dir.toUri().toString(), "table");
    assertThat(nio.mkdirs(table, new FsPermission((short) 0750))).isTrue();
    try (FSDataOutputStream out = nio.create(new Path(table, "part-0.parquet"))) {
      out.write("twelve bytes".getBytes(StandardCharsets.UTF_8));
    }
    nio.setPermission(new Path(table, "part-0.parquet"), new FsPermission((short) 0640));

    assertThat(nio.listStatus(table)).extracting(s -> s.getPath().getName()).containsExactly("part-0.parquet"); // .crc hidden
    FileStatus[] ours = sorted(((NioLocalFileSystem) nio).getRawFileSystem().listStatus(table));
    FileStatus[] theirs = sorted(hadoop.listStatus(table));
    assertThat(ours).hasSameSizeAs(theirs).hasSize(2); // the file and its .crc
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i].getPath().getName()).isEqualTo(theirs[i].getPath().getName());
      assertThat(ours[i].getLen()).isEqualTo(theirs[i].getLen());
      assertThat(ours[i].isDirectory()).isEqualTo(theirs[i].isDirectory());
      assertThat(ours[i].getModificationTime()).isEqualTo(theirs[i].getModificationTime());
      assertThat(ours[i].getPermission()).isEqualTo(theirs[i].getPermission());
      assertThat(ours[i].getOwner()).isEqualTo(theirs[i].getOwner());
      assertThat(ours[i].getGroup()).isEqualTo(theirs[i].getGroup());
    }
    FileStatus file = nio.getFileStatus(new Path(table, "part-0.parquet"));
    assertThat(file.getLen()).isEqualTo(12);
    assertThat(file.getPermission()).isEqualTo(new FsPermission((short) 0640));
    assertThat(nio.getFileStatus(table).getPermission()).isEqualTo(hadoop.getFileStatus(table).getPermission());
    assertThat(Files.getPosixFilePermissions(dir.resolve("table")).toString()).contains("OWNER_EXECUTE").doesNotContain("OTHERS");
    assertThatThrownBy(() -> nio.getFileStatus(new Path(table, "missing"))).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> nio.listStatus(new Path(table, "missing"))).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void fileContextRenamesWithoutOverwritingAsDeltasLogStoreNeeds() throws Exception {
    FileContext context = FileContext.getFileContext(dir.toUri(), conf());
    Path first = new Path(dir.toUri().toString(), "_tmp_commit");
    Path committed = new Path(dir.toUri().toString(), "00000000000000000000.json");
    Files.writeString(dir.resolve("_tmp_commit"), "{}");
    Files.writeString(dir.resolve("other"), "{}");

    context.rename(first, committed, Options.Rename.NONE);

    assertThat(dir.resolve("00000000000000000000.json")).exists();
    assertThatThrownBy(() -> context.rename(new Path(dir.toUri().toString(), "other"), committed, Options.Rename.NONE))
        .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
  }

  private static Configuration conf() {
    Configuration conf = new Configuration();
    SparkSessions.LOCAL_FILE_SYSTEM.forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
    return conf;
  }

  private static FileStatus[] sorted(FileStatus[] statuses) {
    FileStatus[] copy = Arrays.copyOf(statuses, statuses.length);
    Arrays.sort(copy, Comparator.comparing(s -> s.getPath().getName()));
    return copy;
  }
}
