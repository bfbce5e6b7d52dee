package io.kerasj.hdf5;

/** An HDF5 structure that is not what Keras writes; turned into a KerasImportException at the reader boundary. */
public class Hdf5FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Hdf5FormatException(String message) {
        super(message);
    }
}
