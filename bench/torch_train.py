"""PyTorch reference for the transformer benchmark: the same architecture as mhicl's interleaved
model as `mhicl train` configures it by default (pre-LayerNorm, causal softmax attention with biases
on Q, K, V and the output, GELU-tanh MLP 4x, learned positions, linear read-in and read-out),
float64, Adam, the same batch and thread count.
Usage: /usr/bin/python3 bench/torch_train.py THREADS STEPS.  Prints CSV rows: config,threads,steps_per_s."""
import math, sys, time
import torch

class Block(torch.nn.Module):
    def __init__(s, C, H, dh):
        super().__init__()
        s.H, s.dh = H, dh
        s.ln1, s.ln2 = torch.nn.LayerNorm(C), torch.nn.LayerNorm(C)
        s.q = torch.nn.Linear(C, H * dh); s.k = torch.nn.Linear(C, H * dh)
        s.v = torch.nn.Linear(C, H * dh); s.o = torch.nn.Linear(H * dh, C)
        s.fc1, s.fc2 = torch.nn.Linear(C, 4 * C), torch.nn.Linear(4 * C, C)
    def forward(s, h):
        B, T, C = h.shape
        a = s.ln1(h)
        q = s.q(a).view(B, T, s.H, s.dh).transpose(1, 2)
        k = s.k(a).view(B, T, s.H, s.dh).transpose(1, 2)
        v = s.v(a).view(B, T, s.H, s.dh).transpose(1, 2)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(s.dh)
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        z = (att @ v).transpose(1, 2).reshape(B, T, s.H * s.dh)
        h = h + s.o(z)
        return h + s.fc2(torch.nn.functional.gelu(s.fc1(s.ln2(h)), approximate="tanh"))

class Model(torch.nn.Module):
    def __init__(s, d, C, L, H, dh, T):
        super().__init__()
        s.read_in, s.read_out = torch.nn.Linear(d, C), torch.nn.Linear(C, 1)
        s.pos = torch.nn.Parameter(0.02 * torch.randn(T, C))
        s.blocks = torch.nn.ModuleList([Block(C, H, dh) for _ in range(L)])
        s.lnf = torch.nn.LayerNorm(C)
    def forward(s, tokens):
        h = s.read_in(tokens) + s.pos[: tokens.shape[1]]
        for b in s.blocks:
            h = b(h)
        return s.read_out(s.lnf(h))[..., 0]

def bench(name, d, n, H, dh, threads, steps, B=64, C=64, L=3):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = Model(d, C, L, H, dh, 2 * n).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    def step():
        x = torch.randn(B, n, d, dtype=torch.float64)
        w = torch.randn(B, d, dtype=torch.float64)
        y = torch.einsum("bnd,bd->bn", x, w)
        tokens = torch.zeros(B, 2 * n, d, dtype=torch.float64)
        tokens[:, 0::2] = x
        tokens[:, 1::2, 0] = y
        pred = model(tokens)[:, 0::2]
        loss = ((pred - y) ** 2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    time_steps(name, threads, step, steps)

def time_steps(name, threads, step, steps, warm=3):
    """Run step() warm times, then time steps calls; print name,threads,steps_per_s."""
    for _ in range(warm):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    print(f"{name},{threads},{steps / (time.perf_counter() - t0):.3f}")

if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    bench("tiny", 5, 11, 2, 32, threads, steps)
    bench("sparse", 20, 40, 8, 8, threads, steps)
