package io.kerasj.hostile.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded byte-level mutations of the kind that found issue 12's defects: single bytes set to
 * boundary values, bit flips, 2/4/8-byte fields overwritten with huge or negative numbers (the
 * sizes and addresses of binary formats), deleted, duplicated and truncated runs.
 */
final class Mutator {
    private static final long[] INTERESTING = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffffL,
        0x80000000L, 0xffffffffL, 0x40000000L, 0x7fffffffffffffffL, -1L, -2L};

    private final Random random;

    Mutator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** One to four mutations of {@code in} (never empty unless {@code in} is). */
    byte[] mutate(byte[] in) {
        byte[] b = in.clone();
        int n = 1 + (random.nextInt(8) == 0 ? random.nextInt(4) : 0);
        for (int i = 0; i < n && b.length > 0; i++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        int pos = random.nextInt(b.length);
        switch (random.nextInt(10)) {
            case 0, 1 -> b[pos] ^= (byte) (1 << random.nextInt(8));
            case 2, 3 -> b[pos] = (byte) INTERESTING[random.nextInt(5)];
            case 4, 5 -> field(b, pos, 1 << (1 + random.nextInt(3)));
            case 6 -> b[pos] = (byte) random.nextInt(256);
            case 7 -> {
                int len = Math.min(b.length - pos, 1 + random.nextInt(16));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, pos);
                System.arraycopy(b, pos + len, out, pos, b.length - pos - len);
                return out.length == 0 ? b : out;
            }
            case 8 -> {
                int len = Math.min(b.length - pos, 1 + random.nextInt(64));
                byte[] out = Arrays.copyOf(b, b.length + len);
                System.arraycopy(b, pos, out, pos + len, b.length - pos);
                return out;
            }
            default -> {
                return random.nextInt(4) == 0 ? Arrays.copyOf(b, Math.max(1, pos)) : swap(b, pos);
            }
        }
        return b;
    }

    /** Overwrites a little-endian field of {@code width} bytes with an interesting value. */
    private void field(byte[] b, int pos, int width) {
        long v = INTERESTING[random.nextInt(INTERESTING.length)];
        if (random.nextBoolean()) {
            v += random.nextInt(64) - 32;
        }
        for (int i = 0; i < width && pos + i < b.length; i++) {
            b[pos + i] = (byte) (v >>> (8 * i));
        }
    }

    private byte[] swap(byte[] b, int pos) {
        int other = random.nextInt(b.length);
        byte t = b[pos];
        b[pos] = b[other];
        b[other] = t;
        return b;
    }

    /** Line-level and character-level mutations of text (summaries, JSON). */
    String mutateText(String s) {
        String[] lines = s.split("\n", -1);
        StringBuilder out = new StringBuilder();
        int kind = random.nextInt(4);
        if (kind == 0 && lines.length > 1) {
            int drop = random.nextInt(lines.length);
            for (int i = 0; i < lines.length; i++) {
                if (i != drop) {
                    out.append(lines[i]).append('\n');
                }
            }
            return out.toString();
        }
        if (kind == 1 && lines.length > 1) {
            int dup = random.nextInt(lines.length);
            int times = 1 + random.nextInt(random.nextInt(8) == 0 ? 500 : 3);
            for (int i = 0; i < lines.length; i++) {
                out.append(lines[i]).append('\n');
                if (i == dup) {
                    out.append((lines[i] + "\n").repeat(times));
                }
            }
            return out.toString();
        }
        if (kind == 2) {
            String[] tokens = {"(None, 0)", "(None, -1)", "99999999999999999999", "|", "┃", "━", "=", "Total params:",
                "Layer (type)", "\u0000", "\t", "(", ")", "[", "]", ",", "\"\"", "\"name\": \"\""};
            int pos = random.nextInt(s.length() + 1);
            return s.substring(0, pos) + tokens[random.nextInt(tokens.length)] + s.substring(pos);
        }
        return new String(mutate(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
