package org.rnnsuite.common.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.rnnsuite.common.UserException;

/**
 * What a model was trained on: a description and, for data read from files, each file's name, size and SHA-256.
 * Stored in every model card; {@code --resume} refuses a run whose data changed.
 *
 * @param description what the data is, e.g. {@code MNIST IDX files in data/mnist} or {@code synthetic series}
 * @param files       the files read, in a fixed order (empty for data made in code)
 */
public record DataFingerprint(String description, List<FileEntry> files) {
    /**
     * One input file.
     *
     * @param name   file name (without its directory, so a moved data set still matches)
     * @param size   bytes
     * @param sha256 hex SHA-256 of the content
     */
    public record FileEntry(String name, long size, String sha256) {
    }

    /**
     * @param description what the data is
     * @param files       the files read
     */
    public DataFingerprint {
        Objects.requireNonNull(description, "description");
        files = List.copyOf(files);
    }

    /**
     * @param description what the data is (made in code or bundled with the program)
     * @return a fingerprint without files
     */
    public static DataFingerprint of(String description) {
        return new DataFingerprint(description, List.of());
    }

    /**
     * Reads and hashes files.
     *
     * @param description what the data is
     * @param files       the files, in a fixed order
     * @return their fingerprint
     * @throws UserException if a file cannot be read
     */
    public static DataFingerprint ofFiles(String description, List<Path> files) {
        List<FileEntry> entries = new ArrayList<>();
        for (Path f : files) {
            entries.add(new FileEntry(f.getFileName().toString(), size(f), sha256(f)));
        }
        return new DataFingerprint(description, entries);
    }

    /**
     * @param other the fingerprint of another run's data
     * @return what differs, one phrase per file (empty if the same files with the same content)
     */
    public List<String> differences(DataFingerprint other) {
        List<String> out = new ArrayList<>();
        if (files.isEmpty() && other.files.isEmpty()) {
            if (!description.equals(other.description)) {
                out.add("data '" + other.description + "' instead of '" + description + "'");
            }
            return out;
        }
        for (FileEntry mine : files) {
            FileEntry theirs = other.files.stream().filter(e -> e.name().equals(mine.name())).findFirst().orElse(null);
            if (theirs == null) {
                out.add(mine.name() + " missing");
            } else if (!theirs.sha256().equals(mine.sha256())) {
                out.add(mine.name() + " has other content (" + mine.size() + " -> " + theirs.size() + " bytes)");
            }
        }
        for (FileEntry theirs : other.files) {
            if (files.stream().noneMatch(e -> e.name().equals(theirs.name()))) {
                out.add(theirs.name() + " added");
            }
        }
        return out;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UserException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param f a file
     * @return the hex SHA-256 of its content
     */
    public static String sha256(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UserException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
