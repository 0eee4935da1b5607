#!/bin/sh
# Run an mhicl reproduction plan as a Slurm job array: one unit (one line of the plan) per array
# task, then the join as a job that starts when every task has succeeded.
#
#   ./mhicl reproduce chen --scale paper --threads 2 --out chen-paper --plan > chen-paper.plan
#   sh tools/slurm-array.sh chen-paper.plan --cpus-per-task=2 --time=12:00:00 [SBATCH-OPTION...]
#
# Every SBATCH-OPTION goes to both jobs (give --cpus-per-task the plan's --threads). The plan's
# lines name the program and the run directory by absolute paths, so the tasks may start in any
# directory on any node that mounts them. A task whose unit is finished does nothing, so the same
# plan may be submitted again after a failure; it reruns only what is unfinished. On a cluster of
# mixed processors, export OPENBLAS_CORETYPE (one value, see ./mhicl info) before submitting:
# sbatch passes the environment on, and the bits depend on the kernels.
# Prints the two job ids. Without Slurm, the same plan runs with a loop or GNU parallel (README).
set -eu
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: sh tools/slurm-array.sh PLAN-FILE [SBATCH-OPTION...]" >&2
  exit 2
fi
plan=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
units=$(wc -l < "$plan" | tr -d " ")
# The join is the first unit's command with "--unit NAME" replaced by "--join".
join=$(sed -n '1s/ --unit [A-Za-z0-9_.-]*$/ --join/p' "$plan")
case $join in
  *" reproduce "*" --join") ;;
  *) echo "slurm-array.sh: '$plan' is not a plan of mhicl reproduce ... --plan" >&2; exit 2 ;;
esac
case $plan in
  *"'"*) echo "slurm-array.sh: the plan's path must not contain a single quote" >&2; exit 2 ;;
esac
array=$(sbatch --parsable --job-name=mhicl-unit --array=1-"$units" "$@" <<EOF
#!/bin/sh
# one unit of $plan: the line numbered by the array index
unit=\$(sed -n "\${SLURM_ARRAY_TASK_ID}p" '$plan')
exec sh -c "\$unit"
EOF
)
array=${array%%;*}  # --parsable prints JOBID or JOBID;CLUSTER
joined=$(sbatch --parsable --job-name=mhicl-join --dependency=afterok:"$array" \
  --kill-on-invalid-dep=yes "$@" <<EOF
#!/bin/sh
exec $join
EOF
)
echo "units: job array $array ($units tasks); join: job ${joined%%;*}"
