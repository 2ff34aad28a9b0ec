#!/usr/bin/env bash
# Deploys a pipeline to AWS Glue: builds the job jars, generates the CloudFormation template from the pipeline's
# workflow, uploads jars, Scala entry scripts and pipeline files under a new artifact version with the AWS CLI, and
# deploys the stack with that version. --dry-run prints every command instead of running it. See docs/deploy.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage_text() {
  cat <<'USAGE'
usage: glue-scripts/deploy.sh <pipeline> --bucket BUCKET --landing s3://BUCKET/PREFIX --lake s3://BUCKET/PREFIX [options]
       glue-scripts/deploy.sh --help

Builds the job jars, uploads them with the Scala scripts and the pipeline files to
s3://BUCKET/PREFIX/VERSION/ and deploys the pipeline's CloudFormation stack with that version.

  <pipeline>                     a built-in pipeline name (academics, app-events, cafe-orders, cinema, covid) or the path of a pipeline YAML
  --bucket BUCKET                the artifact bucket (jars, scripts, pipeline files, templates, Spark event logs)
  --landing s3://BUCKET/PREFIX   where raw files land (the preprocess job's --input)
  --lake s3://BUCKET/PREFIX      the lake root (trusted, curated, quarantine, quality and run-record tables)

Where and what:
  --prefix PREFIX                key prefix in the artifact bucket (default glue-etl)
  --stack-name NAME              the stack; every job, trigger, workflow, connection and alarm is named after it, so a
                                 dev and a prod stack of one pipeline coexist (default glue-etl-<pipeline>)
  --region REGION                AWS region (default: the AWS CLI's)
  --artifact-version V           the key segment of this deployment's artifacts (default computed:
                                 <project version>-<git short sha>[-dirty]-<UTC yyyyMMddTHHmmssZ>); give an earlier
                                 one with --skip-upload to roll back to artifacts already in S3
  --skip-build                   use the jars already built under jobs/*/target
  --skip-upload                  upload nothing: the artifacts of --artifact-version are already in S3
  --dry-run                      print the commands, run none

Jobs:
  --schedule 'cron(0 */2 * * ? *)'   when the workflow starts (pipelines with a scheduled start trigger)
  --worker-type G.1X             G.1X, G.2X, G.4X or G.8X
  --workers 2                    workers per job run (at least 2)
  --kms-key ARN                  the KMS key of the lake bucket: jobs write the lake with SSE-KMS under it and the
                                 role may use it (kms:Decrypt, kms:GenerateDataKey)

Networks (Glue NETWORK connections, for databases in a VPC):
  --db-subnet SUBNET --db-security-group SG --db-availability-zone AZ
                                 required for pipelines that read a database (records tables with jdbc): where the
                                 preprocess job reaches it
  --export-subnet SUBNET --export-security-group SG --export-availability-zone AZ
                                 optional for pipelines with export.jdbc: where the aggregate job reaches the export
                                 database (RDS in a VPC); without them the job connects without a VPC

Observability:
  --no-spark-ui                  no Spark UI event logs (default: to s3://BUCKET/PREFIX/spark-event-logs/)
  --no-observability-metrics     no Glue observability metrics
  --metrics-namespace NAME       CloudWatch namespace of the jobs' metrics and alarms (default GlueEtl); give each
                                 stack of one pipeline its own when they share an account
  --alarm-topic ARN              SNS topic the alarms notify (default: alarms without actions)
  --quality-threshold X          a ruleset's alarm fires when the fraction of its rules that passed is below X
                                 (0..1, default 1.0: any failed rule)

  -h, --help                     this text

Every stack parameter is passed on each deploy (defaults included), so a deployment is described by its command line
alone.
USAGE
}

usage_error() {
  usage_text >&2
  exit 2
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 2
}

[ $# -ge 1 ] || usage_error
case "$1" in
  -h|--help) usage_text; exit 0 ;;
  -*) fail "the first argument is the pipeline (a built-in name or a YAML path), not '$1' (see --help)" ;;
esac
PIPELINE_ARG="$1"
shift
BUCKET="" PREFIX="glue-etl" LANDING="" LAKE="" STACK="" REGION="" SCHEDULE="" WORKER_TYPE="G.1X" WORKERS="2" BUILD=1 UPLOAD=1 DRY_RUN=0
DB_SUBNET="" DB_SECURITY_GROUP="" DB_AZ="" EXPORT_SUBNET="" EXPORT_SECURITY_GROUP="" EXPORT_AZ=""
KMS_KEY="" VERSION="" SPARK_UI="true" OBSERVABILITY="true" NAMESPACE="GlueEtl" ALARM_TOPIC="" QUALITY_THRESHOLD="1.0"
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
    --export-subnet) EXPORT_SUBNET="${2:?--export-subnet needs a value}"; shift 2 ;;
    --export-security-group) EXPORT_SECURITY_GROUP="${2:?--export-security-group needs a value}"; shift 2 ;;
    --export-availability-zone) EXPORT_AZ="${2:?--export-availability-zone needs a value}"; shift 2 ;;
    --kms-key) KMS_KEY="${2:?--kms-key needs a value}"; shift 2 ;;
    --artifact-version) VERSION="${2:?--artifact-version needs a value}"; shift 2 ;;
    --no-spark-ui) SPARK_UI="false"; shift ;;
    --no-observability-metrics) OBSERVABILITY="false"; shift ;;
    --metrics-namespace) NAMESPACE="${2:?--metrics-namespace needs a value}"; shift 2 ;;
    --alarm-topic) ALARM_TOPIC="${2:?--alarm-topic needs a value}"; shift 2 ;;
    --quality-threshold) QUALITY_THRESHOLD="${2:?--quality-threshold needs a value}"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --skip-upload) UPLOAD=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage_text; exit 0 ;;
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
[[ "$STACK" =~ ^[A-Za-z][A-Za-z0-9-]{0,127}$ ]] || fail "--stack-name '$STACK' must start with a letter and hold only letters, digits and '-'"
[[ "$WORKERS" =~ ^[0-9]+$ && "$WORKERS" -ge 2 ]] || fail "--workers '$WORKERS' must be a whole number of at least 2"
[ -z "$KMS_KEY" ] || [[ "$KMS_KEY" =~ ^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$ ]] \
  || fail "--kms-key '$KMS_KEY' must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias: IAM grants on key ARNs"
[ -z "$ALARM_TOPIC" ] || [[ "$ALARM_TOPIC" =~ ^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$ ]] \
  || fail "--alarm-topic '$ALARM_TOPIC' must be the ARN of an SNS topic (arn:aws:sns:REGION:ACCOUNT:NAME)"
[[ "$QUALITY_THRESHOLD" =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || fail "--quality-threshold '$QUALITY_THRESHOLD' must be a number from 0 to 1"
[[ "$NAMESPACE" =~ ^[A-Za-z0-9._/#:-]{1,255}$ && "$NAMESPACE" != AWS/* ]] \
  || fail "--metrics-namespace '$NAMESPACE' must be 1 to 255 letters, digits or . _ / # : - and not start with AWS/"

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

# The artifact version: the project version, the commit (-dirty when the worktree has changes) and the time, so every
# deploy uploads next to the previous ones instead of over them.
if [ -z "$VERSION" ]; then
  [ "$UPLOAD" = 1 ] || fail "--skip-upload needs --artifact-version: the version whose artifacts are already in S3"
  PROJECT_VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)"
  if COMMIT="$(git -C "$ROOT" rev-parse --short=7 HEAD 2> /dev/null)"; then
    [ -z "$(git -C "$ROOT" status --porcelain 2> /dev/null)" ] || COMMIT="$COMMIT-dirty"
  else  # not a git checkout: the pipeline folder's content names the version
    COMMIT="$( (cd "$PIPELINE_DIR" && find . -type f \( -name '*.yaml' -o -name '*.sql' -o -name '*.dqdl' \) | sort | xargs sha256sum) | sha256sum | cut -c1-7)"
  fi
  VERSION="$PROJECT_VERSION-$COMMIT-$(date -u +%Y%m%dT%H%M%SZ)"
fi
[[ "$VERSION" =~ ^[A-Za-z0-9._-]+$ ]] || fail "--artifact-version '$VERSION' may hold only letters, digits, '.', '_' and '-'"

REGION_ARGS=()
[ -n "$REGION" ] && REGION_ARGS=(--region "$REGION")
ARTIFACTS="s3://$BUCKET/$PREFIX/$VERSION"
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

PARAMETERS=(
  "ArtifactBucket=$BUCKET" "ArtifactPrefix=$PREFIX" "ArtifactVersion=$VERSION"
  "LandingBucket=$LANDING_BUCKET" "LandingPrefix=$LANDING_PREFIX"
  "LakeBucket=$LAKE_BUCKET" "LakePrefix=$LAKE_PREFIX" "LakeKmsKeyArn=$KMS_KEY"
  "WorkerType=$WORKER_TYPE" "NumberOfWorkers=$WORKERS"
  "EnableSparkUi=$SPARK_UI" "EnableObservabilityMetrics=$OBSERVABILITY"
  "MetricsNamespace=$NAMESPACE" "QualityScoreAlarmThreshold=$QUALITY_THRESHOLD" "AlarmTopicArn=$ALARM_TOPIC")
[ -n "$SCHEDULE" ] && PARAMETERS+=("Schedule=$SCHEDULE")
# a pipeline that reads a database: its template asks where the database is reachable from
if grep -Eq "^ {4,}jdbc:" "$PIPELINE_FILE"; then  # a table's jdbc section (export.jdbc sits at two spaces)
  [ -n "$DB_SUBNET" ] && [ -n "$DB_SECURITY_GROUP" ] && [ -n "$DB_AZ" ] \
    || fail "$NAME reads a database: give --db-subnet, --db-security-group and --db-availability-zone (see docs/deploy.md)"
  PARAMETERS+=("DatabaseSubnetId=$DB_SUBNET" "DatabaseSecurityGroupId=$DB_SECURITY_GROUP" "DatabaseAvailabilityZone=$DB_AZ")
elif [ -n "$DB_SUBNET$DB_SECURITY_GROUP$DB_AZ" ]; then
  fail "$NAME reads no database: --db-subnet, --db-security-group and --db-availability-zone are for records tables with jdbc"
fi
# a pipeline that exports to a database: its template has an optional connection (empty parameters: none)
if grep -Eq "^export:" "$PIPELINE_FILE"; then
  [ -z "$EXPORT_SUBNET$EXPORT_SECURITY_GROUP$EXPORT_AZ" ] || { [ -n "$EXPORT_SUBNET" ] && [ -n "$EXPORT_SECURITY_GROUP" ] && [ -n "$EXPORT_AZ" ]; } \
    || fail "give all of --export-subnet, --export-security-group and --export-availability-zone, or none"
  PARAMETERS+=("ExportSubnetId=$EXPORT_SUBNET" "ExportSecurityGroupId=$EXPORT_SECURITY_GROUP" "ExportAvailabilityZone=$EXPORT_AZ")
elif [ -n "$EXPORT_SUBNET$EXPORT_SECURITY_GROUP$EXPORT_AZ" ]; then
  fail "$NAME has no export.jdbc: --export-subnet, --export-security-group and --export-availability-zone are for its export database"
fi

if [ "$DRY_RUN" = 0 ]; then
  command -v aws > /dev/null || fail "the AWS CLI (aws) is not on PATH: install it and configure credentials (aws configure)"
fi

if [ "$BUILD" = 1 ] && [ "$UPLOAD" = 1 ]; then
  run mvn -B -q -f "$ROOT/pom.xml" -DskipTests package -pl jobs/preprocess,jobs/aggregate,jobs/quality,jobs/local -am
fi
run mkdir -p "$(dirname "$TEMPLATE")"
# --strict: refuse a pipeline that would misbehave on Glue (e.g. a secret only in an environment variable)
run "$ROOT/glue-etl" deploy-template "$PIPELINE_FILE" --strict --out "$TEMPLATE"
if [ "$UPLOAD" = 1 ]; then
  for job in preprocess aggregate quality; do
    run aws s3 cp "$ROOT/jobs/$job/target/glue-etl-$job.jar" "$ARTIFACTS/jars/glue-etl-$job.jar" "${REGION_ARGS[@]}"
  done
  run aws s3 sync "$ROOT/glue-scripts/scripts" "$ARTIFACTS/scripts" --exclude '*' --include '*.scala' "${REGION_ARGS[@]}"
  run aws s3 sync "$PIPELINE_DIR" "$ARTIFACTS/pipelines" --exclude '*' --include '*.yaml' --include '*.sql' --include '*.dqdl' "${REGION_ARGS[@]}"
fi
# the template goes through S3 (beside the artifacts): CloudFormation takes at most 51,200 bytes inline
run aws cloudformation deploy --stack-name "$STACK" --template-file "$TEMPLATE" --s3-bucket "$BUCKET" --s3-prefix "$PREFIX/$VERSION/templates" \
  --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides "${PARAMETERS[@]}" "${REGION_ARGS[@]}"

if [ "$DRY_RUN" = 0 ]; then
  echo "deployed stack $STACK with artifacts $ARTIFACTS; start a workflow run now with: aws glue start-workflow-run --name $STACK" >&2
fi
