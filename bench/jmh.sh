#!/usr/bin/env bash
# JMH benchmarks of the kernels (module benchmarks, outside the default build). Builds it, then runs JMH with any
# arguments given, e.g. bench/jmh.sh MlpKernelBench -p rows=51200 -p precision=float32
# The first build of the profile needs JMH from Maven Central (mvn without -o once).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q ${MVN_OFFLINE:--o} -P bench -DskipTests package -pl benchmarks -am >&2)
target="$root/benchmarks/target"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java --add-modules jdk.incubator.vector -cp "$target/benchmarks.jar:$target/lib/*" org.openjdk.jmh.Main "$@"
