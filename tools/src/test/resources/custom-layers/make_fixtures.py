"""Writes the custom-layer test models as Keras would save them (no Keras needed).

Legacy .h5 files follow tf.keras 2.x `model.save("x.h5")`: root attributes keras_version, backend
and model_config (the JSON config), weights under model_weights/<layer>/<layer>/<weight>:0 with
layer_names / weight_names attributes. The .keras archive follows Keras 3: config.json,
metadata.json and model.weights.h5 (layers/<snake_case class>/vars/<i>).

Weights and inputs are closed formulas, repeated in the Java tests, so the expected outputs are
computed there without reading them back through kerasj. Run: /usr/bin/python3 make_fixtures.py
"""
import io
import json
import zipfile

import h5py
import numpy as np

POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def conv_kernel():  # (1, 1, 6, 8)
    k = np.zeros((1, 1, 6, 8), np.float32)
    for c in range(6):
        for f in range(8):
            k[0, 0, c, f] = ((c * 8 + f) % 7 - 3) * 0.25
    return k


def conv_bias():
    return np.array([0.1 * f - 0.3 for f in range(8)], np.float32)


def head_kernel(n_in, n_out):
    k = np.zeros((n_in, n_out), np.float32)
    for i in range(n_in):
        for j in range(n_out):
            k[i, j] = ((i * n_out + j) % 5 - 2) * 0.03
    return k


def head_bias(n_out):
    return np.array([0.05 * j - 0.05 for j in range(n_out)], np.float32)


def layer(cls, name, **config):
    return {"class_name": cls, "config": dict(name=name, trainable=True, dtype="float32", **config)}


def write_h5(path, model_name, layers, weights):
    config = {"class_name": "Sequential", "config": {"name": model_name, "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.9.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        g = f.create_group("model_weights")
        g.attrs["keras_version"] = "2.9.0"
        g.attrs["backend"] = "tensorflow"
        names = [l["config"]["name"] for l in layers if l["class_name"] != "InputLayer"]
        g.attrs["layer_names"] = np.array([n.encode("utf8") for n in names])
        for n in names:
            lg = g.create_group(n)
            ws = weights.get(n, [])
            lg.attrs["weight_names"] = np.array([("%s/%s:0" % (n, w)).encode("utf8") for w, _ in ws], dtype="S")
            for w, v in ws:
                lg.create_dataset("%s/%s:0" % (n, w), data=v)


def lrn_models():
    inp = layer("InputLayer", "input_1", batch_input_shape=[None, 3, 3, 6])
    conv = layer("Conv2D", "conv", filters=8, kernel_size=[1, 1], strides=[1, 1], padding="valid",
                 data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="linear", use_bias=True)
    head = layer("Dense", "head", units=3, activation="softmax", use_bias=True)
    weights = {"conv": [("kernel", conv_kernel()), ("bias", conv_bias())],
               "head": [("kernel", head_kernel(72, 3)), ("bias", head_bias(3))]}
    # an AlexNet port's custom layer calling tf.nn.lrn with its get_config() values
    lrn = layer("LRN", "lrn", depth_radius=2, bias=1.0, alpha=0.05, beta=0.75)
    write_h5("custom_lrn.h5", "alexnet_style_lrn", [inp, conv, lrn, layer("Flatten", "flatten"), head], weights)
    # a custom class kerasj cannot know: the user says what it computes with --custom-layer
    mine = layer("MyNormalization", "my_norm", radius=1, offset=2.0, scale=0.1, power=0.5)
    write_h5("unknown_custom.h5", "unknown_custom", [inp, conv, mine, layer("Flatten", "flatten"), head], weights)


def swish_models():
    inp = layer("InputLayer", "in", batch_input_shape=[None, 4])
    dense = layer("Dense", "dense", units=3, activation="linear", use_bias=True)
    swish = layer("Swish", "swish", beta=1.5)
    head = layer("Dense", "head", units=2, activation="softmax", use_bias=True)
    weights = {"dense": [("kernel", head_kernel(4, 3) * 10), ("bias", head_bias(3))],
               "head": [("kernel", head_kernel(3, 2) * 10), ("bias", head_bias(2))]}
    write_h5("swish.h5", "swishnet", [inp, dense, swish, head], weights)

    def k3(cls, name, config, module="keras.layers", registered=None, build=None):
        out = {"module": module, "class_name": cls,
               "config": dict(name=name, trainable=True, dtype=POLICY, **config), "registered_name": registered}
        if build is not None:
            out["build_config"] = {"input_shape": build}
        return out
    dense_cfg = dict(units=3, activation="linear", use_bias=True, kernel_initializer=None, bias_initializer=None,
                     kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None, bias_constraint=None)
    head_cfg = dict(dense_cfg, units=2, activation="softmax")
    config = {"module": "keras", "class_name": "Sequential", "config": {
        "name": "swishnet", "trainable": True, "dtype": POLICY, "layers": [
            {"module": "keras.layers", "class_name": "InputLayer",
             "config": {"batch_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "in"},
             "registered_name": None},
            k3("Dense", "dense", dense_cfg, build=[None, 4]),
            k3("Swish", "swish", {"beta": 1.5}, module=None, registered="Custom>Swish", build=[None, 3]),
            k3("Dense", "head", head_cfg, build=[None, 3])]},
        "registered_name": None, "build_config": {"input_shape": [None, 4]}}
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        for path, values in [("layers/dense", weights["dense"]), ("layers/swish", []), ("layers/dense_1", weights["head"])]:
            g = f.create_group(path + "/vars")
            for i, (_, v) in enumerate(values):
                g.create_dataset(str(i), data=v)
        f.create_group("vars")
    with zipfile.ZipFile("swish.keras", "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3", "date_saved": "2024-05-01@12:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", buf.getvalue())


lrn_models()
swish_models()
