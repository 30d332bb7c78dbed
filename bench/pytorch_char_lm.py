"""PyTorch side of `deno task bench`: the same char-LM training step as bench/training.ts.

Embedding(83, 256) -> one recurrent layer (RNN tanh, LSTM or GRU, hidden 256) -> Linear(256, 83),
softmax cross-entropy, Adam (lr 1e-3), gradient clipping by global norm 5, truncated BPTT (the
final state is carried, detached, into the next batch), batch 32 x 64 steps, float32, random tokens.

Prints one JSON object: tokens/s of the median step for every cell and thread count, e.g.
    {"torch": "1.13.0", "rows": [{"cell": "rnn", "threads": 1, "tokensPerSecond": 54000, ...}]}

Usage:
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_char_lm.py --threads 1
    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/pytorch_char_lm.py --threads 2
    options: --seconds S (default 8), --cells rnn,lstm,gru
    --gemm M,N,K,TA,TB;… instead times torch.mm (OpenBLAS sgemm) on those shapes (GFLOP/s)
Give each thread count its own process with the environment set as above: OpenMP (PyTorch's own
loops) and OpenBLAS (its matrix products) read their thread counts when they load, and
torch.set_num_threads alone need not change OpenBLAS's. bench/main.ts runs it that way.
"""

import argparse
import json
import statistics
import time

import torch

VOCAB, HIDDEN, BATCH, STEPS = 83, 256, 32, 64


class CharLM(torch.nn.Module):
    def __init__(self, cell: str):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, HIDDEN)
        kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
        self.rnn = kind(HIDDEN, HIDDEN)  # time-major input [T, B, F], like ours
        self.head = torch.nn.Linear(HIDDEN, VOCAB)

    def forward(self, ids, state):
        ys, state = self.rnn(self.embed(ids), state)
        return self.head(ys), state


def detach(state):
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def measure(cell: str, threads: int, seconds: float) -> dict:
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = CharLM(cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    ids = torch.randint(0, VOCAB, (STEPS * 8 + 1, BATCH))
    state = None
    position = 0

    def step():
        nonlocal state, position
        if position + STEPS + 1 > ids.shape[0]:
            position, state = 0, None
        x = ids[position:position + STEPS]
        y = ids[position + 1:position + STEPS + 1]
        position += STEPS
        logits, state = model(x, detach(state))
        loss = loss_fn(logits.reshape(-1, VOCAB), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()

    for _ in range(3):  # warm-up: allocator, OpenBLAS buffers, Adam state
        step()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 5:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return {
        "cell": cell,
        "threads": threads,
        "tokensPerSecond": BATCH * STEPS / median,
        "stepsMeasured": len(times),
    }


def gemm_rates(shapes: str) -> list:
    """GFLOP/s of float32 products op(A)·op(B) (median of 9 samples of ~20 ms)."""
    rows = []
    for shape in shapes.split(";"):
        m, n, k, ta, tb = (int(v) for v in shape.split(","))
        a = torch.randn(k, m) if ta else torch.randn(m, k)
        b = torch.randn(n, k) if tb else torch.randn(k, n)
        op_a, op_b = (a.t() if ta else a), (b.t() if tb else b)
        torch.mm(op_a, op_b)
        t0 = time.perf_counter()
        torch.mm(op_a, op_b)
        calls = max(1, round(0.02 / max(time.perf_counter() - t0, 1e-6)))
        samples = []
        for _ in range(9):
            t0 = time.perf_counter()
            for _ in range(calls):
                torch.mm(op_a, op_b)
            samples.append((time.perf_counter() - t0) / calls)
        rows.append({"shape": shape, "gflops": 2 * m * n * k / statistics.median(samples) / 1e9})
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", default="1")
    parser.add_argument("--cells", default="rnn,lstm,gru")
    parser.add_argument("--gemm", default=None)
    args = parser.parse_args()
    if args.gemm:
        torch.set_num_threads(int(args.threads))
        print(json.dumps({"torch": torch.__version__, "gemm": gemm_rates(args.gemm)}))
        return
    rows = [
        measure(cell, int(threads), args.seconds)
        for cell in args.cells.split(",")
        for threads in args.threads.split(",")
    ]
    print(json.dumps({"torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
