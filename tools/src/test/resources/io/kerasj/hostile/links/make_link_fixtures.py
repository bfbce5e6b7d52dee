#!/usr/bin/python3
"""Writes the HDF5 link/external-storage fixtures of issue 12 (run once; outputs are committed).

Inputs: dense_tensorflow_2.h5 (the fixtures corpus, dl4j-test-resources, Apache-2.0) and
dense_source.keras (that model exported by `kerasj export ... --out dense_source.keras`).
Needs Debian's python3-h5py (3.7). Run from this directory:
  /usr/bin/python3 make_link_fixtures.py PATH/TO/dense_tensorflow_2.h5
"""
import io, shutil, sys, zipfile
import h5py
import numpy as np

SRC = sys.argv[1]
KERNEL = "model_weights/dense_1/dense_1/kernel:0"


def legacy(name, change):
    shutil.copy(SRC, name)
    with h5py.File(name, "r+") as f:
        change(f)


def external_link(f, path=KERNEL):
    del f[path]
    f[path] = h5py.ExternalLink("linked_weights.h5", "/kernel")


def soft_link_inside(f):
    data = f[KERNEL][()]
    f.create_dataset("moved/kernel", data=data)
    del f[KERNEL]
    f[KERNEL] = h5py.SoftLink("/moved/kernel")


def soft_link_through_external(f):
    f["outside"] = h5py.ExternalLink("linked_weights.h5", "/")
    del f[KERNEL]
    f[KERNEL] = h5py.SoftLink("/outside/kernel")


def external_storage(f):
    data = f[KERNEL][()]
    del f[KERNEL]
    f.create_dataset(KERNEL, shape=data.shape, dtype=data.dtype,
                     external=[("linked_raw.bin", 0, data.nbytes)])


def virtual(f):
    data = f[KERNEL][()]
    del f[KERNEL]
    layout = h5py.VirtualLayout(shape=data.shape, dtype=data.dtype)
    layout[:] = h5py.VirtualSource("linked_weights.h5", "/kernel", shape=data.shape)
    f.create_virtual_dataset(KERNEL, layout)


with h5py.File(SRC, "r") as f:
    shape = f[KERNEL].shape
with h5py.File("linked_weights.h5", "w") as f:
    # different values from the model's own kernel: importing them would be visible
    f.create_dataset("kernel", data=np.full(shape, 7.0, dtype=np.float32))

legacy("external_link_kernel.h5", external_link)
legacy("soft_link_inside.h5", soft_link_inside)
legacy("soft_link_through_external.h5", soft_link_through_external)
legacy("external_storage_kernel.h5", external_storage)
legacy("virtual_kernel.h5", virtual)

# Keras 3: model.weights.h5 inside a .keras, and the same file standalone (.weights.h5 + config.json)
with zipfile.ZipFile("dense_source.keras") as z:
    entries = {n: z.read(n) for n in z.namelist()}
weights = io.BytesIO(entries["model.weights.h5"])
with h5py.File(weights, "r+") as f:
    del f["layers/dense/vars/0"]
    f["layers/dense/vars/0"] = h5py.ExternalLink("linked_weights.h5", "/kernel")
entries["model.weights.h5"] = weights.getvalue()
with zipfile.ZipFile("external_link_kernel.keras", "w") as z:
    for n, b in entries.items():
        z.writestr(n, b)
with open("external_link_kernel.weights.h5", "wb") as out:
    out.write(entries["model.weights.h5"])
with open("external_link_kernel.config.json", "wb") as out:
    out.write(entries["config.json"])
