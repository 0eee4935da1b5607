"""PyTorch reference for the token-model benchmark: the retrieval model of the Musat chapter at its
quick scale for the pair t = 3 layers, depth D = 3, as mhicl trains it (bench/bench_tokens.c).
Token embedding (38 ids) plus learned positions (14), 3 layers of pre-LayerNorm causal softmax
attention with 2 heads of width 32 and no biases on Q, K, V and O, d_model 64, no MLP, a final
LayerNorm, an untied unembedding to 10 logits with a bias, cross-entropy averaged over the labelled
positions (the 6 destinations, odd positions 1..11, and the query, position 13; weight 1 each),
float64, Adam (lr 1e-3, betas 0.9 and 0.999, eps 1e-8, no weight decay, linear warm-up over 100
steps), batch 64.  The sequences are drawn as mhicl's generator draws them (two chains of depth 3
interleaved at random, distinct variables and root values, a query for a random chain), with
torch's generator instead of mhicl's, so the shapes and labelled positions are the same.  The
initial weights are PyTorch's defaults (positions N(0, 0.1^2)); they do not change a step's work.
Usage: /usr/bin/python3 bench/torch_tokens.py THREADS STEPS.  Prints one CSV row:
config,threads,steps_per_s."""
import math, sys
import torch
from torch_train import time_steps  # bench/torch_train.py, beside this script

V, N, K, D = 10, 26, 2, 3
VOCAB, T = V + N + 2, 2 * K * D + 2
C, L, H, DH, B = 64, 3, 2, 32, 64
Q_ID = V + N

class Block(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.ln1 = torch.nn.LayerNorm(C)
        s.q = torch.nn.Linear(C, H * DH, bias=False); s.k = torch.nn.Linear(C, H * DH, bias=False)
        s.v = torch.nn.Linear(C, H * DH, bias=False); s.o = torch.nn.Linear(H * DH, C, bias=False)
    def forward(s, h, mask):
        a = s.ln1(h)
        q = s.q(a).view(B, T, H, DH).transpose(1, 2)
        k = s.k(a).view(B, T, H, DH).transpose(1, 2)
        v = s.v(a).view(B, T, H, DH).transpose(1, 2)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(DH)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        z = (att @ v).transpose(1, 2).reshape(B, T, H * DH)
        return h + s.o(z)

class Model(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.embed = torch.nn.Embedding(VOCAB, C)
        s.pos = torch.nn.Parameter(0.1 * torch.randn(T, C))
        s.blocks = torch.nn.ModuleList([Block() for _ in range(L)])
        s.lnf = torch.nn.LayerNorm(C)
        s.unembed = torch.nn.Linear(C, V)
        s.register_buffer("mask", torch.triu(torch.ones(T, T, dtype=torch.bool), 1))
    def forward(s, tok):
        h = s.embed(tok) + s.pos
        for b in s.blocks:
            h = b(h, s.mask)
        return s.unembed(s.lnf(h))

def batch():
    """Two chains of depth D per sequence, facts interleaved at random (each chain in order),
    drawn with tensor operations (a loop over sequences in Python would cost a fifth of a step)."""
    ar = torch.arange(B)[:, None]
    roots = torch.rand(B, V).argsort(1)[:, :K]  # distinct root values (B, K)
    var = V + torch.rand(B, N).argsort(1)[:, : K * D].view(B, K, D)  # distinct variables
    order = torch.rand(B, K * D).argsort(1) % K  # the chain of each fact: D of each, in random order
    j = (torch.nn.functional.one_hot(order, K).cumsum(1) - 1).gather(2, order[..., None])[..., 0]
    dst = var[ar, order, j]
    src = torch.where(j == 0, roots[ar, order], var[ar, order, (j - 1).clamp(min=0)])
    tok = torch.empty(B, T, dtype=torch.long)
    lab = torch.full((B, T), -100, dtype=torch.long)
    tok[:, 0 : 2 * K * D : 2], tok[:, 1 : 2 * K * D : 2] = src, dst
    lab[:, 1 : 2 * K * D : 2] = roots[ar, order]
    c = torch.randint(K, (B,))
    tok[:, T - 2], tok[:, T - 1], lab[:, T - 1] = Q_ID, var[torch.arange(B), c, D - 1], roots[torch.arange(B), c]
    return tok, lab

def bench(threads, steps):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = Model().double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    warm = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / 100))
    def step():
        tok, lab = batch()
        logits = model(tok)
        loss = torch.nn.functional.cross_entropy(logits.view(B * T, V), lab.view(B * T))
        opt.zero_grad(); loss.backward(); opt.step(); warm.step()
    time_steps("tokens", threads, step, steps, warm=5)

if __name__ == "__main__":
    bench(int(sys.argv[1]) if len(sys.argv) > 1 else 1, int(sys.argv[2]) if len(sys.argv) > 2 else 50)
