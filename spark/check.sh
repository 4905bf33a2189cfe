#!/usr/bin/env bash
# Installs PySpark into a virtual environment, builds newsrake, and checks that the Spark job (local
# mode) gives the single-machine records field for field on a generated corpus of 1,000+ documents
# with planted near duplicates; prints documents/s per run. See docs/spark.md.
#   spark/check.sh                       # JSON Lines and WARC.gz input, 1, 2, 4, 8 partitions
#   spark/check.sh --formats jsonl --partitions 2
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/spark-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'pyspark>=3.5'
fi
command -v java >/dev/null || { echo "spark/check.sh: Java 17 is needed (apt-get install openjdk-17-jre-headless)" >&2; exit 2; }
cargo build --release --quiet
export PYSPARK_PYTHON="$PWD/$venv/bin/python"
nice "$venv/bin/python" spark/check.py "$@"
