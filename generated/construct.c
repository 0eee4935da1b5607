/*2:*/
#line 23 "chapters/construct.w"

#include <math.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include "support.h"
#include "construct.h"
/*4:*/
#line 56 "chapters/construct.w"

model_config construct_config(size_t d,size_t n_max,size_t layers,size_t first_heads)
{
model_config c;
memset(&c,0,sizeof c);
c.format= FORMAT_STACKED;c.d_x= d;c.n_max= n_max;c.extra_rows= d;
c.n_layers= layers;c.d_head= d;
for(size_t l= 0;l<MAX_LAYERS;l++){c.heads[l]= 1;c.attn[l]= ATTN_LINEAR;}
c.heads[0]= first_heads;
return c;
}

/*:4*//*5:*/
#line 72 "chapters/construct.w"

void construct_gd_layer(model*m,size_t l,size_t first_row,double eta,const gsl_matrix*P)
{
size_t d= m->cfg.d_x,D= m->cfg.d_model,dh= m->cfg.d_head;
double*WQ= m->p.W_Q[l],*WK= m->p.W_K[l],*WV= m->p.W_V[l],*WO= m->p.W_O[l];
for(size_t c= 0;c<d;c++){
WK[(first_row+c)*dh+c]= 1.0;
for(size_t c2= 0;c2<d;c2++)
WQ[(first_row+c)*dh+c2]= P?gsl_matrix_get(P,c,c2):(c==c2?1.0:0.0);
}
WV[d*dh+0]= 1.0;
WO[0*D+d]= -eta;
}

/*:5*//*7:*/
#line 108 "chapters/construct.w"

void construct_preprocess_layer(model*m,size_t H)
{
size_t d= m->cfg.d_x,D= m->cfg.d_model,dh= m->cfg.d_head;
for(size_t k= 0;k<d;k++){
size_t h= k*H/d;
m->p.W_Q[0][h*D*dh+k*dh+(k-(h*d+H-1)/H)]= 1.0;
m->p.W_K[0][h*D*dh+k*dh+(k-(h*d+H-1)/H)]= 1.0;
}
for(size_t h= 0;h<H;h++){
m->p.W_V[0][h*D*dh+d*dh+0]= 1.0;
m->p.W_O[0][h*dh*D+0*D+d+1+h]= 1.0;
}
}

void construct_pto(model*m,size_t H,double eta,unsigned t)
{
memset(m->params,0,m->n_params*sizeof(double));
construct_preprocess_layer(m,H);
for(unsigned l= 1;l<=t;l++)construct_gd_layer(m,l,m->cfg.d_x+1,eta,NULL);
}

/*:7*//*8:*/
#line 134 "chapters/construct.w"

void est_pto_grouped(moments*mo,size_t H,double eta,unsigned t,gsl_vector*beta_hat)
{
size_t d= mo->d;
gsl_matrix*Phi= gsl_matrix_calloc(d,H),*SP= gsl_matrix_alloc(d,H);
gsl_matrix*A= gsl_matrix_alloc(H,H),*W= gsl_matrix_alloc(1,H);
gsl_vector*g= gsl_vector_alloc(H),*w= gsl_vector_alloc(H),*work= gsl_vector_alloc(H);
for(size_t k= 0;k<d;k++)gsl_matrix_set(Phi,k,k*H/d,gsl_vector_get(mo->r_hat,k));
gsl_blas_dgemm(CblasNoTrans,CblasNoTrans,1.0,mo->Sigma_hat,Phi,0.0,SP);
gsl_blas_dgemm(CblasTrans,CblasNoTrans,1.0,Phi,SP,0.0,A);
gsl_blas_dgemv(CblasTrans,1.0,Phi,mo->r_hat,0.0,g);
quad_gd_path(A,g,eta,&t,1,W,w,work);
gsl_vector_view wr= gsl_matrix_row(W,0);
gsl_blas_dgemv(CblasNoTrans,1.0,Phi,&wr.vector,0.0,beta_hat);
gsl_matrix_free(Phi);gsl_matrix_free(SP);gsl_matrix_free(A);gsl_matrix_free(W);
gsl_vector_free(g);gsl_vector_free(w);gsl_vector_free(work);
}

/*:8*//*10:*/
#line 160 "chapters/construct.w"

double construct_predict(model*m,const task*t,size_t n)
{
batch*bt= batch_alloc(&m->cfg,1,n);
size_t d= m->cfg.d_x,D= bt->d_in;
for(size_t i= 0;i<n;i++){
for(size_t j= 0;j<d;j++)bt->tokens[i*D+j]= gsl_matrix_get(t->X,i,j);
bt->tokens[i*D+d]= gsl_vector_get(t->y,i);
}
for(size_t j= 0;j<d;j++)bt->tokens[n*D+j]= gsl_vector_get(t->x_q,j);
bt->weight[n]= 1.0;
model_forward(m,bt);
double y= m->pred[n];
batch_free(bt);
return y;
}

/*:10*/
#line 29 "chapters/construct.w"


/*:2*/
