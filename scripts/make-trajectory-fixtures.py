#!/usr/bin/env python3
"""Writes Tests/LearningTests/Fixtures/TorchTrajectoryFixtures.swift: PyTorch's
trajectory of 10 SGD steps for Problem 1's MLP and Problem 2's SmallVGGNet.

Usage: scripts/make-trajectory-fixtures.py [OUTPUT]

Needs a Python with PyTorch (Debian's python3 with python3-torch). The generated
file is committed; the Swift test reads it and needs no Python. Rerun this script
only when the networks or the recorded quantities change.

Nothing is drawn from a random generator, so the Swift test can rebuild the same
start without sharing one: the element at PyTorch flat index i of parameter
tensor t is scale_t * centred(t, i), with centred(t, i) a splitmix64 hash of
(t, i) mapped exactly onto 2^24 evenly spaced values in (-1, 1), multiplied by
scale_t in float64 and rounded once to float32. The inputs are unit(1000, i), the
same hash onto [0, 1) (exact in float32); the labels are sample % 10. A hash
instead of a smooth formula such as sin(0.37 i): the rows of a matrix filled with
a sinusoid of its flat index are shifted copies of one sinusoid, so the matrix
has rank 2 and every hidden layer would compute two numbers per sample.

Recorded, computed in float32 by PyTorch on the CPU with one thread: the mean
cross-entropy before each of the 10 updates; at the recorded steps, per
parameter tensor, the gradient's sum, sum of squares and 8 entries at fixed flat
indices; for the MLP, where the 10 updates took the weights: per tensor the sum
and sum of squares of final - initial (the initial weights are known exactly, and
the sums of the final weights themselves would hardly see the updates). Sums are
taken in float64 from the float32 tensors.

Only what a correct float32 implementation reproduces is recorded. A ReLU
network's trajectory is continuous in its weights but its gradient is not: when
a pre-activation passes within rounding of 0 (or two values of a pooling window
within rounding of each other), two correct implementations can take different
sides, and the gradients then part by far more than rounding. SmallVGGNet on
this batch meets such a point within 10 steps on most paths. At learning rate
0.1, PyTorch itself, run with 2 threads instead of 1, ends with step-10
gradients whose sums of squares differ by 100 %, while the losses still agree
to about 1e-4. At the 0.01 used here, starts perturbed as below move its step-10
gradient entries by up to a quarter of their root mean square and the sums of
squares of the displacements by 1 %. So SmallVGGNet records its gradients at
step 1 only, at a learning rate small enough that its 10 losses stay
reproducible to 1e-5; the MLP records steps 1 and 10 and where the weights end.
The script checks this before writing: every recorded quantity must stay within
CERTIFIED_FRACTION of the test's tolerance in the same trajectory run in
float64, with two threads, and from starts perturbed by PERTURBATION, or it
writes nothing.
"""
import collections
import os
import sys

import numpy as np
import torch

STEPS = 10
BATCH = 16
CLASSES = 10
SAMPLED_ENTRIES = 8
INPUT_STREAM = 1000
BIAS_SCALE = 0.1
# The test's tolerances (written into the fixture, explained in TorchTrajectoryTests.swift).
TOLERANCES = {"loss": 1e-5, "gradient": 1e-4, "sumOfSquares": 1e-4}
CERTIFIED_FRACTION = 0.25
# Relative; float32 rounding is 6e-8, and two float32 implementations of a step
# differ by about 1e-7 to 1e-6 relative (different summation orders, Winograd).
PERTURBATION = 1e-6
PERTURBATION_SEEDS = range(1, 7)

Network = collections.namedtuple(
    "Network", "name make input_shape learning_rate gradient_steps records_displacements")


def splitmix64(z):
    """splitmix64's output function on a uint64 array (numpy wraps modulo 2^64)."""
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def top24(stream, count):
    """The top 24 bits of the hash of (stream, i) for i in 0..<count."""
    keys = (np.uint64(stream) << np.uint64(32)) | np.arange(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (splitmix64(keys) >> np.uint64(40)).astype(np.float64)


def centred(stream, count):
    """2^24 evenly spaced values in (-1, 1), exact in float64."""
    return (top24(stream, count) - 8388607.5) / 8388608.0


def unit(stream, count):
    """2^24 evenly spaced values in [0, 1), exact in float32."""
    return top24(stream, count) / 16777216.0


def scale_of(parameter):
    """Glorot's bound for weights (the kernel area counted in both fans, as the
    Swift initializer does), a small constant for biases."""
    if parameter.dim() == 1:
        return BIAS_SCALE
    receptive = int(np.prod(parameter.shape[2:])) if parameter.dim() > 2 else 1
    fan_in, fan_out = parameter.shape[1] * receptive, parameter.shape[0] * receptive
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def make_mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 666), torch.nn.ReLU(),
        torch.nn.Linear(666, 666), torch.nn.ReLU(),
        torch.nn.Linear(666, 10))


def make_small_vgg():
    """As Sources/Learning/Models/SmallVGGNet.swift builds it."""
    layers = []
    for cin, cout, padding, pool in [(1, 16, 3, False), (16, 16, 1, True), (16, 32, 1, False),
                                     (32, 32, 1, True), (32, 64, 1, False), (64, 64, 1, True)]:
        layers += [torch.nn.Conv2d(cin, cout, 3, padding=padding), torch.nn.ReLU()]
        if pool:
            layers.append(torch.nn.MaxPool2d(2))
    layers += [torch.nn.Flatten(),
               torch.nn.Linear(1024, 500), torch.nn.ReLU(),
               torch.nn.Linear(500, 500), torch.nn.ReLU(),
               torch.nn.Linear(500, 10)]
    return torch.nn.Sequential(*layers)


NETWORKS = [
    # At 0.05 the loss falls further, but the step-10 gradients part on some perturbed starts.
    Network("mlp", make_mlp, [784], learning_rate=0.01, gradient_steps=(1, STEPS), records_displacements=True),
    # At 0.1 the loss falls further, but after a few steps it is only reproducible to about 2e-4.
    Network("smallVGGNet", make_small_vgg, [1, 28, 28], learning_rate=0.01, gradient_steps=(1,),
            records_displacements=False),
]


def initialise(model):
    """Overwrites every parameter with the hash formula; returns the scales."""
    scales = []
    with torch.no_grad():
        for stream, parameter in enumerate(model.parameters()):
            scale = scale_of(parameter)
            values = (scale * centred(stream, parameter.numel())).astype(np.float32)
            parameter.copy_(torch.from_numpy(values).reshape(parameter.shape))
            scales.append(scale)
    return scales


def batch(input_shape):
    x = unit(INPUT_STREAM, BATCH * int(np.prod(input_shape))).astype(np.float32)
    labels = torch.arange(BATCH) % CLASSES
    return torch.from_numpy(x).reshape([BATCH] + list(input_shape)), labels


def sampled_indices(count):
    """The middles of SAMPLED_ENTRIES equal stretches of the flat tensor."""
    return [((2 * k + 1) * count) // (2 * SAMPLED_ENTRIES) for k in range(SAMPLED_ENTRIES)]


def summary(tensor, with_entries):
    values = tensor.detach().double().flatten()
    result = {"sum": values.sum().item(), "sum_of_squares": (values * values).sum().item()}
    if with_entries:
        indices = sampled_indices(values.numel())
        result["indices"] = indices
        result["values"] = [values[i].item() for i in indices]
    return result


def train(model, inputs, labels, network):
    """STEPS plain SGD steps on one batch: the losses, the gradients at the
    network's gradient steps and (if it records them) the weights' displacements."""
    start = [p.detach().clone() for p in model.parameters()]
    optimiser = torch.optim.SGD(model.parameters(), lr=network.learning_rate)
    losses, gradients = [], {}
    for step in range(1, STEPS + 1):
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(inputs), labels)  # mean over the batch
        loss.backward()
        losses.append(loss.item())
        if step in network.gradient_steps:
            gradients[step] = [summary(p.grad, True) for p in model.parameters()]
        optimiser.step()
    displacements = []
    if network.records_displacements:
        displacements = [summary(p.detach().double() - p0.double(), False) for p, p0 in zip(model.parameters(), start)]
    return {"losses": losses, "gradients": gradients, "displacements": displacements,
            "counts": [p.numel() for p in model.parameters()]}


def differences(other, reference):
    """The largest difference of each kind, in the units the test's tolerances
    use: a loss relative to itself; a sum relative to count × root mean square
    of its tensor (a bound on the sum of absolute values, since some sums are
    0 up to rounding); an entry relative to that root mean square; a sum of
    squares relative to itself."""
    worst = {"loss": max(abs(a - b) / abs(b) for a, b in zip(other["losses"], reference["losses"])),
             "gradient": 0.0, "sumOfSquares": 0.0}

    def compare(a, b, count, with_entries):
        root_mean_square = np.sqrt(b["sum_of_squares"] / count)
        worst["gradient"] = max(worst["gradient"], abs(a["sum"] - b["sum"]) / (count * root_mean_square))
        worst["sumOfSquares"] = max(
            worst["sumOfSquares"], abs(a["sum_of_squares"] - b["sum_of_squares"]) / b["sum_of_squares"])
        if with_entries:
            entry = max(abs(x - y) for x, y in zip(a["values"], b["values"])) / root_mean_square
            worst["gradient"] = max(worst["gradient"], entry)

    for step, tensors in reference["gradients"].items():
        for a, b, count in zip(other["gradients"][step], tensors, reference["counts"]):
            compare(a, b, count, True)
    for a, b, count in zip(other["displacements"], reference["displacements"], reference["counts"]):
        compare(a, b, count, False)
    return worst


def perturb(model, seed):
    """Multiplies every weight by 1 + PERTURBATION · N(0, 1)."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(1 + PERTURBATION * torch.randn(p.shape, generator=generator))


def spread(network, reference, inputs, labels):
    """How far trajectories that a correct float32 implementation could follow
    stray from the reference: the same in float64; in float32 with two threads
    (PyTorch's own kernels summing in another order); and in float32 from starts
    perturbed by PERTURBATION, more than the rounding differences between two
    implementations of one step."""
    exact = network.make().double()
    initialise(exact)
    runs = [(exact, inputs.double(), 1)]
    for seed in [None, *PERTURBATION_SEEDS]:
        model = network.make()
        initialise(model)
        if seed is not None:
            perturb(model, seed)
        runs.append((model, inputs, 2 if seed is None else 1))
    worst = {kind: 0.0 for kind in TOLERANCES}
    for model, model_inputs, threads in runs:
        torch.set_num_threads(threads)
        for kind, value in differences(train(model, model_inputs, labels, network), reference).items():
            worst[kind] = max(worst[kind], value)
    torch.set_num_threads(1)
    return worst


def trajectory(network):
    """The float32 reference, refused unless every recorded quantity stays within
    CERTIFIED_FRACTION of the test's tolerance across `spread`'s trajectories."""
    model = network.make()
    scales = initialise(model)
    inputs, labels = batch(network.input_shape)
    parameters = [(name, list(p.shape)) for name, p in model.named_parameters()]
    result = train(model, inputs, labels, network)
    worst = spread(network, result, inputs, labels)
    unstable = [kind for kind, value in worst.items() if value > CERTIFIED_FRACTION * TOLERANCES[kind]]
    if unstable:
        sys.exit(f"{network.name}: {', '.join(unstable)} not reproducible to the test's tolerance "
                 f"(spread {worst}); record fewer steps or change the learning rate")
    return result | {"parameters": parameters, "scales": scales, "spread": worst}


def swift_floats(values):
    """float32 values in numpy's shortest round-trip form; Swift's Float literal
    parsing rounds correctly, so each reads back as the same float32."""
    return "[" + ", ".join(str(np.float32(v)) for v in values) + "]"


def swift_sum(value):
    """A float64 sum, to 12 digits: far beyond any tolerance, a third shorter than repr."""
    return f"{value:.12g}"


def swift_gradient(summary_of_tensor):
    s = summary_of_tensor
    return (f"TensorSummary(sum: {swift_sum(s['sum'])}, sumOfSquares: {swift_sum(s['sum_of_squares'])},\n"
            f"                              indices: {s['indices']},\n"
            f"                              values: {swift_floats(s['values'])})")


def swift_trajectory(network, result):
    lines = [f"    static let {network.name} = TorchTrajectory(",
             f"        learningRate: {network.learning_rate!r},",
             "        parameters: ["]
    for stream, ((tensor, shape), scale) in enumerate(zip(result["parameters"], result["scales"])):
        lines.append(f"            ParameterStart(name: \"{tensor}\", torchShape: {shape}, scale: {scale!r}, stream: {stream}),")
    lines += ["        ],", f"        losses: {swift_floats(result['losses'])},", "        gradients: ["]
    for step in network.gradient_steps:
        lines.append(f"            RecordedGradients(step: {step}, tensors: [")
        lines += [f"                {swift_gradient(s)}," for s in result["gradients"][step]]
        lines.append("            ]),")
    lines += ["        ],", "        displacements: [" if result["displacements"] else "        displacements: [])"]
    for s in result["displacements"]:
        lines.append(f"            Displacement(sum: {swift_sum(s['sum'])}, sumOfSquares: {swift_sum(s['sum_of_squares'])}),")
    if result["displacements"]:
        lines.append("        ])")
    return "\n".join(lines)


def swift_file(results):
    spreads = "\n".join(f"//   {network.name}: " + ", ".join(f"{kind} {value:.1e}" for kind, value in r["spread"].items())
                         for network, r in results)
    tolerances = ", ".join(f"{kind}: {value!r}" for kind, value in TOLERANCES.items())
    body = "\n\n".join(swift_trajectory(network, r) for network, r in results)
    return f"""// Generated by scripts/make-trajectory-fixtures.py (PyTorch {torch.__version__}); do not edit.
//
// PyTorch's float32 trajectory of {STEPS} SGD steps on one batch of {BATCH}, from the
// hash-defined start that TorchTrajectory.swift rebuilds. The largest difference
// from it (relative, as the test measures) of the same trajectory in float64,
// in float32 with two threads, and in float32 from {len(PERTURBATION_SEEDS)} starts perturbed by {PERTURBATION:g}:
{spreads}

extension TorchTrajectory {{
    static let tolerances = Tolerances({tolerances})

{body}
}}
"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "Tests", "LearningTests", "Fixtures", "TorchTrajectoryFixtures.swift")
    output = sys.argv[1] if len(sys.argv) > 1 else default
    torch.set_num_threads(1)  # one summation order, whatever the machine
    results = [(network, trajectory(network)) for network in NETWORKS]
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as file:
        file.write(swift_file(results))
    for network, result in results:
        print(network.name, "losses", " ".join(f"{v:.4f}" for v in result["losses"]))
        print(network.name, "spread", {kind: f"{value:.1e}" for kind, value in result["spread"].items()})


if __name__ == "__main__":
    main()
