package io.kerasj.hdf5;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens HDF5 files for jhdf over a read-only memory map of the file rather than a file channel.
 * jhdf reads every structure by asking its storage for "length bytes at address"; over a channel
 * that allocates a heap buffer of the claimed length before reading (one changed byte in a 21 kB
 * file made it allocate 2 GiB), over a mapped buffer it is a slice of the file, which cannot
 * exceed the file. So no structure the reader touches can allocate more heap than the file holds
 * through storage reads; what remains (weights, attribute values) is checked by the readers.
 */
public final class Hdf5Files {
    private Hdf5Files() {
    }

    public static HdfFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new Hdf5FormatException("the file has " + size + " bytes; kerasj reads HDF5 files of up to 2 GiB");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return HdfFile.fromByteBuffer(map);
        }
    }
}
