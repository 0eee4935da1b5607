/* Linked only into the gslcblas build of bench_lasso: build/support.o calls
   openblas_set_num_threads (mhicl_blas_single_thread), which GSL's reference CBLAS lacks.
   The reference CBLAS is single-threaded, so doing nothing is correct. */
void openblas_set_num_threads(int num_threads);
void openblas_set_num_threads(int num_threads) { (void) num_threads; }

/* Likewise mhicl_blas_core asks OpenBLAS for its kernels; the reference CBLAS has only one. */
char *openblas_get_corename(void);
char *openblas_get_corename(void) { return "gslcblas"; }
