#!/usr/bin/env python3
"""Writes Tests/LearningTests/Fixtures/AdamFixtures.swift: where PyTorch's
torch.optim.Adam takes two small parameter tensors in STEPS steps, from given
starts under given gradients, in float64 and in float32, for two settings.

Usage: scripts/make-adam-fixture.py [OUTPUT]

Needs a Python with PyTorch (Debian's python3 with python3-torch). The generated
file is committed; the Swift test (AdamTests.swift) reads it and needs no
Python. Rerun this script only when the recorded settings change.

The gradients are given, not computed from a loss, so that the test checks
the update rule alone: each step's gradient is a fixed array (independent of
the parameters, except through weight decay, which PyTorch adds to it). Their
sizes span 1 to 1e-9 and include exact zeros, so that ε (1e-8 by default,
added to the bias-corrected √v) matters for some elements and not for others.
Every start and gradient is a float32 value, so the float32 and float64 runs
start from the same numbers and the Swift test can write them as Doubles.

Recorded per setting and precision: the parameters after every step, and
after the last step the state PyTorch keeps per parameter (exp_avg and
exp_avg_sq, the first and second moment estimates) and its step count.
"""
import os
import sys

import numpy as np
import torch

STEPS = 10
SHAPES = [(3, 4), (5,)]
SEED = 20240611
# Per-element gradient sizes, cycled over the flat elements: ordinary, small,
# around ε, below ε, and zero.
GRADIENT_SCALES = [1.0, 1e-2, 1e-6, 1e-9, 0.0]

SETTINGS = [
    # torch.optim.Adam's defaults, as Adam() in Swift.
    dict(name="defaults", lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
    # A larger step, other betas and ε, and weight decay (added to the gradient).
    dict(name="decayed", lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
]


def float32_exact(values):
    """float64 values that float32 represents exactly."""
    return values.astype(np.float32).astype(np.float64)


def inputs():
    """The starts (one array per tensor) and the gradients (per step, per tensor)."""
    rng = np.random.default_rng(SEED)
    starts = [float32_exact(rng.uniform(-1, 1, size=shape)) for shape in SHAPES]
    gradients = []
    for _ in range(STEPS):
        step = []
        for shape in SHAPES:
            count = int(np.prod(shape))
            scales = np.array([GRADIENT_SCALES[i % len(GRADIENT_SCALES)] for i in range(count)])
            step.append(float32_exact(rng.normal(size=shape) * scales.reshape(shape)))
        gradients.append(step)
    return starts, gradients


def run(setting, starts, gradients, dtype):
    """Adam's trajectory in `dtype`: parameters after each step, final state."""
    parameters = [torch.nn.Parameter(torch.tensor(s, dtype=dtype)) for s in starts]
    optimiser = torch.optim.Adam(parameters, lr=setting["lr"], betas=setting["betas"], eps=setting["eps"],
                                 weight_decay=setting["weight_decay"], foreach=False)
    trajectory = []
    for step in gradients:
        for p, g in zip(parameters, step):
            p.grad = torch.tensor(g, dtype=dtype)
        optimiser.step()
        trajectory.append([p.detach().flatten().tolist() for p in parameters])
    states = [optimiser.state[p] for p in parameters]
    return {"parameters": trajectory,
            "exp_avg": [s["exp_avg"].flatten().tolist() for s in states],
            "exp_avg_sq": [s["exp_avg_sq"].flatten().tolist() for s in states],
            "steps": [int(s["step"].item()) for s in states]}


def doubles(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def floats(values):
    """float32 values in numpy's shortest round-trip form; Swift's Float literal
    parsing rounds correctly, so each reads back as the same float32."""
    return "[" + ", ".join(str(np.float32(v)) for v in values) + "]"


def nested(rows, write, indent):
    pad = " " * indent
    return "[\n" + "".join(f"{pad}    {write(row)},\n" for row in rows) + f"{pad}]"


def swift_trajectory(result, write, indent):
    pad = " " * indent
    steps = "[\n" + "".join(f"{pad}        {nested(step, write, indent + 8)},\n"
                            for step in result["parameters"]) + f"{pad}    ]"
    return (f"AdamTrajectory(\n{pad}    parameters: {steps},\n"
            f"{pad}    expAvg: {nested(result['exp_avg'], write, indent + 4)},\n"
            f"{pad}    expAvgSq: {nested(result['exp_avg_sq'], write, indent + 4)},\n"
            f"{pad}    stepCount: {result['steps'][0]})")


def swift_setting(setting, starts, gradients, float64, float32):
    starts_flat = [s.flatten() for s in starts]
    gradients_flat = [[g.flatten() for g in step] for step in gradients]
    grads = "[\n" + "".join(f"                {nested(step, doubles, 16)},\n" for step in gradients_flat) + "            ]"
    return f"""        AdamFixture(
            name: "{setting['name']}", learningRate: {setting['lr']!r}, beta1: {setting['betas'][0]!r},
            beta2: {setting['betas'][1]!r}, epsilon: {setting['eps']!r}, weightDecay: {setting['weight_decay']!r},
            shapes: {[list(s) for s in SHAPES]},
            starts: {nested(starts_flat, doubles, 12)},
            gradients: {grads},
            float64: {swift_trajectory(float64, doubles, 12)},
            float32: {swift_trajectory(float32, floats, 12)}),"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "Tests", "LearningTests", "Fixtures", "AdamFixtures.swift")
    output = sys.argv[1] if len(sys.argv) > 1 else default
    torch.set_num_threads(1)
    starts, gradients = inputs()
    blocks = []
    for setting in SETTINGS:
        float64 = run(setting, starts, gradients, torch.float64)
        float32 = run(setting, starts, gradients, torch.float32)
        spread = max(abs(a - b) for s64, s32 in zip(float64["parameters"], float32["parameters"])
                     for t64, t32 in zip(s64, s32) for a, b in zip(t64, t32))
        print(f"{setting['name']}: largest float32 - float64 parameter difference {spread:.1e}")
        blocks.append(swift_setting(setting, starts, gradients, float64, float32))
    text = f"""// Generated by scripts/make-adam-fixture.py (PyTorch {torch.__version__}); do not edit.
//
// torch.optim.Adam (foreach=False, one thread) on parameters of shapes {[list(s) for s in SHAPES]} for {STEPS}
// steps under given gradients: the parameters after each step, and the final
// exp_avg, exp_avg_sq and step count, in float64 and in float32.

extension AdamFixture {{
    static let all: [AdamFixture] = [
{chr(10).join(blocks)}
    ]
}}
"""
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as file:
        file.write(text)


if __name__ == "__main__":
    main()
