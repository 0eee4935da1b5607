@* Measurements.
@^measurements@>
@^bench runs@>
This appendix is the record behind the performance chapter: every run of \.{make bench} that the
book quotes, with the machine it ran on, and the effect of each change to the training code as
it was measured when the change was made. The chapters state results; the runs and their
circumstances are here.

{\it The machines.} Two-core virtual machines (AVX-512; OpenBLAS~0.3.21 from Debian), shared
with other virtual machines: an Intel Xeon of model 207, which OpenBLAS~0.3.21 does not know (it
falls back to its generic {\it Prescott} kernels, whose \.{dgemm} peak there is 15~GFLOP/s,
against about 70 with the Skylake-X kernels the processor can run); an Intel Xeon of another
model; and an AMD EPYC, where OpenBLAS picks its Cooperlake kernels (whose \.{dgemm} is
Skylake-X's; peak 52.7~GFLOP/s).

@ {\it All runs at a glance.} Each row is one run of \.{make bench} (or of its training part),
in the order they were made; ratios are mhicl's speed over the reference's (scikit-learn at its
default tolerance for the Lasso, PyTorch for training, tiny and sparse on one and two threads);
the peak is the one-thread \.{dgemm} rate in GFLOP/s. Runs marked $\dagger$ used the generic
kernels in both programs, runs marked $\ddagger$ predate the bit-preserving changes (6) below.

\smallskip
{\ninerm\halign{#\hfil&\quad#\hfil&&\quad\hfil#\cr
run&machine, kernels&peak&Lasso&tiny 1&tiny 2&sparse 1&sparse 2\cr
\noalign{\smallskip}
A&Intel&&26.3&&&&\cr
B--D&a busier machine&&27.4, 28.6, 20.9&&&&\cr
E--G&AMD EPYC&&25.8, 27.2, 27.8&&&&\cr
H$\ddagger$&Intel 207, Prescott$\dagger$&15&&1.35&2.15&1.36&2.16\cr
I$\ddagger$&Intel (another model)&&&1.86&2.60&1.70&2.46\cr
J$\ddagger$&AMD EPYC, Cooperlake&&&1.66&2.81&1.76&3.01\cr
K$\ddagger$&AMD EPYC, Cooperlake&&&1.69&2.67&1.64&2.67\cr
L$\ddagger$&AMD EPYC, Cooperlake&52.7&&1.57&2.53&1.71&2.62\cr
M&Intel 207, Skylake-X&70.3&33.3&1.66&2.46&1.76&2.60\cr
N&Intel 207, Skylake-X&69.6&37.2&1.76&2.18&1.80&2.75\cr
O&Intel 207, Skylake-X&67.0&27.4&1.61&3.05&1.69&2.59\cr
P&Intel 207, Skylake-X&70.8&&1.73&3.24&1.81&2.81\cr
Q&Intel 207, Skylake-X&&&1.85&2.51&1.72&2.92\cr
R&Intel 207, Skylake-X, load 6.9&60.2&41.1&1.76&9.15&1.89&3.56\cr
S&Intel 207, Skylake-X, loaded&55.0&61.1&1.33&9.45&1.32&4.20\cr}}
\smallskip
\noindent Run P is the one the performance chapter quotes for the regression models, run R for He
et al.'s, run S for the token model. Runs R and S ran with the two cores oversubscribed (R started
at a load average of 6.9, S at 5.1 and near 8 during its training part; 1206 and 1366 seconds):
scikit-learn and PyTorch suffered more than mhicl, PyTorch's two threads most (at a tenth of
their usual rate; in S 0.85 and 0.39 steps per second, tiny and sparse), so their two-thread
ratios are not comparable with the others', nor S's one-thread ratios. In every other run with
the same kernels in both programs the one-thread ratio lies between 1.57 and 1.86 (R: 1.89), the
two-thread ratio between 2.18 and 3.24. The goal of three times PyTorch's speed, set when the
training code was planned, is not reached on one thread in any run, and on two threads (R and S
aside) in three of the eighteen two-thread measurements with the same kernels: 3.01 (sparse, run
J), 3.05 and 3.24 (tiny, runs O and P), where
PyTorch's two threads suffered most from the machine's load.

@ {\it The Lasso runs.} Run A is the table of the performance chapter (mhicl 0.052 seconds,
scikit-learn 1.365 and 1.486 at the two tolerances). Runs E--G gave 29.2 to 33.0 times at the
tight tolerance, runs M--O 36.1, 41.7 and 31.0; the largest coefficient difference at the tight
tolerance was $1.0\times10^{-11}$ in every run. Before the coordinate loop ran on raw arrays and
the exact active-set finish existed, the ratio was 14.7.

@ {\it The training runs.} Runs M--O (233, 270 and 293 seconds; the second and third started at
load averages of 1.75 and 1.46 and were slower throughout, PyTorch included; in M and N
PyTorch's attention had no biases, which made no difference we could measure, and the script was
then corrected to match our model):

\smallskip
\halign{\quad#\hfil&&\quad\hfil#\cr
&threads&mhicl steps/s&PyTorch steps/s&mhicl GFLOP/s\cr
tiny&1&21.7, 19.4, 18.8&13.0, 11.0, 11.7&28.7, 25.6, 24.8\cr
tiny&2&38.1, 29.1, 29.6&15.5, 13.4, 9.72&50.4, 38.4, 39.1\cr
sparse&1&4.02, 3.60, 3.46&2.29, 2.00, 2.05&22.2, 19.9, 19.1\cr
sparse&2&7.20, 6.39, 5.47&2.77, 2.32, 2.11&39.7, 35.2, 30.2\cr}
\smallskip
\noindent Run L had PyTorch at 13.4 and 2.32 steps per second on one thread (tiny, sparse); even
on that otherwise idle machine the repetitions spread widely: our tiny two-thread rate was 29.4,
32.9, 36.1, 32.7 and 38.8 steps per second, PyTorch's 11.5 to 15.3. Runs J and K, earlier the
same day, had three repetitions each. Run P (November 30; load average 0.78 at the start, 363
seconds): mhicl 20.2, 32.2, 3.67 and 5.80 steps per second, PyTorch 11.7, 9.94, 2.03 and 2.06
(PyTorch's tiny model ran slower on two threads than on one). Run Q, an hour later on a busier
machine (load average 1.13, 416 seconds): mhicl 16.4, 27.9, 3.19 and 5.68, PyTorch 8.83, 11.1,
1.85 and 1.94. In run H PyTorch ran 5.8 and 1.29 steps per second on one thread; the goal of
three times PyTorch had been set against ``about 5 and 1.5'', most likely on such a machine with
these kernels. Out of the box (mhicl with its own choice of kernels, PyTorch with OpenBLAS's
generic ones) mhicl is 3.2 to 3.7 times faster on one thread (tiny) and 2.7 to 3.1 (sparse), but
that compares two BLAS configurations, not two implementations. With OpenBLAS's own threads
enabled in PyTorch as well as its own, PyTorch's two-thread steps were slower: tiny 5.0 against
9.3 steps per second, sparse 1.38 against 1.78.

{\it The products' share.} In run P the products took 67.2\% of a tiny step and 66.4\% of a
sparse one on one thread (ceilings 2.57 and 2.73 times PyTorch), and 60.2\% and 63.1\% on two
(ceilings 5.38 and 4.45); in run Q 67.8\% and 66.9\% (ceilings 2.73 and 2.57) and, on two
threads, ceilings 4.18 and 4.77. The sparse model on two threads, at 2.6 to 3.0 times PyTorch,
would need up to a third of its non-product time cut (37\% of a step in run P) to reach three.

@ {\it The token model} (the performance chapter's last comparison). Run S, best of five
alternating repetitions: mhicl 61.6 and 46.7 steps per second on one and two threads, PyTorch 24.0
and 3.08; the one-thread repetitions spread from 41.1 to 61.6 (mhicl) and 14.5 to 24.0
(PyTorch), and the \.{dgemm} peak measured beside them from 31.3 to 58.9~GFLOP/s (the fractions
use the best). Right after it, the token comparison alone, five repetitions, at a load average of
three to four: mhicl 67.9 and 47.1 steps per second, PyTorch 20.9 and 4.1, peak 60.5 (ratio 3.25
on one thread, fractions 0.33 and 0.10). Earlier, the token comparison alone, two repetitions, at
a load average near one:
mhicl 76.3 and 75.0 steps per second, PyTorch 21.7 and 8.2, peak 60.5 (ratio 3.52 on one
thread); and single measurements at a load average below one: mhicl 69.2 and 130.9 steps per
second (one and two threads), PyTorch 19.7 and 20.8. The profile: \.{perf record} of 600 steps
on one thread, 34{,}548 samples. PyTorch on batches of 8 sequences ran 31.8 steps per second
against 7.3 on batches of 64, measured one after the other while the test suite ran on the same
cores.

{\it What the Musat grids cost} (the estimate of the chapter on trained retrieval models). The
five model shapes of the quick grid, on two threads, one after the other at a load average of
five: 210.7, 108.9, 61.0, 30.3 and 20.9 steps per second for $(t,D)=(1,1)$, $(2,1)$, $(2,2)$,
$(3,3)$, $(3,4)$, that is 8.6, 8.8, 8.4, 9.0 and 8.2~GFLOP/s. A unit of the pair $(3,3)$ took
165~s of wall-clock time and 76.2~s of processor time, and 5000 of its training steps alone
124.5~s and 67.9~s, at a load average of seven. The quick run whose CSVs are committed: 33
minutes of wall-clock time, 15 of processor time. A unit $(1,1)$ of the quick grid rerun with the
present program (two threads) wrote rows identical to the committed ones, and with one thread
the same bytes as the program before its units became resumable.

@ {\it The changes to the training code, in order, with their effect measured at the time.}
(1) The $Q$, $K$, $V$ projections became one product per layer over all heads, and the output
projection one product with the masked weights: 100 steps of the three-layer, eight-head theory
model at $d=16$ went from 9.1 to 8.7 seconds.
(2) Plain C loops for the per-prompt, per-head $T\times T$ products made the same 100 steps take
17.6 seconds, and were dropped.
(3) The exponential of an array for the softmax and the GELU's $\tanh$ (the C library's |tanh|
and |expm1| had been 17\% of a tiny step and 21\% of a sparse one): training steps became 1.23
(tiny) and 1.25 (sparse) times faster. This changed the bits of every run with softmax or GELU
(the demonstration, rerun, agrees with its earlier run to $10^{-11}$ and took 496 seconds
instead of 563), not of the theory family, which has neither.
(4) \.{-O3} instead of \.{-O2}: 6 to 9\% faster, and the same bits (a 300-step training run gives
a byte-identical checkpoint at both levels).
(5) Tried and dropped: a hand-written kernel for the attention of one prompt and head. The
per-prompt, per-head products had been 28\% of a sparse step (11\% of a tiny one), measured with
timers. With the kernel the steps ran at the same speed: five alternating runs of each build gave
4.02 and 4.15 steps per second at best (sparse, one thread; kernel, OpenBLAS) and 20.5 and 20.8
(tiny), and \.{make bench} 2.67 and 2.67 times PyTorch on two threads; the kernel ran at about
10 GFLOP/s on half the arithmetic.
(6) The bit-preserving changes of the performance chapter's list (LayerNorm's sums, the
perceptron's sum and bias, the softmax's maximum and exponentials): six training configurations
(tiny on one and two threads, sparse, the GPT-2 family's shape, a model without LayerNorm mixing
ReLU, softmax and linear attention with 2, 1 and 3 heads, and the theory's stacked linear model)
give byte-identical checkpoints before and after, with the Skylake-X and with the Prescott
kernels. The effect is small: on one thread 5.8\% (tiny) and 4.9\% (sparse), best of four
alternating runs; on two threads, over eight alternating runs, 4\% and 2\% at best and 2\% and
3\% in the median. A first measurement of five runs had shown 16\% on two threads, which eight
runs did not confirm: on these machines a gain below a tenth needs many repetitions to be seen.
(7) The choice of kernels: on the Intel machine of model 207 a training step of the tiny model
ran 2.3 times as fast with the Skylake-X kernels as with the generic ones (19.2 against 8.2
steps per second, one thread), the sparse one 2.4 times (3.75 against 1.56). PyTorch gains too,
less (5.8 to 11.0--13.0 steps per second, tiny, one thread), so the ratio rose from about 1.35 to
1.7--1.8 on one thread and from 2.15 to 2.2--3.05 on two.
(8) Tried and dropped: the forward and backward functions compiled for AVX-512, AVX2 and SSE2
with GCC's |target_clones|. The six configurations of (6) gave byte-identical checkpoints, but
the steps were not faster: sparse, one thread, eight alternating runs, median 2.71 steps per
second with the clones against 3.01 without.
Before (1) the ratios were 1.23 and 2.47 (tiny, one and two threads) and 1.35 and 1.82
(sparse), from single measurements.

@ {\it He et al.'s model} (two heads, batch 256, $L=40$; the performance chapter's table for that model).
Run R, November 30, on the Intel machine of model 207 with the Skylake-X kernels in both programs,
started at a load average of 6.88 on its two cores (the whole \.{make bench} took 1206 seconds;
the \.{dgemm} peak came out at 60.2~GFLOP/s): mhicl 329 steps per second on one thread and 253 on
two (best of five each), PyTorch 17.2 forming every row of the attention and 80.6 forming the
query's row only, one thread; the authors' 500000 steps at our two-thread rate would take 32.9
minutes. The phases of a one-thread step: drawing the batch 1.77~ms, forward 1.12, backward 1.70,
optimizer 0.004. Right after the run, on the same busy machine, 3020 steps (with the warm-up)
took 2.32~ms of processor time each on one thread and 2.84 on two (2.77 user, 0.07 system), at
335 and 302, then 268 and 452 steps per second: two idle cores would run at most
$2/2.84\,{\rm ms}\approx700$ steps per second, where the 16 minutes need 521.
The first measurements of the query-row pass, the old program and the new alternating on the same
busy machine (each pair of checkpoints the same bits): 2000 steps of the two-head model on one
thread took 62.0 seconds with the old program and 11.9 with the new; on two threads 66.5 and 16.2;
1000 steps with one head 13.8 and 3.8 seconds, 500 with eight heads 55.9 and 8.1, 1000 of the
linear layer 20.7 and 5.0. With the later changes too (the fused chains four at a time, the
slices drawn by the threads), 1000 steps of the two-head model on one thread took 22.6 seconds
with the old program and 5.6 with the new.

@ {\it He et al.'s paper-scale unit.} \.{mhicl reproduce he --scale paper --seeds 3 --threads 2
--unit softmax\_H2\_seed0}, November 30, on the Intel machine of model 207 with the Skylake-X kernels,
nothing else running (load average 1.2 at its start): 915.8 seconds for the unit (\.{.done}
file), 15 minutes 16 seconds of wall time for the command, 22 minutes 38 seconds of user and one
minute of system time; the progress lines gave 535 to 640 steps per second, 590 over the run. The
whole quick grid (twenty models, two seeds) just before it: 258 seconds of wall time, 372 of user
and 41 of system time.

@ {\it Correlated covariates.} \.{perf record} of the quick He units \.{softmax\_H2\_rho0.5\_seed0}
and \.{softmax\_H2\_seed0}, one thread each, one after the other, while a training run used both
cores: 8.43 seconds of processor time for the correlated unit when its points were drawn with
OpenBLAS's |dtrmv| (of which 19\% of the samples in |pthread_mutex_lock| and its unlock, taken
by |dtrmv| around a work buffer, and 5\% in |dtrmv| itself), 7.93 seconds with the product formed
row by row (no lock; the loop and its dot products take 15\% of the samples; the same bits,
checkpoints identical byte for byte but for their file names), and 6.81 seconds for the
isotropic twin. The Gaussian draws take 12\% of the correlated unit and 17\% of its twin.

@ {\it The experiment runs.} The times of the runs whose outputs the chapters plot, on the
two-core machines above, which other runs shared for part of each; they vary with the neighbours
by a third or more, so they say how long a run takes, not how fast the program is.
\smallskip
{\ninerm\halign{#\hfil&\quad#\hfil&\quad#\hfil\cr
run&what ran&time\cr
\noalign{\smallskip}
\.{make demo}&tiny model, three seeds, with their evaluations&563 s; the rerun whose CSVs\cr
&&are committed (array exponential), 496 s\cr
\.{make chen-quick}&theory family, quick scale, 12 models, seed 0&8 min 25 s\cr
&and its second seed&8 min 25 s more\cr
\.{--scale paper --family theory}&16 models of 6000 steps, seed 0&51 min\cr
&and its second seed&43 min more\cr
\.{make chen-quick-gpt2}&GPT-2 family, quick scale, 12 models, one seed&6326 s\cr
\.{make gpt2-long}&two layers, four heads, seed 0; three layers, eight heads;&2971 s, 3270 s\cr
&\quad AMD EPYC, Cooperlake kernels&\cr
&\.{L2\_H4\_seed1}, \.{L2\_H8\_seed0}; Intel model 207,&7699 s, 4796 s\cr
&\quad Prescott kernels&\cr
\.{make musat-paper-ic}&Musat paper scale, $t=3$, $D=3$: IC, seeds 0, 1, 2;&477, 523, 451 s\cr
&\quad no IC, seeds 0, 1, 2 (\.{.done} files; Intel 207, Skylake-X)&810, 804, 620 s\cr
\.{make musat-paper}&the other 24 models, IC, seeds 0, 1, 2 (\.{.done} files):&\cr
&\quad $t=1$, $D=1$&72, 99, 102 s\cr
&\quad $t=2$, $D=1$; $D=2$&188, 227, --; 208, 186, 196 s\cr
&\quad $t=3$, $D=2$; $D=4$&270, 261, 293; 657, 610, -- s\cr
&\quad $t=4$, $D=4$; $D=6$&735, 1090, 769; 1008, 1171, 1091 s\cr
&\quad $t=4$, $D=8$&1607, 1540, -- s\cr
&\quad (--: resumed, the file holds only the last part); all 30 files&5.1 h\cr
}}
\smallskip
\noindent On the Intel machine of model 207 a step of the long GPT-2 runs took about 2.7 times
as long as on the AMD one, because OpenBLAS ran its generic kernels there (the \.{dgemm} rate
fell from 70 to 15~GFLOP/s; (7) above gives the training steps). The array exponential of the
support chapter, on two million arguments on the AMD machine: 1.3~ns per value with AVX-512,
3.6 with AVX2, 4.7 with SSE2, against 6 for the C library's |exp| and 9.5 for its |tanh|.
