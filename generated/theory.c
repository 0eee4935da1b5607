/*2:*/
#line 16 "chapters/theory.w"

#include <math.h> 
#include "support.h"
#include "theory.h"
/*6:*/
#line 109 "chapters/theory.w"

double lasso_theory_lambda(const moments*m,double sigma,double delta)
{
double m2= 0.0;
for(size_t j= 0;j<m->d;j++)m2= fmax(m2,gsl_matrix_get(m->Sigma_hat,j,j));
return 2.0*sigma*sqrt(m2)*sqrt(2.0*log(2.0*(double)m->d/delta)/(double)m->n);
}

/*:6*/
#line 20 "chapters/theory.w"


/*:2*/
