#!/bin/bash
# Submit N shard tasks and the merge that waits for all of them: contrib/slurm/submit.sh 16
set -euo pipefail
n=${1:-8}
mkdir -p logs
array=$(sbatch --parsable --array=0-$((n - 1)) "$(dirname "$0")/policy_mine_array.sbatch")
sbatch --dependency=afterok:"$array" "$(dirname "$0")/policy_mine_merge.sbatch"
