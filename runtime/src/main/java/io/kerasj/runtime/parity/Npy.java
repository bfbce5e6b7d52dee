package io.kerasj.runtime.parity;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal NumPy {@code .npy} reader and writer for float arrays: float32 or float64 (either byte
 * order), C order; integer arrays (e.g. labels or 8-bit images) are read as float32 too. Fortran-ordered arrays, object/pickled arrays and any other dtype are refused;
 * the header's shape is checked against the file's length before anything is allocated.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 16;

    private Npy() {
    }

    /** Reads a float32/float64 array as float32. */
    public static FloatTensor read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, file);
            pre.flip();
            byte[] magic = new byte[6];
            pre.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw fail(file, "not a .npy file (no \\x93NUMPY magic)");
            }
            int major = pre.get() & 0xff;
            pre.get();
            long headerLen;
            int prefix;
            if (major == 1) {
                headerLen = pre.getShort() & 0xffff;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                headerLen = pre.getInt() & 0xffffffffL;
                prefix = 12;
            } else {
                throw fail(file, "unsupported .npy format version " + major);
            }
            if (headerLen > MAX_HEADER || prefix + headerLen > fileSize) {
                throw fail(file, "header length " + headerLen + " is implausible for a file of " + fileSize + " bytes");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.position(prefix);
            readFully(ch, hb, file);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = Header.parse(header, file);
            long count = 1;
            for (int d : h.shape) {
                count = Math.multiplyExact(count, d);
            }
            long bytes = Math.multiplyExact(count, h.itemSize);
            long dataStart = prefix + headerLen;
            if (dataStart + bytes > fileSize) {
                throw fail(file, "shape " + java.util.Arrays.toString(h.shape) + " needs " + bytes
                        + " bytes of data, the file has " + (fileSize - dataStart));
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw fail(file, "array of " + count + " values is too large");
            }
            ByteBuffer data = ByteBuffer.allocate((int) bytes).order(h.order);
            ch.position(dataStart);
            readFully(ch, data, file);
            data.flip();
            float[] out = new float[(int) count];
            if (h.integer != 0) {
                readIntegers(data, h, out);
            } else if (h.itemSize == 4) {
                data.asFloatBuffer().get(out);
            } else {
                double[] d = new double[(int) count];
                data.asDoubleBuffer().get(d);
                for (int i = 0; i < d.length; i++) {
                    out[i] = (float) d[i];
                }
            }
            return FloatTensor.wrap(Shape.of(h.shape), out);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new KerasImportException(file, null, "no such file or directory");
        } catch (IOException e) {
            throw new KerasImportException(file, "cannot read .npy file: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw fail(file, "shape overflows: " + e.getMessage());
        }
    }

    /** Writes {@code t} as a little-endian float32 C-order {@code .npy} (format 1.0). */
    public static void write(Path file, FloatTensor t) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < t.shape().rank(); i++) {
            shape.append(t.shape().dim(i)).append(t.shape().rank() == 1 ? "," : (i + 1 < t.shape().rank() ? ", " : ""));
        }
        shape.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        t.copyTo(buf.asFloatBuffer());
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    // integer kinds: 'i' signed, 'u' unsigned; values beyond 2^24 lose precision as float32
    private static void readIntegers(ByteBuffer data, Header h, float[] out) {
        boolean unsigned = h.integer == 'u';
        for (int i = 0; i < out.length; i++) {
            long v = switch (h.itemSize) {
                case 1 -> unsigned ? data.get() & 0xffL : data.get();
                case 2 -> unsigned ? data.getShort() & 0xffffL : data.getShort();
                case 4 -> unsigned ? data.getInt() & 0xffffffffL : data.getInt();
                default -> data.getLong();
            };
            out[i] = unsigned && h.itemSize == 8 && v < 0 ? (float) (v & Long.MAX_VALUE) + 0x1p63f : (float) v;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw fail(file, "the file ends early");
            }
        }
    }

    private static KerasImportException fail(Path file, String msg) {
        return new KerasImportException(file, null, msg);
    }

    /** The header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }. */
    private record Header(int itemSize, ByteOrder order, int[] shape, char integer) {
        static Header parse(String text, Path file) {
            String descr = stringValue(text, "descr", file);
            String fortran = rawValue(text, "fortran_order", file);
            String shape = rawValue(text, "shape", file);
            if (!fortran.equals("False")) {
                throw fail(file, "Fortran-ordered arrays are not supported (fortran_order=" + fortran + "); save in C order");
            }
            ByteOrder order;
            char o = descr.isEmpty() ? '?' : descr.charAt(0);
            String kind = descr.length() > 1 ? descr.substring(1) : descr;
            if (o == '<' || o == '|' || o == '=') {
                order = o == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
            } else if (o == '>') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw fail(file, "dtype '" + descr + "' is not supported (float32 or float64 only)");
            }
            int size;
            char integer = 0;
            switch (kind) {
                case "f4" -> size = 4;
                case "f8" -> size = 8;
                case "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8" -> {
                    size = kind.charAt(1) - '0';
                    integer = kind.charAt(0);
                }
                default -> throw fail(file, "dtype '" + descr + "' is not supported (float32, float64 or integers;"
                        + " object and pickled arrays are refused)");
            }
            return new Header(size, order, parseShape(shape, file), integer);
        }

        private static int[] parseShape(String s, Path file) {
            if (!s.startsWith("(") || !s.endsWith(")")) {
                throw fail(file, "shape '" + s + "' is not a tuple");
            }
            List<Integer> dims = new ArrayList<>();
            for (String part : s.substring(1, s.length() - 1).split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.endsWith("L")) {
                    p = p.substring(0, p.length() - 1); // Python 2 long literal
                }
                try {
                    int d = Integer.parseInt(p);
                    if (d < 0) {
                        throw fail(file, "negative dimension in shape " + s);
                    }
                    dims.add(d);
                } catch (NumberFormatException e) {
                    throw fail(file, "shape '" + s + "' holds a non-integer");
                }
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private static String rawValue(String text, String key, Path file) {
            int k = text.indexOf("'" + key + "'");
            if (k < 0) {
                throw fail(file, "header has no '" + key + "'");
            }
            int colon = text.indexOf(':', k);
            int i = colon + 1;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int end;
            if (i < text.length() && text.charAt(i) == '(') {
                end = text.indexOf(')', i);
                if (end < 0) {
                    throw fail(file, "unterminated shape in header");
                }
                return text.substring(i, end + 1);
            }
            end = i;
            while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
                end++;
            }
            return text.substring(i, end).trim();
        }

        private static String stringValue(String text, String key, Path file) {
            String raw = rawValue(text, key, file);
            if (raw.length() < 2 || !(raw.startsWith("'") || raw.startsWith("\"")) || raw.charAt(0) != raw.charAt(raw.length() - 1)) {
                throw fail(file, "'" + key + "' is " + raw.toLowerCase(Locale.ROOT) + ", not a dtype string"
                        + " (structured dtypes are not supported)");
            }
            return raw.substring(1, raw.length() - 1);
        }
    }
}
