"""PyTorch reference for He et al.'s H-head model: stacked tokens (x_i; y_i) and the query (x_q; 0), one softmax layer of H heads of width d+1, no biases, MLP or LayerNorm, PyTorch's default initialization, prediction -h[T-1, d], MSE at the query, Adam 1e-3, float64; fresh prompts x ~ N(0, I_d), beta ~ N(0, I_d/d), sigma^2 = 0.1 every step.
Usage: /usr/bin/python3 bench/torch_he.py THREADS STEPS [HEADS] [full|query].  Prints a CSV row: config,threads,steps_per_s ("full" forms every row of the attention, as the authors' code does; "query" only the query's row)."""
import math, sys
import torch
from torch_train import time_steps  # the timing loop of the other PyTorch script (same folder)


class Layer(torch.nn.Module):
    def __init__(s, d, H, rows):
        super().__init__()
        C = d + 1
        s.H, s.dh, s.rows = H, C, rows
        s.q = torch.nn.Linear(C, H * C, bias=False)
        s.k = torch.nn.Linear(C, H * C, bias=False)
        s.v = torch.nn.Linear(C, H * C, bias=False)
        s.o = torch.nn.Linear(H * C, C, bias=False)

    def forward(s, z):  # z: (B, n + 1, d + 1), the query last
        B, T, C = z.shape
        zq = z if s.rows == "full" else z[:, T - 1:]
        q = s.q(zq).view(B, -1, s.H, s.dh).transpose(1, 2)
        k = s.k(z[:, : T - 1]).view(B, T - 1, s.H, s.dh).transpose(1, 2)  # keys: the context only
        v = s.v(z[:, : T - 1]).view(B, T - 1, s.H, s.dh).transpose(1, 2)
        att = ((q @ k.transpose(-1, -2)) / math.sqrt(s.dh)).softmax(-1)
        out = s.o((att @ v).transpose(1, 2).reshape(B, -1, s.H * s.dh))
        return -(zq + out)[:, -1, C - 1]  # the prediction from the query's y slot


def bench(threads, steps, H=2, rows="full", d=5, n=40, B=256, sigma2=0.1):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = Layer(d, H, rows).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        x = torch.randn(B, n + 1, d, dtype=torch.float64)
        beta = torch.randn(B, d, dtype=torch.float64) / math.sqrt(d)
        y = torch.einsum("bnd,bd->bn", x, beta) + math.sqrt(sigma2) * torch.randn(B, n + 1, dtype=torch.float64)
        z = torch.zeros(B, n + 1, d + 1, dtype=torch.float64)
        z[:, :, :d] = x
        z[:, :n, d] = y[:, :n]
        loss = ((model(z) - y[:, n]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    time_steps(f"he_H{H}_{rows}", threads, step, steps, warm=5)


if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    heads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    rows = sys.argv[4] if len(sys.argv) > 4 else "full"
    bench(threads, steps, heads, rows)
