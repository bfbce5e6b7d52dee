package io.kerasj.hdf5.write;

import io.kerasj.export.ExportException;

/**
 * Writing an HDF5 file failed: either the input was rejected before any native call (bad name,
 * oversized attribute, bad output path) or libhdf5 returned an error, whose stack is in the message.
 */
public class Hdf5WriteException extends ExportException {
    private static final long serialVersionUID = 1L;

    public Hdf5WriteException(String message) {
        super(message);
    }

    public Hdf5WriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
