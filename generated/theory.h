/*1:*/
#line 9 "chapters/theory.w"

#ifndef MHICL_THEORY_H
#define MHICL_THEORY_H
#include "estimators.h"
/*5:*/
#line 106 "chapters/theory.w"

double lasso_theory_lambda(const moments*m,double sigma,double delta);

/*:5*/
#line 13 "chapters/theory.w"

#endif
#line 15 "chapters/theory.w"

/*:1*/
