#!/usr/bin/env bash
# Deploys a pipeline to AWS Glue: builds the job jars, generates the CloudFormation template from the pipeline's
# workflow, uploads jars, Scala entry scripts and pipeline files with the AWS CLI, and deploys the stack.
# --dry-run prints every command instead of running it. See README "Deploy to AWS Glue".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat >&2 <<'USAGE'
usage: glue-scripts/deploy.sh <pipeline> --bucket BUCKET --landing s3://BUCKET/PREFIX --lake s3://BUCKET/PREFIX
         [--prefix glue-etl] [--stack-name glue-etl-<pipeline>] [--region REGION] [--schedule 'cron(0 */2 * * ? *)']
         [--worker-type G.1X] [--workers 2] [--db-subnet SUBNET --db-security-group SG --db-availability-zone AZ]
         [--skip-build] [--dry-run]
  <pipeline>   a built-in pipeline name (app-events, cafe-orders, cinema) or the path of a pipeline YAML
  --bucket     the artifact bucket: jars go to s3://BUCKET/PREFIX/jars, scripts to .../scripts, pipeline files to .../pipelines
  --landing    where raw files land (the preprocess job's --input)
  --lake       the lake root (trusted, curated, quarantine, quality and run-record tables)
  --db-*       pipelines that read a database (records tables with jdbc): the subnet, security group and its
               Availability Zone from which the preprocess job reaches it (a Glue NETWORK connection)
USAGE
  exit 2
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 2
}

[ $# -ge 1 ] || usage
PIPELINE_ARG="$1"
shift
BUCKET="" PREFIX="glue-etl" LANDING="" LAKE="" STACK="" REGION="" SCHEDULE="" WORKER_TYPE="G.1X" WORKERS="2" BUILD=1 DRY_RUN=0
DB_SUBNET="" DB_SECURITY_GROUP="" DB_AZ=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bucket) BUCKET="${2:?--bucket needs a value}"; shift 2 ;;
    --prefix) PREFIX="${2:?--prefix needs a value}"; shift 2 ;;
    --landing) LANDING="${2:?--landing needs a value}"; shift 2 ;;
    --lake) LAKE="${2:?--lake needs a value}"; shift 2 ;;
    --stack-name) STACK="${2:?--stack-name needs a value}"; shift 2 ;;
    --region) REGION="${2:?--region needs a value}"; shift 2 ;;
    --schedule) SCHEDULE="${2:?--schedule needs a value}"; shift 2 ;;
    --worker-type) WORKER_TYPE="${2:?--worker-type needs a value}"; shift 2 ;;
    --workers) WORKERS="${2:?--workers needs a value}"; shift 2 ;;
    --db-subnet) DB_SUBNET="${2:?--db-subnet needs a value}"; shift 2 ;;
    --db-security-group) DB_SECURITY_GROUP="${2:?--db-security-group needs a value}"; shift 2 ;;
    --db-availability-zone) DB_AZ="${2:?--db-availability-zone needs a value}"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
done

# The pipeline file: a built-in name or a path. Its folder is uploaded with it (metric SQL and DQDL rulesets are
# named relative to the YAML).
if [ -f "$PIPELINE_ARG" ]; then
  PIPELINE_FILE="$(cd "$(dirname "$PIPELINE_ARG")" && pwd)/$(basename "$PIPELINE_ARG")"
elif [ -f "$ROOT/pipelines/$PIPELINE_ARG.yaml" ]; then
  PIPELINE_FILE="$ROOT/pipelines/$PIPELINE_ARG.yaml"
else
  fail "no pipeline '$PIPELINE_ARG': give a built-in name ($(cd "$ROOT/pipelines" && ls *.yaml | sed 's/\.yaml$//' | paste -sd, -)) or a YAML path"
fi
PIPELINE_DIR="$(dirname "$PIPELINE_FILE")"
NAME="$(basename "$PIPELINE_FILE" .yaml)"
STACK="${STACK:-glue-etl-$NAME}"

[ -n "$BUCKET" ] || fail "--bucket is required: the S3 bucket for jars, scripts and pipeline files"
[[ "$BUCKET" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || fail "--bucket '$BUCKET' is not an S3 bucket name (give the name, not an s3:// URI)"
[[ "$PREFIX" =~ ^[A-Za-z0-9._/-]+$ && "$PREFIX" != /* && "$PREFIX" != */ ]] || fail "--prefix '$PREFIX' must be a key prefix without leading or trailing '/'"
[[ "$WORKERS" =~ ^[0-9]+$ && "$WORKERS" -ge 2 ]] || fail "--workers '$WORKERS' must be a whole number of at least 2"

# s3://bucket/prefix -> bucket and prefix (the IAM role is limited to these prefixes, so one is required)
S3_BUCKET="" S3_PREFIX=""
split_s3() {
  local option="$1" uri="$2"
  [ -n "$uri" ] || fail "$option is required: s3://BUCKET/PREFIX"
  [[ "$uri" =~ ^s3a?://([a-z0-9][a-z0-9.-]+[a-z0-9])/(.*[^/])/*$ ]] || fail "$option '$uri' must look like s3://BUCKET/PREFIX (a prefix, not a whole bucket)"
  S3_BUCKET="${BASH_REMATCH[1]}" S3_PREFIX="${BASH_REMATCH[2]}"
}
split_s3 --landing "$LANDING"
LANDING_BUCKET="$S3_BUCKET" LANDING_PREFIX="$S3_PREFIX"
split_s3 --lake "$LAKE"
LAKE_BUCKET="$S3_BUCKET" LAKE_PREFIX="$S3_PREFIX"

REGION_ARGS=()
[ -n "$REGION" ] && REGION_ARGS=(--region "$REGION")
ARTIFACTS="s3://$BUCKET/$PREFIX"
TEMPLATE="$ROOT/glue-scripts/target/deploy/$NAME.cfn.yaml"

run() {
  if [ "$DRY_RUN" = 1 ]; then
    local line="+" arg
    for arg in "$@"; do
      if [[ "$arg" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then line+=" $arg"; else line+=" '${arg//\'/\'\\\'\'}'"; fi
    done
    echo "$line"
  else
    echo "+ $*" >&2
    "$@"
  fi
}

if [ "$DRY_RUN" = 0 ]; then
  command -v aws > /dev/null || fail "the AWS CLI (aws) is not on PATH: install it and configure credentials (aws configure)"
fi

if [ "$BUILD" = 1 ]; then
  run mvn -B -q -f "$ROOT/pom.xml" -DskipTests package -pl jobs/preprocess,jobs/aggregate,jobs/quality,jobs/local -am
fi
run mkdir -p "$(dirname "$TEMPLATE")"
# --strict: refuse a pipeline that would misbehave on Glue (e.g. a secret only in an environment variable)
run "$ROOT/glue-etl" deploy-template "$PIPELINE_FILE" --strict --out "$TEMPLATE"
for job in preprocess aggregate quality; do
  run aws s3 cp "$ROOT/jobs/$job/target/glue-etl-$job.jar" "$ARTIFACTS/jars/glue-etl-$job.jar" "${REGION_ARGS[@]}"
done
run aws s3 sync "$ROOT/glue-scripts/scripts" "$ARTIFACTS/scripts" --exclude '*' --include '*.scala' "${REGION_ARGS[@]}"
run aws s3 sync "$PIPELINE_DIR" "$ARTIFACTS/pipelines" --exclude '*' --include '*.yaml' --include '*.sql' --include '*.dqdl' "${REGION_ARGS[@]}"

PARAMETERS=(
  "ArtifactBucket=$BUCKET" "ArtifactPrefix=$PREFIX"
  "LandingBucket=$LANDING_BUCKET" "LandingPrefix=$LANDING_PREFIX"
  "LakeBucket=$LAKE_BUCKET" "LakePrefix=$LAKE_PREFIX"
  "WorkerType=$WORKER_TYPE" "NumberOfWorkers=$WORKERS")
[ -n "$SCHEDULE" ] && PARAMETERS+=("Schedule=$SCHEDULE")
# a pipeline that reads a database: its template asks where the database is reachable from
if grep -Eq "^ {4,}jdbc:" "$PIPELINE_FILE"; then  # a table's jdbc section (export.jdbc sits at two spaces)
  [ -n "$DB_SUBNET" ] && [ -n "$DB_SECURITY_GROUP" ] && [ -n "$DB_AZ" ] \
    || fail "$NAME reads a database: give --db-subnet, --db-security-group and --db-availability-zone (see README \"Deploy to AWS Glue\")"
  PARAMETERS+=("DatabaseSubnetId=$DB_SUBNET" "DatabaseSecurityGroupId=$DB_SECURITY_GROUP" "DatabaseAvailabilityZone=$DB_AZ")
fi
run aws cloudformation deploy --stack-name "$STACK" --template-file "$TEMPLATE" --capabilities CAPABILITY_IAM \
  --no-fail-on-empty-changeset --parameter-overrides "${PARAMETERS[@]}" "${REGION_ARGS[@]}"

if [ "$DRY_RUN" = 0 ]; then
  echo "deployed stack $STACK; start a workflow run now with: aws glue start-workflow-run --name $(grep -m1 '^name:' "$PIPELINE_FILE" | sed 's/^name:[[:space:]]*//; s/[[:space:]]*#.*//')" >&2
fi
