@* Theory: the bounds, checked.
@^theorems@>
This chapter states the statistical claims about preprocess-then-optimize as propositions, proves
them in the prose, and names the tests that check them numerically. The paper's own theorem
statements were not available to us (see the notes on Chen, Zhao and Zou); what follows is our
reconstruction, derived and tested as our own. This edition has the first of them.

@*1 The off-support term.
Take the surrogate of the estimators chapter in which $\Sh$ is replaced by $I$: coordinate $j$
of the PtO estimate is $\phi_j(r)=r_j\bigl[1-(1-\eta r_j^2)^t\bigr]$. Off the support the truth is
zero, so coordinate $j\notin S$ contributes $\phi_j^2$ to the excess risk.

\proclaim Proposition 5 (off-support bound). If $\eta\rh_j^2\le2$ for every $j\notin S$, then
$$\E\sum_{j\notin S}\phi_j(\rh)^2\ \le\ 15\,(d-s)\,(\eta t)^2\,v^3\Bigl(1+{2\over n}\Bigr)
\Bigl(1+{4\over n}\Bigr),\qquad v={\norm\beta^2+\sigma^2\over n}.$$

{\it Proof.} For $x\in[0,1]$, $1-(1-x)^t\le tx$ (Bernoulli's inequality); for $x\in(1,2]$,
$\vert1-(1-x)^t\vert\le2\le tx$ when $t\ge2$, and equals $x$ when $t=1$. So
$\phi_j^2\le r_j^2(t\eta r_j^2)^2=(\eta t)^2r_j^6$, and Proposition 1 gives
$\E\rh_j^6=15v^3(1+2/n)(1+4/n)$ for each of the $d-s$ coordinates. \quad$\square$

The bound is of order $(d-s)(\eta t)^2v^3$, cubic in $v\approx1/n$: for moderate $\eta t$ the
off-support coordinates cost almost nothing, which is where preprocess-then-optimize gains over
ridge, whose off-support cost is of order $(d-s)\sigma^2/n$. It is also nearly tight when
$\eta tv$ is small, since then $1-(1-x)^t\approx tx$.

Test: |test_pto_off_support_bound| draws $\rh$ from prompts with $x\sim N(0,I)$ (the surrogate
needs only $\rh$), checks the condition $\eta\rh_j^2\le2$ on every draw, and asserts that the
Monte-Carlo mean of $\sum_{j\notin S}\phi_j^2$ is below the bound plus four standard errors, and
that the bound is not vacuous: at most 1.5 times the measured mean where $\eta tv$ is small.
Measured at $d=10$, $s=2$, $n=50$, $\sigma=0.5$, $\norm\beta=1$, 60000 prompts: with $\eta t
v=0.05$ ($\eta=1$, $t=2$) the mean is $0.00681\pm0.00006$ against the bound $0.00842$ (ratio
1.24); with $\eta tv=0.125$, $0.0262$ against $0.0527$ (ratio 2.0); with $\eta tv=1$,
$0.144$ against $3.37$: the bound holds everywhere but loosens as $\eta tv$ grows, because the
weight $r_j^6$ favours the large $\vert\rh_j\vert$ for which $1-(1-x)^t$ falls well below $tx$.

@*1 Further reading. Chen, Zhao and Zou (2024); the notes in \.{shared/papers/chen2024.md} list
which statements are the paper's and which are this book's.
