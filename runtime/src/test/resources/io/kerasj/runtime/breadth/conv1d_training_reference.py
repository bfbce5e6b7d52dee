"""Float64 NumPy reference for Conv1DTrainingParityTest (run: python3 conv1d_training_reference.py).

Written from the Keras definitions, independent of kerasj and TensorFlow: the model
  Input(12, 3) -> Conv1D(5, 3, padding="causal", dilation_rate=2, relu) -> MaxPooling1D(2)
  -> GlobalAveragePooling1D -> Dense(3, softmax)
with the oracle fill rule's weights (fixtures/.../oracle/FILL.md, re-implemented here) and the fill-rule
input mapped to [-1, 1); categorical cross-entropy (batch mean) on labels [0, 2, 1, 2]; five Adam steps
with Keras' defaults (lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7, TF's ApplyAdam update). Forward and
backward passes are hand-written in float64. Writes conv1d_training_reference.json next to this file.
"""
import json
import os
import numpy as np

M32 = 0xFFFFFFFF


def fill_x(t, i):
    h = ((i * 0x9E3779B1) & M32) ^ (((t + 1) * 0x85EBCA77) & M32)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & M32
    h ^= h >> 16
    return (h >> 8) / 16777216.0


def tensor(t, shape, kind):
    n = int(np.prod(shape))
    x = np.array([fill_x(t, i) for i in range(n)])
    if kind == "kernel":
        receptive = float(np.prod(shape[:-2])) if len(shape) > 2 else 1.0
        fan_in = shape[-2] * receptive
        fan_out = shape[-1] * receptive
        v = (2 * x - 1) * np.sqrt(6.0 / (fan_in + fan_out))
    else:
        v = (2 * x - 1) * 0.1
    return v.astype(np.float32).astype(np.float64).reshape(shape)


B, T, C, F, K, D, CLASSES = 4, 12, 3, 5, 3, 2, 3
labels = np.array([0, 2, 1, 2])
x = np.array([fill_x(1000, i) for i in range(B * T * C)]).astype(np.float32)
x = (2 * x - 1).astype(np.float32).astype(np.float64).reshape(B, T, C)
params = {
    "conv/kernel": tensor(0, (K, C, F), "kernel"),
    "conv/bias": tensor(1, (F,), "bias"),
    "dense/kernel": tensor(2, (F, CLASSES), "kernel"),
    "dense/bias": tensor(3, (CLASSES,), "bias"),
}


def forward_backward(p):
    left = D * (K - 1)
    xp = np.concatenate([np.zeros((B, left, C)), x], axis=1)
    pre = np.zeros((B, T, F))
    for k in range(K):
        pre += np.einsum("btc,cf->btf", xp[:, k * D:k * D + T, :], p["conv/kernel"][k])
    pre += p["conv/bias"]
    act = np.maximum(pre, 0)
    pairs = act.reshape(B, T // 2, 2, F)
    arg = pairs.argmax(axis=2)
    pooled = pairs.max(axis=2)
    g = pooled.mean(axis=1)
    logits = g @ p["dense/kernel"] + p["dense/bias"]
    z = logits - logits.max(axis=1, keepdims=True)
    prob = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = -np.log(prob[np.arange(B), labels]).mean()
    onehot = np.eye(CLASSES)[labels]
    dlogits = (prob - onehot) / B
    grads = {"dense/kernel": g.T @ dlogits, "dense/bias": dlogits.sum(axis=0)}
    dg = dlogits @ p["dense/kernel"].T
    dpooled = np.repeat(dg[:, None, :] / (T // 2), T // 2, axis=1)
    dpairs = np.zeros((B, T // 2, 2, F))
    for j in range(2):
        dpairs[:, :, j, :] = np.where(arg == j, dpooled, 0)
    dpre = dpairs.reshape(B, T, F) * (pre > 0)
    dk = np.zeros((K, C, F))
    for k in range(K):
        dk[k] = np.einsum("btc,btf->cf", xp[:, k * D:k * D + T, :], dpre)
    grads["conv/kernel"] = dk
    grads["conv/bias"] = dpre.sum(axis=(0, 1))
    return loss, grads


lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
m = {k: np.zeros_like(v) for k, v in params.items()}
v = {k: np.zeros_like(w) for k, w in params.items()}
losses = []
for step in range(1, 6):
    loss, grads = forward_backward(params)
    losses.append(loss)
    lr_t = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
    for k in params:
        m[k] = b1 * m[k] + (1 - b1) * grads[k]
        v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
        params[k] = params[k] - lr_t * m[k] / (np.sqrt(v[k]) + eps)
after, _ = forward_backward(params)
out = {
    "generated_by": "conv1d_training_reference.py (NumPy %s, float64)" % np.__version__,
    "labels": labels.tolist(),
    "loss_before_step": losses,
    "loss_after_step5": after,
    "weights_after_step5": {k: w.ravel().tolist() for k, w in params.items()},
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv1d_training_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
print(losses, after)
