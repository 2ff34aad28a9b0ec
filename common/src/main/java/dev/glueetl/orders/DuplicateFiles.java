package dev.glueetl.orders;

import static org.apache.spark.sql.functions.col;

import dev.glueetl.landing.Bookmark;
import dev.glueetl.landing.LandingFiles.LandingFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Store files whose content is byte for byte that of another file: the same store-day exported twice under two names.
 * A copy is skipped and reported, never counted twice. Of identical files the first by path is kept, whichever run
 * saw it first, as one run over all files would keep it: a new file that sorts before an identical file processed
 * earlier takes its place, and the earlier one's orders are removed ({@link #demoted}).
 *
 * @param md5ByPath the content MD5 of every file of the batch
 * @param copies copy path to the path of the file it duplicates: files of the batch, and demoted ones
 * @param demoted files processed by earlier runs that are now copies of a file of this batch, with their ledger entry
 */
record DuplicateFiles(Map<String, String> md5ByPath, Map<String, String> copies, Map<String, Bookmark.Entry> demoted) {

  /** Reads the MD5 of each file of the batch ({@code files}: one row per file) and finds the copies. */
  static DuplicateFiles of(Dataset<Row> files, Map<String, Bookmark.Entry> ledger, Bookmark.Batch batch) {
    Map<String, String> md5ByPath = new LinkedHashMap<>();
    for (Row row : files.select("source_file", "content_md5").orderBy("source_file").collectAsList()) {
      md5ByPath.put(row.getString(0), row.getString(1));
    }
    Map<String, List<Bookmark.Entry>> knownByMd5 = new HashMap<>();
    for (Bookmark.Entry entry : ledger.values()) {
      boolean processed = entry.state() == Bookmark.State.COMMITTED || entry.state() == Bookmark.State.PAUSED;
      if (processed && entry.contentMd5().isPresent() && !md5ByPath.containsKey(entry.path())) {
        knownByMd5.computeIfAbsent(entry.contentMd5().get(), m -> new ArrayList<>()).add(entry);
      }
    }
    Map<String, String> keptByMd5 = new HashMap<>();
    knownByMd5.forEach((md5, entries) -> keptByMd5.put(md5, entries.stream().map(Bookmark.Entry::path).min(String::compareTo).orElseThrow()));
    md5ByPath.forEach((path, md5) -> keptByMd5.merge(md5, path, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    Map<String, String> copies = new LinkedHashMap<>();
    Map<String, Bookmark.Entry> demoted = new LinkedHashMap<>();
    for (LandingFile file : batch.files()) {
      String md5 = md5ByPath.get(file.path());
      if (md5 != null && !keptByMd5.get(md5).equals(file.path())) {
        copies.put(file.path(), keptByMd5.get(md5));
      }
    }
    knownByMd5.forEach(
        (md5, entries) -> {
          for (Bookmark.Entry entry : entries) {
            if (!keptByMd5.get(md5).equals(entry.path())) {
              copies.put(entry.path(), keptByMd5.get(md5));
              demoted.put(entry.path(), entry);
            }
          }
        });
    return new DuplicateFiles(md5ByPath, copies, demoted);
  }

  /** The files whose earlier orders this run replaces: the batch's, and the demoted ones'. */
  List<String> replacedFiles(Bookmark.Batch batch) {
    List<String> files = new ArrayList<>(batch.paths());
    files.addAll(demoted.keySet());
    return files;
  }

  /** The batch's files without the copies. */
  Dataset<Row> withoutCopies(Dataset<Row> files) {
    return copies.isEmpty() ? files : files.where(org.apache.spark.sql.functions.not(col("source_file").isin(copies.keySet().toArray())));
  }

  /** Ledger rows for the batch: {@code done} with the content MD5, DUPLICATE naming the original for a copy. */
  List<Bookmark.Entry> entries(Bookmark.Batch batch, Bookmark.State done, String runId) {
    List<Bookmark.Entry> entries = new ArrayList<>();
    for (LandingFile file : batch.files()) {
      String copyOf = copies.get(file.path());
      entries.add(
          new Bookmark.Entry(
              file.path(), file.size(), file.modifiedAt(), copyOf == null ? done : Bookmark.State.DUPLICATE, runId,
              Optional.ofNullable(md5ByPath.get(file.path())), Optional.ofNullable(copyOf)));
    }
    demoted.forEach(
        (path, entry) ->
            entries.add(new Bookmark.Entry(path, entry.size(), entry.modifiedAt(), Bookmark.State.DUPLICATE, runId, entry.contentMd5(), Optional.of(copies.get(path)))));
    return entries;
  }
}
