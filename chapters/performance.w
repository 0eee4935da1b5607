@* Performance.
@^performance@>
Speed is measured by \.{make bench} (the script \.{bench/run.sh} with its C drivers and Python
references in \.{bench/}), never by a unit test, and always as a ratio against a reference run on
the same machine in the same run, since absolute numbers differ between machines. The script
writes every number to \.{bench/out/bench.csv} (name, value, unit) and prints a summary. This
chapter states how each comparison is made, what in the program makes it fast, and the numbers
of one run for each model (the appendix's runs P, R and S); every run behind them, with its
machine, is recorded in the appendix of measurements (\secref{Measurements}).

@ {\it The Lasso against scikit-learn.} 1280 prompts with $d=20$, $n=40$ ($x\sim N(0,I)$,
3-sparse $\beta$, $\sigma=0.1$), each solved separately for $\lambda\in\{1,0.1,0.01,0.001,0.0001\}$
from a cold start (6400 fits), the common evaluation protocol; scikit-learn's
|Lasso(fit_intercept=False)| minimizes exactly our objective and is called the same way, one fit
per prompt and penalty, on one thread (numpy's BLAS is OpenBLAS, which the script checks).
@^Lasso, speed@>

\smallskip
\halign{\quad#\hfil&&\quad\hfil#\cr
&seconds&ratio\cr
mhicl, coordinate descent + exact active-set finish&0.052&1\cr
scikit-learn, default tolerance ($10^{-4}$)&1.365&26.3\cr
scikit-learn, tolerance $10^{-12}$&1.486&28.6\cr}
\smallskip
\noindent The largest coefficient difference from scikit-learn at tolerance $10^{-12}$ is
$1.0\times10^{-11}$ (at its default tolerance scikit-learn itself is off by up to $1.1\times10^{-3}$,
which is why the accuracy comparison uses the tight run). Two things make the difference: the
coordinate loop runs on raw arrays instead of length-20 BLAS calls, and the exact finish on the
active set (estimators chapter) cuts the sweeps per fit from about 39 to about 9. The Lasso is
timed once per run, in well under a second, so it is the comparison most exposed to load from
the machine's neighbours: over the recorded runs the ratio at the default tolerance lies between
21 and 37.

@ {\it OpenBLAS against GSL's reference CBLAS.} The whole estimator suite (moments, least
squares, ridge, gradient descent, PtO, Lasso) on the same prompts runs at 14664 prompts per second
linked to OpenBLAS and 15064 linked to \.{-lgslcblas}: at $d=20$ the BLAS calls are too small for
either library's kernels to matter, call overhead and GSL's own eigen-solver dominate. OpenBLAS
earns its place in the transformer, whose products are large; there the reference BLAS would be
many times slower.

@ {\it Training steps against PyTorch.} \.{bench/torch\_train.py} is the same architecture as our
interleaved model as \.{mhicl train} configures it by default (pre-LayerNorm, causal softmax
attention with biases on $Q$, $K$, $V$ and the output, GELU-tanh MLP of width
$4C$, learned positions, linear read-in and read-out) in float64, trained with Adam on the same
batch size, with \.{torch.set\_num\_threads} equal to our thread count and OpenBLAS on one
thread in both programs (PyTorch's threads share out its work themselves; OpenBLAS threads of
its own on top made PyTorch slower). The script checks that \.{libblas.so.3} is OpenBLAS (with
the reference BLAS PyTorch and numpy would be an order of magnitude slower, and the comparison
meaningless). Two configurations: {\it tiny} (3 layers, 2 heads, width 64, $d=5$, $n=11$, batch
64) and {\it sparse} (3 layers, 8 heads of width 8, width 64, $d=20$, $n=40$, batch 64).

Both programs run the same kernels. OpenBLAS picks its kernels by the processor's model number
and falls back to generic ones on a model it does not know, where \.{dgemm} runs at a fifth of
the processor's speed; mhicl then picks better ones itself (support chapter), and the script
exports that choice in \.{OPENBLAS\_CORETYPE} to every program it times and records it in the
CSV (\.{openblas\_kernels}). The machine is shared with other virtual machines, and one
measurement of a few seconds can swing by a third, so each measurement is made five times, our
program and PyTorch alternating; every repetition is in the CSV (names ending in \.{\_rep1} to
\.{\_rep5}) and the best rate of each program is the one compared.

Besides the ratio the script reports, for each program, the {\it fraction of the one-thread
\.{dgemm} peak} that a training step reaches: the step's floating-point operations times steps
per second, over the rate of one thread's \.{dgemm} on $768\times768$ matrices measured in the
same run. The operations are counted from the shapes, the multiply-adds of the matrix products
with backward as twice forward (the element-wise work is not counted): 1.32~GFLOP a step for the
tiny configuration and 5.51 for the sparse one, the same in both programs since the model is the
same. On two threads the fraction can exceed one.
@^dgemm peak, fraction of@>

One run, P (\.{dgemm} peak 70.8~GFLOP/s, Skylake-X kernels for both programs):

\smallskip
\halign{\quad#\hfil&&\quad\hfil#\cr
&&\omit\span\omit\quad\hfil steps per second\hfil&&\omit\span\omit\quad\hfil fraction of peak\hfil\cr
&threads&mhicl&PyTorch&ratio&mhicl&PyTorch\cr
tiny&1&20.2&11.7&1.73&0.38&0.22\cr
tiny&2&32.2&9.94&3.24&0.60&0.19\cr
sparse&1&3.67&2.03&1.81&0.29&0.16\cr
sparse&2&5.80&2.06&2.81&0.45&0.16\cr}
\smallskip
\noindent Over all recorded runs with the same kernels in both programs the ratio is 1.6 to 1.9
on one thread and 2.2 to 3.24 on two. PyTorch gains little from a second thread (its tiny model
ran slower on two threads than on one in this run), mhicl gains 1.6 to 1.8 times, and that is
most of the two-thread ratio.

@ {\it A bound from the products alone.} The script also builds its driver with every matrix
product timed: \.{bench/blas\_timer.c} stands in for |gsl_blas_dgemm| (the linker's
\.{--wrap}), calls the real one and adds up its wall time. From three runs of that build it
records the share of a step spent in products (CSV names ending in \.{\_blas\_fraction}; the
smallest share of the three) and the ratio to PyTorch that mhicl would reach
if everything outside the products took no time at all, our best rate divided by that share,
over PyTorch's best rate (names ending in \.{\_products\_only\_ceiling}). The timer costs two
clock readings and an uncontended lock per product, a few thousand products a step: well under
1\% of a step, counted on the products' side, so it makes the ceiling lower, not higher, by
that little.

In run P the products took 67\% of a tiny step and 66\% of a sparse one on one thread,
and the ceilings were 2.57 and 2.73 times PyTorch. So on one thread {\it no change outside the
matrix products can make mhicl three times as fast as PyTorch}: the element-wise loops,
LayerNorm, the softmax, Adam and the copies together are a third of a step, and removing all of
them would not be enough. Only fewer or faster products could, and the products are OpenBLAS's,
the library PyTorch calls for its own products of these shapes. The same follows from the peak:
three times PyTorch's tiny rate is 0.66 of the \.{dgemm} peak, while our matrix products are
small (inner dimension 64, and $22\times22$ per prompt and head), so that OpenBLAS's packing and
small-matrix kernels, not its main kernel, set their speed. On two threads the ceilings were
5.38 and 4.45, so there our own code is the limit.
@^products-only ceiling@>

{\it Where the time goes} (\.{perf}, tiny, one thread, Skylake-X kernels): OpenBLAS's \.{dgemm}
kernel 43\%, its packing routines 14\%, its small-matrix kernels 6\%; our forward and backward
loops (GELU, the softmax rows, residual additions) 13\%; LayerNorm 6\%; the array exponential
6\%; copies and clearing 7\%; Adam 2\%. With the generic kernels the \.{dgemm} kernel alone is
77\%.

@ {\it What makes the steps fast.} Each of these keeps the program's results bitwise
reproducible; the effect of each, measured when it was made, is in the appendix.
\item{$\bullet$} The $Q$, $K$, $V$ projections are one product per layer over all heads, and the
output projection one product with the masked weights (transformer chapter).
\item{$\bullet$} The exponential of an array (support chapter) computes the softmax's and the
GELU's exponentials eight at a time; the C library's |tanh| and |expm1| had been a sixth to a
fifth of a step.
\item{$\bullet$} \.{-O3}: GCC vectorizes the element-wise loops (the GELU's forward loops,
LayerNorm's, the sum of the threads' gradients and the clipping), which changes no operation, and
reassociates no sum.
\item{$\bullet$} LayerNorm's sums eight rows at a time; the perceptron's sum is written straight
into the next layer's stream; the perceptron's bias is added in the GELU loop; the softmax's
maximum is taken in eight lanes, and the exponentials of all rows of a prompt and head in one
call.
\item{$\bullet$} The choice of OpenBLAS's kernels (support chapter): 2.3 to 2.4 times faster steps
on a processor OpenBLAS does not know.

\noindent Three things were tried and do not help: plain C loops for the per-prompt, per-head
$T\times T$ products (twice as slow: GCC does not vectorize a floating-point dot product without
reassociation, which ISO C forbids it); a hand-written attention kernel doing only the entries
a causal query sees (no faster than OpenBLAS's small-matrix kernels on all of them, since with
head width 8 every output row is a chain of dependent additions; and it would have changed the
bits of every trained model); and the forward and backward functions compiled three times for
AVX-512, AVX2 and SSE2, as the array exponential is (not faster; we did not find out why).

@ {\it What would come next.} On one thread only fewer or faster products can help (the bound
above). Fewer: the last layer's output at the $y$ tokens is never read out, so its output
projection, perceptron and final LayerNorm there (about a seventh of a tiny step's products)
could be skipped. The forward products and the backward products into the activations should
keep their bits row by row (not checked), but the weight gradients, summed over fewer rows, would
be blocked differently by OpenBLAS and change bits, so they would have to keep the zero rows; and
even a full seventh fewer products, with everything else free, would lift the tiny model's
ceiling of 2.57 only to about 3.0. Faster: one product for $Q$, $K$ and $V$ together would pack
the activations once instead of three times; a kernel for the attention of all prompts and heads
of a layer at once would have to beat OpenBLAS's small kernels, blocking several heads and
prompts together so that the additions of independent outputs interleave. On two threads our own
code is the limit: fewer passes over the activations (LayerNorm and the residual additions fused
into the products' neighbours) matter there, where the two cores share the memory bandwidth: one
thread of the tiny configuration runs 20.5 steps per second alone and two run 34.7, not 41.

@ {\it He et al.'s model.} The book's second part trains a much smaller model many more times:
one stacked softmax layer of two heads of width 6 ($d=5$), no perceptron, LayerNorm or biases
(288 parameters), the loss at the query alone, batches of 256 prompts of $L=40$ points, and the
authors' 500000 steps, which their code runs in about 16 minutes on one graphics card. Two goals
were set for it: those 500000 steps in at most 16 minutes on two cores, that is 521 steps per
second with two threads, and five times the steps per second of the same model in PyTorch, one
thread each. \.{bench/torch\_he.py} is that model in PyTorch (float64, \.{nn.Linear} without
biases in PyTorch's own initialization, Adam, fresh prompts every step drawn as ours are); by
default it forms every row of the attention, as the authors' code does, and with the argument
\.{query} the query's row only, as ours does. \.{bench/bench\_he.c} times our training loop itself
(|train_run|, threads included) and, on one thread, the phases of the same steps with a clock
around each. The operations counted for the fraction of the \.{dgemm} peak are the model's with
every row of the attention formed, 0.080~GFLOP a step, the same for both programs.
@^He et al.'s model, speed@>

{\it The last layer's query row.} Before, a step formed all $41\times41$ scores, patterns and their
gradients per prompt and head, although the loss reads one row of them; OpenBLAS's small-matrix
kernels on those products were two fifths of a step, the exponentials an eighth. The transformer
chapter's reduced pass forms only the query's row in the last layer, and gives the same bits as
the full pass: a single-row dot product is added in the order the library's kernel would add it
(known for OpenBLAS's two kernel families on our machines, and checked entry by entry by
|test_blas_order_matches_dgemm|), a sum with one nonzero term is its product, and the sums over the
batch are the library's own products over arrays with the other rows kept at zero. Training
turns it on, analyses that read every row of a pattern do not see it. Trained models come out
byte for byte the same as before (the quick scale's five joined files of He et al.'s chapter among
them), and |test_query_path_equals_full_path| holds the two passes to the same bits.

{\it Where a step's time goes now} (one thread, the phases measured by the bench):
drawing the batch 39\%, the forward pass 24\%, the backward pass 37\%, the optimizer (the
gradient's norm and Adam on 288 parameters) 0.1\%.
Drawing the batch is 64000 normal draws (GSL's ziggurat on our generator) and their copying into
tokens; with two threads each thread draws its own half of the batch (training chapter), to the
same bits. The passes are now dominated by six products over all $256\times41$ rows of the batch:
the keys and values forward, and the gradients of the four projections backward, which must stay
products over the whole batch to keep their bits.

{\it One run, R} (\.{make bench}; each rate the best of five alternating repetitions):

\smallskip
\halign{\quad#\hfil&&\quad\hfil#\cr
mhicl, one thread, over PyTorch forming every row, one thread&19.1\cr
mhicl, one thread, over PyTorch forming the query's row only&4.08\cr
mhicl, two threads, over the rate 500000 steps in 16 minutes need&0.49\cr
fraction of the one-thread \.{dgemm} peak: mhicl, one thread&0.44\cr
\qquad mhicl, two threads&0.34\cr
\qquad PyTorch, one thread, every row&0.023\cr}
\smallskip
\noindent So the second goal is met (and would be against PyTorch written the way our program
computes, 4.1 times, short of five), the first was not in this run, which started at a load
average of 6.9 on the two cores: other programs held them, two threads ran slower than one, and
every rate of the comparison above fell in the same run to less than half its usual. What two idle
cores would do follows from the processor time: a step took 1.23 times as much processor time on
two threads as on one (thread start, barrier, the second replica), and half of that is the wall
time two idle cores would need at best, which is 1.35 times the rate the 16 minutes need. The
appendix gives the runs. What would move the two-thread rate on a busy machine is only less
work per step; on an idle one, a pool of threads started once instead of a thread per step.
The run itself settles the first goal where the bench could not: with the two cores otherwise
idle, the authors' model (two heads, seed~0) trained its 500000 steps of 256 prompts at 590 steps
a second with two threads, about 14 minutes, and the whole unit, with 51 records along training,
its checkpoints and the paper scale's analyses, took 916 seconds (He et al.'s chapter, the paper
scale). So the first goal is met on idle cores, by a margin of 13\%, and missed on busy ones.

{\it What would move it further.} Each of these changes the order of additions, and so the bits
of every trained model, and none is in the program. The gradients of $W_K$ and $W_V$ are, per
prompt, outer products, $\sum_ja_j\tp(\partial s_jq_{T-1})=(\sum_j\partial s_ja_j)\tp q_{T-1}$, and
likewise for $W_V$ with $p_j$ and $\partial z_{T-1}$; forming them so would replace two of the
four products over the batch and the arrays $\partial K$, $\partial V$: by the profile about a
sixth of a one-thread step. The normal draws could come from a cheaper method than the ziggurat
through GSL's generator interface, a call per draw; that changes every prompt.

@ {\it The token model.} The chapter on trained retrieval models trains small token models by
the dozen, so their steps decide what it can show. \.{make bench} times the model of its quick
scale for the pair it also trains without IC ($t=3$ layers, depth $D=3$;
\.{bench/bench\_tokens.c} builds it with that chapter's own configuration): three layers of two
softmax heads of width 32, $d_{\rm model}=64$, attention only, no attention biases, pre-LayerNorm
and a final LayerNorm, learned positions, an embedding of the task's 38 token ids and an untied
unembedding to its 10 values, sequences of 14 tokens with labels at the six destinations and the
query, cross-entropy over those seven positions, batches of 64, Adam with learning rate $10^{-3}$
and 100 warm-up steps. \.{bench/torch\_tokens.py} is the same model in PyTorch, float64, with
the same optimizer and sequences drawn by the same rules (two chains of depth 3 interleaved at
random, distinct variables and root values, a query for one chain) from PyTorch's generator; it
draws them with tensor operations, since a loop over the sequences in Python was a fifth of its
step. Counted as above, a step is 0.297 GFLOP, a quarter of the tiny regression model's 1.32.
The repetitions, their alternation and the best rate of each program are as for the other
models.
@^token model, speed@>

On one thread mhicl ran 2.56 times as fast as PyTorch in run S, a full \.{make bench}, at 0.31 of the
\.{dgemm} peak against PyTorch's 0.12, and 3.25 and 3.52 times (0.33 and 0.37 of the peak against
0.10 and 0.11) in two runs of the token comparison alone, the second with fewer other programs
on the machine. The gap is wider than for the tiny regression model
(1.6 to 1.9) because PyTorch's step has a large part that does not grow with the arithmetic: on
a batch of 8 sequences, an eighth of the arithmetic, its step took about a quarter of the time
it takes on 64. mhicl reaches about the same fraction of the peak on this model as on the tiny
one. On two threads PyTorch was never faster than on one, while mhicl's second thread made its
steps 1.9 times as fast when no other program ran; in run S, with the two cores
oversubscribed several times over, PyTorch's two threads fell to 3.1 steps per second and the
ratio (15) says nothing about either program.

{\it Where a token step's time goes} (\.{perf}, one thread): OpenBLAS's \.{dgemm} kernel 43\%,
its packing routines 13\%, its small-matrix kernels (the per-sequence, per-head $14\times14$
products) 12\%, and its clearing of outputs 2\%: the products take about 70\% of a step.
LayerNorm takes 9\% (three layers and the final one, forward and backward), our forward and
backward loops (embedding, softmax rows, residual additions, cross-entropy) 6\%, the clearing
and copying of buffers 5\%, Adam 3\%, the array exponential 1\%, and drawing the sequences
under 1\%. So removing everything outside the products would make a step at most 1.4 times as
fast, and no part outside them is a tenth of a step but LayerNorm, whose sums are already taken
eight rows at a time. We found no exact speedup worth its risk: the ones that remain (one product
for $Q$, $K$ and $V$, multiplying by the reciprocals of Adam's bias corrections) either change
the layout of every activation or change the bits of every trained model. The committed results
of the quick grid stay what they are: a unit of the quick grid trained by the present program
writes rows identical to the committed ones.

@*1 Further reading. The OpenBLAS and scikit-learn documentation; A. Paszke et al.,
``PyTorch'' (2019).
