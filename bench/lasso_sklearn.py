#!/usr/bin/python3
"""Time sklearn's Lasso on the prompts bench_lasso wrote and compare with mhicl's coefficients.

usage: /usr/bin/python3 bench/lasso_sklearn.py OUTDIR MHICL_SECONDS

MHICL_SECONDS is bench_lasso's best time (OpenBLAS build) for the same fits, for the ratio.

Reads OUTDIR/prompts.bin and OUTDIR/coef_openblas.bin (format: see bench_lasso.c).  Fits
sklearn.linear_model.Lasso(alpha, fit_intercept=False) separately per prompt and alpha, as a user
would, best of 3 repeats, with two settings:
  default: tol=1e-4, max_iter=1000 (sklearn's defaults; used for the speed ratio)
  tight:   tol=1e-12, max_iter=100000 (used for the coefficient comparison)
Machine-readable results go to stdout as lines "RESULT name value unit".
"""
import os
import sys

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"  # before numpy loads its BLAS

import time
import warnings

import numpy as np

try:
    from sklearn.linear_model import Lasso
    from sklearn.exceptions import ConvergenceWarning
    import sklearn
except ImportError:
    print("sklearn is missing from %s; install it with:" % sys.executable)
    print("  sudo apt-get install python3-sklearn python3-numpy")
    sys.exit(3)

REPEATS = 3
SETTINGS = (("default", 1e-4, 1000), ("tight", 1e-12, 100000))


def read_bin(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:8] != b"MHICLBN1":
        sys.exit("%s: not a bench_lasso file" % path)
    p, n, d, na = (int(v) for v in np.frombuffer(raw, dtype="<u8", count=4, offset=8))
    alphas = np.frombuffer(raw, dtype="<f8", count=na, offset=40)
    body = np.frombuffer(raw, dtype="<f8", offset=40 + 8 * na)
    return p, n, d, alphas, body


def blas_info():
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
        limits = threadpool_limits(limits=1)  # keep a reference: the limit lasts while it lives
        blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        desc = ", ".join("%s %s (%s, threads=%s)" % (i.get("internal_api"), i.get("version"),
                         i.get("filepath"), i.get("num_threads")) for i in blas)
        name = blas[0].get("internal_api", "unknown") if blas else "unknown"
        return name, desc or "no BLAS found by threadpoolctl", limits
    except ImportError:
        try:
            cfg = np.show_config(mode="dicts")
            b = cfg["Build Dependencies"]["blas"]
            return b.get("name", "unknown"), str(b), None
        except TypeError:  # numpy < 1.25: show_config prints only
            import io, contextlib
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                np.show_config()
            txt = buf.getvalue()
            name = "openblas" if "openblas" in txt.lower() else "unknown"
            return name, "numpy.show_config: " + " ".join(txt.split())[:200], None


def fit_all(X, y, alphas, tol, max_iter):
    p, _, d = X.shape
    W = np.empty((p, len(alphas), d))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        t0 = time.perf_counter()
        for k in range(p):
            Xk, yk = X[k], y[k]
            for a, alpha in enumerate(alphas):
                W[k, a] = Lasso(alpha=alpha, fit_intercept=False, tol=tol,
                                max_iter=max_iter).fit(Xk, yk).coef_
        elapsed = time.perf_counter() - t0
    nconv = sum(1 for w in caught if issubclass(w.category, ConvergenceWarning))
    return elapsed, W, nconv


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: %s OUTDIR MHICL_SECONDS" % sys.argv[0])
    outdir, t_mhicl = sys.argv[1], float(sys.argv[2])
    p, n, d, alphas, body = read_bin(os.path.join(outdir, "prompts.bin"))
    X = body[:p * n * d].reshape(p, n, d).copy()
    y = body[p * n * d:p * n * d + p * n].reshape(p, n).copy()
    pc, _, dc, alphas_c, wbody = read_bin(os.path.join(outdir, "coef_openblas.bin"))
    if (pc, dc) != (p, d) or not np.array_equal(alphas, alphas_c):
        sys.exit("prompts.bin and coef_openblas.bin disagree")
    W_mhicl = wbody.reshape(p, len(alphas), d)

    name, desc, _limits = blas_info()
    print("python %s, numpy %s, sklearn %s" % (sys.version.split()[0], np.__version__,
                                                sklearn.__version__))
    print("numpy BLAS: %s" % desc)
    print("RESULT numpy_blas_is_openblas %d bool" % (1 if "openblas" in name.lower() else 0))

    results = {}
    for label, tol, max_iter in SETTINGS:
        best, W, nconv = float("inf"), None, 0
        for _ in range(REPEATS):
            el, W, nconv = fit_all(X, y, alphas, tol, max_iter)
            best = min(best, el)
        results[label] = (best, W, nconv)
        fits = p * len(alphas)
        print("sklearn %-7s tol=%g max_iter=%d: best of %d: %.3f s (%.1f us/fit), "
              "ConvergenceWarnings %d" % (label, tol, max_iter, REPEATS, best, 1e6 * best / fits,
                                          nconv))
        print("RESULT lasso_sklearn_%s_s %.9g s" % (label, best))
        print("RESULT lasso_sklearn_%s_us_per_fit %.9g us" % (label, 1e6 * best / fits))
        print("RESULT lasso_sklearn_%s_convergence_warnings %d count" % (label, nconv))
        print("  mhicl (openblas) %.3f s (%.2f us/fit): sklearn/mhicl speed ratio %.1fx"
              % (t_mhicl, 1e6 * t_mhicl / fits, best / t_mhicl))
        print("RESULT speed_ratio_%s %.9g x" % (label, best / t_mhicl))
        diff = np.abs(W - W_mhicl)
        k, a, j = np.unravel_index(np.argmax(diff), diff.shape)
        print("  max |beta_sklearn - beta_mhicl| = %.3e (prompt %d, alpha %g, coord %d); "
              "per alpha: %s" % (diff.max(), k, alphas[a], j,
                                 " ".join("%g:%.1e" % (al, diff[:, i].max())
                                          for i, al in enumerate(alphas))))
        print("RESULT max_abs_dbeta_%s %.9g 1" % (label, diff.max()))

    gpath = os.path.join(outdir, "coef_gslcblas.bin")
    if os.path.exists(gpath):
        W_g = read_bin(gpath)[4].reshape(p, len(alphas), d)
        dg = np.abs(W_g - W_mhicl).max()
        print("mhicl openblas vs gslcblas: max |delta beta| = %.3e" % dg)
        print("RESULT max_abs_dbeta_openblas_vs_gslcblas %.9g 1" % dg)


if __name__ == "__main__":
    main()
