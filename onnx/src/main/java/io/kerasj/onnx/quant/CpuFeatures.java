package io.kerasj.onnx.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the CPU offers for int8 arithmetic, read from Linux's /proc/cpuinfo flags. */
final class CpuFeatures {
    private CpuFeatures() {
    }

    /**
     * True when the CPU has VNNI (a u8·s8 dot product into int32). Without it x86 kernels sum
     * u8·s8 pairs in saturating int16, so 8-bit weights can overflow: weights then use 7 bits.
     * Unknown (not Linux, unreadable) counts as no VNNI, the safe side.
     */
    static boolean hasVnni() {
        try {
            return hasVnni(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    static boolean hasVnni(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("flags")) {
                for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (flag.equals("avx512_vnni") || flag.equals("avx_vnni")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }
}
