package io.kerasj.spark;

import io.kerasj.ir.KerasImportException;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkFiles;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Where a model lives, found once on the driver and shipped to the executors: a file Spark
 * distributed with {@code addFile} (a bare name), a local path, or any Hadoop file system path
 * (copied to a local temporary directory on each executor JVM that needs it). The version (latest
 * modification time and total size) is read on the driver, so every executor loads the same one
 * and a changed model is a new cache key.
 */
final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Kind { SPARK_FILE, LOCAL, HADOOP }

    private final String modelPath;
    private final Kind kind;
    private final String version;
    /** Only for {@link Kind#HADOOP}: the driver's Hadoop configuration (credentials, endpoints). */
    private final Broadcast<SerializableConfiguration> hadoopConf;

    private ModelSource(String modelPath, Kind kind, String version, Broadcast<SerializableConfiguration> hadoopConf) {
        this.modelPath = modelPath;
        this.kind = kind;
        this.version = version;
        this.hadoopConf = hadoopConf;
    }

    /**
     * @throws KerasImportException when nothing is at {@code modelPath}
     */
    static ModelSource locate(SparkSession spark, String modelPath) {
        if (!modelPath.contains("/") && !modelPath.contains(File.separator)) {
            File distributed = new File(SparkFiles.get(modelPath));
            if (distributed.exists()) {
                return new ModelSource(modelPath, Kind.SPARK_FILE, localVersion(distributed.toPath()), null);
            }
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(modelPath);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw new KerasImportException(Paths.get(modelPath), null, "no such file or directory");
            }
            String version = hadoopVersion(fs, p);
            if ("file".equals(fs.getScheme())) {
                return new ModelSource(Paths.get(fs.makeQualified(p).toUri()).toString(), Kind.LOCAL, version, null);
            }
            Broadcast<SerializableConfiguration> shipped = spark.sparkContext().broadcast(new SerializableConfiguration(conf),
                    scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class));
            return new ModelSource(fs.makeQualified(p).toString(), Kind.HADOOP, version, shipped);
        } catch (IOException e) {
            throw new KerasImportException(Paths.get(modelPath), "cannot read the model's location: " + e.getMessage(), e);
        }
    }

    /** The path as given (for messages). */
    String path() {
        return modelPath;
    }

    /** Path and version: a model changed in place is a different key. */
    String cacheKey() {
        return modelPath + "@" + version;
    }

    /** True when {@link #materialize()} makes a copy that the caller deletes after loading. */
    boolean isCopy() {
        return kind == Kind.HADOOP;
    }

    /** A local file or directory holding the model, on this JVM's machine. */
    Path materialize() {
        switch (kind) {
            case SPARK_FILE:
                return Paths.get(SparkFiles.get(modelPath));
            case LOCAL:
                return Paths.get(modelPath);
            default:
                try {
                    org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(modelPath);
                    Path dir = Files.createTempDirectory("kerasj-model");
                    Path dst = dir.resolve(src.getName());
                    // the raw local file system writes no .crc files beside the copy
                    src.getFileSystem(hadoopConf.value().value()).copyToLocalFile(false, src,
                            new org.apache.hadoop.fs.Path(dst.toUri()), true);
                    return dst;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy the model " + modelPath + " to this executor", e);
                }
        }
    }

    private static String localVersion(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hadoopVersion(FileSystem fs, org.apache.hadoop.fs.Path p) throws IOException {
        FileStatus status = fs.getFileStatus(p);
        if (!status.isDirectory()) {
            return status.getModificationTime() + ":" + status.getLen();
        }
        long latest = status.getModificationTime();
        long bytes = 0;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(p, true);
        while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            latest = Math.max(latest, f.getModificationTime());
            bytes += f.getLen();
        }
        return latest + ":" + bytes;
    }
}
