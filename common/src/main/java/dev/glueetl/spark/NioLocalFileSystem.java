package dev.glueetl.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with permissions and file status through Java NIO instead of a forked
 * process. Without Hadoop's native library (never there in local mode) {@link RawLocalFileSystem} runs {@code chmod}
 * for every file and directory it creates, {@code ls -ld} for the permission of every file it lists and
 * {@code readlink} on every rename: a Delta commit forks a dozen processes. Measured on the test suite, about 25
 * processes a second, each blocking the thread that writes. Same semantics otherwise (it extends Hadoop's class).
 *
 * <p>Local sessions use it ({@link SparkSessions#LOCAL_FILE_SYSTEM}); on Glue the lake is on S3 and nothing changes.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) file system under {@link NioLocalFileSystem}. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + path + " does not exist");
      }
    }

    @Override
    public FileStatus getFileStatus(Path path) throws IOException {
      return status(path, pathToFile(path), true);
    }

    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      File file = pathToFile(path);
      if (Files.isSymbolicLink(file.toPath())) {
        return super.getFileLinkStatus(path); // rare locally; Hadoop's own handling
      }
      return status(path, file, false);
    }

    @Override
    public FileStatus[] listStatus(Path path) throws IOException {
      File file = pathToFile(path);
      if (!file.exists()) {
        throw new FileNotFoundException("File " + path + " does not exist");
      }
      if (!file.isDirectory()) {
        return new FileStatus[] {status(path, file, true)};
      }
      String[] names = file.list();
      if (names == null) {
        throw new IOException("cannot list " + path);
      }
      List<FileStatus> statuses = new ArrayList<>(names.length);
      for (String name : names) {
        try {
          statuses.add(status(new Path(path, name), new File(file, name), true));
        } catch (FileNotFoundException deletedMeanwhile) {
          // as Hadoop's listStatus: a file removed while listing is not listed
        }
      }
      return statuses.toArray(new FileStatus[0]);
    }

    private FileStatus status(Path path, File file, boolean followLinks) throws IOException {
      PosixFileAttributes attributes;
      try {
        attributes =
            followLinks
                ? Files.readAttributes(file.toPath(), PosixFileAttributes.class)
                : Files.readAttributes(file.toPath(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + path + " does not exist");
      }
      return new FileStatus(
          attributes.isDirectory() ? 0 : attributes.size(),
          attributes.isDirectory(),
          1,
          getDefaultBlockSize(path),
          attributes.lastModifiedTime().toMillis(),
          attributes.lastAccessTime().toMillis(),
          fsPermission(attributes.permissions()),
          attributes.owner().getName(),
          attributes.group().getName(),
          makeQualified(path));
    }
  }

  /** {@link NioLocalFileSystem} for the {@code FileContext} API (Delta's log store renames through it). */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** The raw {@code FileContext} side, as Hadoop's {@code RawLocalFs} but over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // no default port for file:///
    }

    @Override
    public boolean isValidName(String src) {
      return true; // as RawLocalFs: any local path name is valid
    }
  }

  private static Set<PosixFilePermission> posix(FsPermission permission) {
    int bits = permission.toShort() & 0777;
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission candidate : PosixFilePermission.values()) { // owner rwx, group rwx, others rwx: bits 0400 down
      if ((bits & (0400 >> candidate.ordinal())) != 0) {
        set.add(candidate);
      }
    }
    return set;
  }

  private static FsPermission fsPermission(Set<PosixFilePermission> permissions) {
    int bits = 0;
    for (PosixFilePermission permission : permissions) {
      bits |= 0400 >> permission.ordinal();
    }
    return new FsPermission((short) bits);
  }
}
