/*2:*/
#line 32 "chapters/softmax.w"

#include <math.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include <gsl/gsl_errno.h> 
#include <gsl/gsl_odeiv2.h> 
#include <gsl/gsl_randist.h> 
#include "support.h"
#include "softmax.h"
/*5:*/
#line 65 "chapters/softmax.w"

void sm_setting_paper(sm_setting*s)
{
s->d= 5;s->L= 40;s->sigma2= 0.1;
}

int sm_task_spec(task_spec*spec,const sm_setting*s,double rho)
{
return task_spec_he2025(spec,s->d,s->sigma2,rho);
}

/*:5*//*8:*/
#line 134 "chapters/softmax.w"

sm_work*sm_work_alloc(size_t d,size_t n_max)
{
sm_work*ws= xmalloc(sizeof*ws);
ws->d= d;ws->n_max= n_max;
ws->m= moments_alloc(d);
ws->xbar= gsl_vector_alloc(d);ws->w= gsl_vector_alloc(d);ws->g= gsl_vector_alloc(d);
ws->score= xmalloc(n_max*sizeof(double));
ws->weight= xmalloc(n_max*sizeof(double));
return ws;
}

void sm_work_free(sm_work*ws)
{
if(ws==NULL)return;
moments_free(ws->m);gsl_vector_free(ws->xbar);gsl_vector_free(ws->w);gsl_vector_free(ws->g);
free(ws->score);free(ws->weight);free(ws);
}

/*:8*//*9:*/
#line 156 "chapters/softmax.w"

static void centred_gradient(const task*t,sm_work*ws,gsl_vector*g)
{
size_t n= t->n,d= t->d;
double ybar= 0.0;
gsl_vector_set_zero(ws->xbar);
for(size_t i= 0;i<n;i++){
ybar+= gsl_vector_get(t->y,i);
gsl_vector_const_view row= gsl_matrix_const_row(t->X,i);
gsl_vector_add(ws->xbar,&row.vector);
}
ybar/= (double)n;
gsl_vector_scale(ws->xbar,1.0/(double)n);
gsl_vector_memcpy(g,ws->m->r_hat);
for(size_t j= 0;j<d;j++)
gsl_vector_set(g,j,gsl_vector_get(g,j)-ybar*gsl_vector_get(ws->xbar,j));
}

int sm_weights(const sm_estimator*e,const task*t,const task_spec*spec,sm_work*ws,
gsl_vector*w)
{
if(e->kind==SM_KERNEL)return 0;
moments_compute(ws->m,t->X,t->y,t->n);
switch(e->kind){
case SM_GD:est_gd(ws->m,e->eta,1,w);break;
case SM_DGD:centred_gradient(t,ws,w);gsl_vector_scale(w,e->eta);break;
case SM_PDGD:
centred_gradient(t,ws,ws->g);
gsl_blas_dgemv(CblasNoTrans,1.0,e->Gamma,ws->g,0.0,w);
break;
case SM_BAYES:
est_ridge(ws->m,lmmse_lambda(spec->sigma,spec->b*spec->b/(double)spec->d,
t->n),w);
break;
default:break;
}
return 1;
}

/*:9*//*10:*/
#line 198 "chapters/softmax.w"

double sm_kernel_predict(size_t H,const double*omega,const double*mu,const task*t,
sm_work*ws)
{
size_t n= t->n;
for(size_t i= 0;i<n;i++){
gsl_vector_const_view row= gsl_matrix_const_row(t->X,i);
gsl_blas_ddot(&row.vector,t->x_q,&ws->score[i]);
}
double yhat= 0.0;
for(size_t h= 0;h<H;h++){
double top= -HUGE_VAL;
for(size_t i= 0;i<n;i++)top= fmax(top,omega[h]*ws->score[i]);
for(size_t i= 0;i<n;i++)ws->weight[i]= omega[h]*ws->score[i]-top;
mhicl_exp_array(ws->weight,n);
double num= 0.0,den= 0.0;
for(size_t i= 0;i<n;i++){
num+= ws->weight[i]*gsl_vector_get(t->y,i);
den+= ws->weight[i];
}
yhat+= mu[h]*num/den;
}
return yhat;
}

double sm_predict(const sm_estimator*e,const task*t,const task_spec*spec,sm_work*ws)
{
if(e->kind==SM_KERNEL)return sm_kernel_predict(e->H,e->omega,e->mu,t,ws);
double yhat;
sm_weights(e,t,spec,ws,ws->w);
gsl_blas_ddot(ws->w,t->x_q,&yhat);
return yhat;
}

/*:10*//*12:*/
#line 250 "chapters/softmax.w"

double sm_loss(const sm_estimator*e,const task*t,const task_spec*spec,sm_work*ws)
{
double sigma2= spec->sigma*spec->sigma;
if(sm_weights(e,t,spec,ws,ws->w))
return excess_risk(ws->w,t->beta,spec->Sigma)+sigma2;
double f;
gsl_blas_ddot(t->beta,t->x_q,&f);
double r= sm_kernel_predict(e->H,e->omega,e->mu,t,ws)-f;
return r*r+sigma2;
}

void sm_losses(const sm_estimator*e,size_t ne,const task_spec*spec,size_t L,
size_t trials,uint64_t seed,uint64_t stream,double*loss)
{
task*t= task_alloc(L,spec->d);
sm_work*ws= sm_work_alloc(spec->d,L);
for(size_t k= 0;k<trials;k++){
task_sample(spec,L,seed,stream,k,t);
for(size_t j= 0;j<ne;j++)loss[k*ne+j]= sm_loss(&e[j],t,spec,ws);
}
sm_work_free(ws);task_free(t);
}

mc_summary sm_risk(const sm_estimator*e,const task_spec*spec,size_t L,size_t trials,
uint64_t seed)
{
double*loss= xmalloc(trials*sizeof(double));
sm_losses(e,1,spec,L,trials,seed,STREAM_EVAL,loss);
mc_summary out= mc_summarize(loss,trials,1);
free(loss);
return out;
}

/*:12*//*14:*/
#line 296 "chapters/softmax.w"

double sm_tune_eta(sm_kind kind,const task_spec*spec,size_t L,size_t trials,
uint64_t seed)
{
if(kind!=SM_GD&&kind!=SM_DGD)return NAN;
sm_estimator e[3];
memset(e,0,sizeof e);
for(int j= 0;j<3;j++){e[j].kind= kind;e[j].eta= (double)j;}
double*loss= xmalloc(3*trials*sizeof(double)),l[3];
sm_losses(e,3,spec,L,trials,seed,STREAM_TUNE,loss);
for(int j= 0;j<3;j++)l[j]= mc_summarize(loss+j,trials,3).mean;
free(loss);
double A= 0.5*(l[2]-2.0*l[1]+l[0]),B= l[1]-l[0]-A;
return-B/(2.0*A);
}

/*:14*//*18:*/
#line 390 "chapters/softmax.w"

int sm_head_circuits(const gsl_matrix*W_Q,const gsl_matrix*W_K,const gsl_matrix*W_V,
const gsl_matrix*W_O,size_t y,gsl_matrix*KQ,gsl_vector*OV)
{
size_t C= W_Q->size1,dh= W_Q->size2;
if(W_K->size1!=C||W_K->size2!=dh||W_V->size1!=C||W_V->size2!=dh
||W_O->size1!=dh||W_O->size2!=C||KQ->size1!=C||KQ->size2!=C
||OV->size!=C||y>=C)return-1;
gsl_blas_dgemm(CblasNoTrans,CblasTrans,1.0/sqrt((double)dh),W_K,W_Q,0.0,KQ);
gsl_vector*o= gsl_vector_alloc(dh);
gsl_vector_const_view col= gsl_matrix_const_column(W_O,y);
gsl_vector_memcpy(o,&col.vector);
gsl_blas_dgemv(CblasNoTrans,1.0,W_V,o,0.0,OV);
gsl_vector_free(o);
return 0;
}

int sm_head_metrics(const gsl_matrix*KQ,const gsl_vector*OV,size_t d,sm_head_pattern*p)
{
if(KQ->size1<d+1||KQ->size2<d+1||OV->size<d+1||d==0)return-1;
double sum= 0.0,sum2= 0.0,frob= 0.0,ov2= 0.0,yrow= 0.0;
for(size_t i= 0;i<d;i++){
double b= gsl_matrix_get(KQ,i,i);
sum+= b;sum2+= b*b;
for(size_t j= 0;j<d;j++)frob+= pow(gsl_matrix_get(KQ,i,j),2);
yrow= fmax(yrow,fabs(gsl_matrix_get(KQ,d,i)));
}
for(size_t i= 0;i<OV->size;i++)ov2+= pow(gsl_vector_get(OV,i),2);
double mean= sum/(double)d,var= sum2/(double)d-mean*mean;
p->omega= mean;
p->mu= gsl_vector_get(OV,d);
p->diag_ratio= frob> 0.0?sqrt(sum2/frob):0.0;
p->diag_var= mean!=0.0?fmax(var,0.0)/(mean*mean):HUGE_VAL;
p->ov_last_ratio= ov2> 0.0?fabs(p->mu)/sqrt(ov2):0.0;
p->y_row= yrow;
p->dummy= 0;
return 0;
}

/*:18*//*20:*/
#line 433 "chapters/softmax.w"

void sm_layer_metrics(sm_head_pattern*heads,size_t H,sm_layer_pattern*out)
{
double top= 0.0;
for(size_t h= 0;h<H;h++)
if(heads[h].diag_ratio> SM_DIAG_RATIO_MIN)
top= fmax(top,fabs(heads[h].omega*heads[h].mu));
memset(out,0,sizeof*out);
out->sign_rule= 1;
double abs_sum= 0.0,wmin= HUGE_VAL,wmax= 0.0;
for(size_t h= 0;h<H;h++){
sm_head_pattern*p= &heads[h];
p->dummy= !(p->diag_ratio> SM_DIAG_RATIO_MIN)
||!(fabs(p->omega*p->mu)>=SM_DUMMY_FRACTION*top)||top==0.0;
if(p->dummy)continue;
out->active++;
if((p->mu> 0.0)!=(p->omega> 0.0))out->sign_rule= 0;
if(p->omega> 0.0)out->mu_plus+= p->mu;else out->mu_minus+= p->mu;
abs_sum+= fabs(p->mu);
wmin= fmin(wmin,fabs(p->omega));wmax= fmax(wmax,fabs(p->omega));
}
out->zero_sum= abs_sum> 0.0?fabs(out->mu_plus+out->mu_minus)/abs_sum:0.0;
out->omega_spread= out->active> 0?wmax/wmin:0.0;
}

/*:20*//*23:*/
#line 509 "chapters/softmax.w"

static double E_entry(const sm_setting*s,double a,double b)
{
return exp((double)s->d*a*b);
}

double sm_approx_loss(const sm_setting*s,size_t H,const double*omega,const double*mu)
{
double kappa= 1.0+s->sigma2,a= 0.0,q= 0.0;
for(size_t h= 0;h<H;h++){
a+= mu[h]*omega[h];
for(size_t k= 0;k<H;k++)q+= mu[h]*mu[k]*E_entry(s,omega[h],omega[k]);
}
return kappa-2.0*a+a*a+kappa/(double)s->L*q;
}

void sm_approx_grad(const sm_setting*s,size_t H,const double*omega,const double*mu,
double*g_omega,double*g_mu)
{
double kappa= 1.0+s->sigma2,c= kappa/(double)s->L,a= 0.0;
for(size_t h= 0;h<H;h++)a+= mu[h]*omega[h];
for(size_t h= 0;h<H;h++){
double Emu= 0.0,Emuw= 0.0;
for(size_t k= 0;k<H;k++){
double e= E_entry(s,omega[h],omega[k]);
Emu+= e*mu[k];Emuw+= e*mu[k]*omega[k];
}
g_mu[h]= -omega[h]+omega[h]*a+c*Emu;
g_omega[h]= -mu[h]+a*mu[h]+c*(double)s->d*mu[h]*Emuw;
}
}

/*:23*//*26:*/
#line 588 "chapters/softmax.w"

void sm_mu_star(const sm_setting*s,size_t H,const double*omega,double*mu)
{
double c= (1.0+s->sigma2)/(double)s->L;
gsl_matrix*A= gsl_matrix_alloc(H,H);
for(size_t h= 0;h<H;h++)
for(size_t k= 0;k<H;k++)
gsl_matrix_set(A,h,k,omega[h]*omega[k]+c*E_entry(s,omega[h],omega[k]));
eigensystem*e= eigensystem_alloc(H);
eigensystem_compute(e,A);
double lmax= 0.0;
for(size_t h= 0;h<H;h++)lmax= fmax(lmax,fabs(gsl_vector_get(e->lambda,h)));
double tau= 1e-14*(double)H*lmax;
gsl_vector_const_view w= gsl_vector_const_view_array(omega,H);
gsl_vector_view m= gsl_vector_view_array(mu,H);
eigensystem_filter(e,filter_pinv,&tau,&w.vector,&m.vector);
eigensystem_free(e);gsl_matrix_free(A);
}

double sm_profile_loss(const sm_setting*s,size_t H,const double*omega)
{
double*mu= xmalloc(H*sizeof(double)),q= 0.0;
sm_mu_star(s,H,omega,mu);
for(size_t h= 0;h<H;h++)q+= omega[h]*mu[h];
free(mu);
return 1.0+s->sigma2-q;
}

/*:26*//*29:*/
#line 656 "chapters/softmax.w"

double sm_lower_bound(const sm_setting*s)
{
double kappa= 1.0+s->sigma2;
return kappa-1.0/(1.0+kappa*(double)s->d/(double)s->L);
}

double sm_eta_star(const sm_setting*s)
{
return(double)s->L/((double)s->L+(1.0+s->sigma2)*(double)s->d);
}

double sm_two_head_loss(const sm_setting*s,double w,double eta)
{
double kappa= 1.0+s->sigma2,x= (double)s->d*w*w;
double shx= x==0.0?(double)s->d:sinh(x)/(w*w);
return kappa-2.0*eta+eta*eta*(1.0+kappa*shx/(double)s->L);
}

/*:29*//*32:*/
#line 710 "chapters/softmax.w"

double sm_single_head_profile(const sm_setting*s,double omega)
{
return sm_profile_loss(s,1,&omega);
}

void sm_single_head_optimum(const sm_setting*s,double*omega,double*mu,double*loss)
{
double kappa= 1.0+s->sigma2,xi= (double)s->d/(double)s->L;
*omega= 1.0/sqrt((double)s->d);
*mu= sqrt((double)s->d)/(1.0+exp(1.0)*kappa*xi);
*loss= kappa-1.0/(1.0+exp(1.0)*kappa*xi);
}

/*:32*//*35:*/
#line 774 "chapters/softmax.w"

double sm_risk_dgd(const sm_setting*s,double eta)
{
double L= (double)s->L,kappa= 1.0+s->sigma2,d= (double)s->d;
return kappa-2.0*eta*(L-1.0)/L+eta*eta*(L-1.0)*(L+kappa*d)/(L*L);
}

double sm_risk_gd(const sm_setting*s,double eta)
{
double L= (double)s->L,kappa= 1.0+s->sigma2,d= (double)s->d;
return kappa-2.0*eta+eta*eta*(L+1.0+kappa*d)/L;
}

double sm_eta_star_gd(const sm_setting*s)
{
double L= (double)s->L;
return L/(L+1.0+(1.0+s->sigma2)*(double)s->d);
}

/*:35*//*38:*/
#line 834 "chapters/softmax.w"

double sm_dgd_limit(double xi,double sigma2)
{
double k= (1.0+sigma2)*xi;
return sigma2+k/(1.0+k);
}

double sm_bayes_limit(double xi,double sigma2)
{
double a= sigma2+1.0/xi-1.0;
return 0.5*(sigma2+1.0-1.0/xi+sqrt(4.0*sigma2+a*a));
}

/*:38*//*41:*/
#line 882 "chapters/softmax.w"

int sm_compare_csv(FILE*f,const size_t*Ls,size_t nL,size_t trials,uint64_t seed)
{
enum{NE= 5};
static const char*const names[NE]= {"multi_head","single_head","gd","dgd","bayes"};
const double w2[2]= {0.13,-0.13},m2[2]= {3.45,-3.45},eta= 2.0*0.13*3.45;
double*loss= xmalloc(trials*NE*sizeof(double)),w1,m1,l1;
sm_setting s40;
sm_setting_paper(&s40);
sm_single_head_optimum(&s40,&w1,&m1,&l1);
fprintf(f,"L,estimator,risk,se,closed_form,trials,seed,d,sigma2,omega,mu,eta\n");
for(size_t a= 0;a<nL;a++){
sm_setting s;
sm_setting_paper(&s);
s.L= Ls[a];
task_spec spec;
sm_task_spec(&spec,&s,0.0);
sm_estimator e[NE];
memset(e,0,sizeof e);
e[0].kind= SM_KERNEL;e[0].H= 2;e[0].omega= w2;e[0].mu= m2;
e[1].kind= SM_KERNEL;e[1].H= 1;e[1].omega= &w1;e[1].mu= &m1;
e[2].kind= SM_GD;e[2].eta= eta;
e[3].kind= SM_DGD;e[3].eta= eta;
e[4].kind= SM_BAYES;
double closed[NE]= {sm_approx_loss(&s,2,w2,m2),sm_approx_loss(&s,1,&w1,&m1),
sm_risk_gd(&s,eta),
sm_risk_dgd(&s,eta),sm_bayes_limit((double)s.d/(double)s.L,s.sigma2)};
sm_losses(e,NE,&spec,s.L,trials,seed,STREAM_EVAL,loss);
for(int j= 0;j<NE;j++){
mc_summary r= mc_summarize(loss+j,trials,NE);
fprintf(f,"%zu,%s,%.17g,%.17g,%.17g,%zu,%llu,%zu,%.17g,%.17g,%.17g,%.17g\n",s.L,
names[j],r.mean,r.se,closed[j],trials,(unsigned long long)seed,s.d,s.sigma2,
j==0?w2[0]:j==1?w1:NAN,j==0?m2[0]:j==1?m1:NAN,
j==2||j==3?eta:NAN);
}
task_spec_free(&spec);
}
free(loss);
return 0;
}

/*:41*//*44:*/
#line 995 "chapters/softmax.w"

static double trace_of(const gsl_matrix*A)
{
double t= 0.0;
for(size_t i= 0;i<A->size1;i++)t+= gsl_matrix_get(A,i,i);
return t;
}

void sm_gamma_star(const sm_setting*s,const gsl_matrix*Sigma,gsl_matrix*Gamma)
{
size_t d= s->d;
double c= (trace_of(Sigma)+s->sigma2*(double)d)/(double)s->L;
eigensystem*e= eigensystem_alloc(d);
eigensystem_compute(e,Sigma);
gsl_vector*col= gsl_vector_alloc(d);
for(size_t j= 0;j<d;j++){
gsl_vector_view unit= gsl_matrix_column(Gamma,j);
gsl_vector_set_basis(col,j);
eigensystem_filter(e,filter_ridge,&c,col,&unit.vector);
}
gsl_vector_free(col);eigensystem_free(e);
}

double sm_risk_pdgd(const sm_setting*s,const gsl_matrix*Sigma,const gsl_matrix*Gamma)
{
size_t d= s->d;
double L= (double)s->L,m= L-1.0,trS= trace_of(Sigma);
double c= (trS+s->sigma2*(double)d)/L;
gsl_matrix*SG= gsl_matrix_alloc(d,d),*M= gsl_matrix_alloc(d,d),
*P= gsl_matrix_alloc(d,d);
gsl_blas_dgemm(CblasNoTrans,CblasNoTrans,1.0,Sigma,Gamma,0.0,SG);
gsl_matrix_memcpy(M,Sigma);
for(size_t i= 0;i<d;i++)gsl_matrix_set(M,i,i,gsl_matrix_get(M,i,i)+c);
gsl_blas_dgemm(CblasNoTrans,CblasNoTrans,1.0,SG,M,0.0,P);
gsl_blas_dgemm(CblasNoTrans,CblasNoTrans,1.0,P,Sigma,0.0,M);
double quad= 0.0,lin= 0.0;
for(size_t i= 0;i<d;i++)
for(size_t j= 0;j<d;j++){
quad+= gsl_matrix_get(M,i,j)*gsl_matrix_get(Gamma,i,j);
lin+= gsl_matrix_get(SG,i,j)*gsl_matrix_get(Sigma,j,i);
}
gsl_matrix_free(SG);gsl_matrix_free(M);gsl_matrix_free(P);
return s->sigma2+trS/(double)d-2.0*m/((double)d*L)*lin
+m/((double)d*L)*quad;
}

/*:44*//*47:*/
#line 1090 "chapters/softmax.w"

typedef struct{const sm_setting*s;size_t H;}flow_params;

static int flow_rhs(double t,const double y[],double f[],void*params)
{
(void)t;
const flow_params*p= params;
size_t H= p->H;
sm_approx_grad(p->s,H,y,y+H,f,f+H);
for(size_t i= 0;i<2*H;i++)f[i]= -f[i];
return GSL_SUCCESS;
}

int sm_flow(const sm_setting*s,size_t H,const double*omega0,const double*mu0,
const double*times,size_t nt,double*path)
{
flow_params p= {s,H};
gsl_odeiv2_system sys= {flow_rhs,NULL,2*H,&p};
gsl_odeiv2_driver*drv= gsl_odeiv2_driver_alloc_y_new(&sys,gsl_odeiv2_step_rk8pd,
1e-3,1e-10,1e-10);
double*y= xmalloc(2*H*sizeof(double)),t= 0.0;
memcpy(y,omega0,H*sizeof(double));
memcpy(y+H,mu0,H*sizeof(double));
int status= GSL_SUCCESS;
for(size_t r= 0;r<nt&&status==GSL_SUCCESS;r++){
if(times[r]> t)status= gsl_odeiv2_driver_apply(drv,&t,times[r],y);
double*row= path+r*(2*H+1);
memcpy(row,y,2*H*sizeof(double));
row[2*H]= sm_approx_loss(s,H,y,y+H);
}
free(y);gsl_odeiv2_driver_free(drv);
return status;
}

/*:47*//*50:*/
#line 1161 "chapters/softmax.w"

int sm_flow_csv(FILE*f,size_t points,uint64_t seed)
{
sm_setting two,four;
sm_setting_paper(&two);
four= two;four.sigma2= 0.01;
double w2[2]= {1e-3,-1e-3},m2[2]= {1e-3,-1e-3},w4[4],m4[4];
gsl_rng*rng= mhicl_rng_alloc();
mhicl_rng_seek(rng,seed,STREAM_INIT,0);
for(int h= 0;h<4;h++)w4[h]= 0.1*gsl_ran_gaussian_ziggurat(rng,1.0);
for(int h= 0;h<4;h++)m4[h]= 0.1*gsl_ran_gaussian_ziggurat(rng,1.0);
gsl_rng_free(rng);
double*times= xmalloc(points*sizeof(double));
for(size_t r= 0;r<points;r++)
times[r]= pow(10.0,-1.0+5.0*(double)r/(double)(points> 1?points-1:1));
double*p2= xmalloc(points*5*sizeof(double)),*p4= xmalloc(points*9*sizeof(double));
int status= sm_flow(&two,2,w2,m2,times,points,p2);
if(status==GSL_SUCCESS)status= sm_flow(&four,4,w4,m4,times,points,p4);
if(status==GSL_SUCCESS){
fprintf(f,"variant,seed,d,L,sigma2,H,t,head,omega,mu,loss,key\n");
for(int v= 0;v<2;v++){
size_t H= v==0?2:4;
const sm_setting*s= v==0?&two:&four;
const double*p= v==0?p2:p4;
for(size_t r= 0;r<points;r++)
for(size_t h= 0;h<H;h++){
const double*row= p+r*(2*H+1);
fprintf(f,"%s,%llu,%zu,%zu,%.17g,%zu,%.17g,%zu,%.17g,%.17g,%.17g,%s%zu\n",
v==0?"paper_two_heads":"four_heads",(unsigned long long)seed,s->d,s->L,
s->sigma2,H,times[r],h,row[h],row[H+h],row[2*H],
v==0?"pair":"four",h);
}
}
}
free(times);free(p2);free(p4);
return status;
}

/*:50*/
#line 41 "chapters/softmax.w"


/*:2*/
