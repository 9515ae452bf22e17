#!/usr/bin/env bash
# Regenerates the Kubernetes object fixtures of the engine tests from a real client:
# `kubectl ... --dry-run=client -o json` (works offline). Kinds kubectl cannot create are derived
# from a generated Deployment with the kind changed and that kind's exact spec fields (no status:
# their status types have required fields a client never sends), as the API server would receive
# them. fixtures.test.ts validates every file against the Kubernetes schemas (kubernetes-models).
# Run from anywhere: gate/testdata/k8s/generate.sh
set -euo pipefail
cd "$(dirname "$0")"

DIGEST=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
HASH=5d4f8c7b9
INIT=myacr.azurecr.io/shop/init-db:0.9

write() { jq --sort-keys . > "$1"; echo "wrote $1"; }

# Deployment: three containers (private registry tag, registry with port + digest, Docker Hub short
# name) and one init container, which kubectl cannot add, so jq does.
kubectl create deployment web \
  --image=myacr.azurecr.io/shop/api:1.4 \
  --image="localhost:5000/tools/sidecar@${DIGEST}" \
  --image=nginx \
  --dry-run=client -o json \
  | jq --arg init "$INIT" '.metadata.namespace = "shop"
      | .spec.template.metadata.labels.tier = "frontend"
      | .spec.template.spec.initContainers = [{name: "init-db", image: $init, resources: {}}]' \
  | write deployment.json

# ReplicaSet created by the Deployment controller: owner reference and pod-template-hash.
jq --arg hash "$HASH" '.kind = "ReplicaSet"
    | .metadata.name = "web-\($hash)"
    | .metadata.labels["pod-template-hash"] = $hash
    | .metadata.ownerReferences = [{apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "6f1c2b9e-1d0e-4a53-9b1e-1c7e2f3a4b5c", controller: true, blockOwnerDeletion: true}]
    | .spec.selector.matchLabels["pod-template-hash"] = $hash
    | .spec.template.metadata.labels["pod-template-hash"] = $hash
    | del(.spec.strategy) | del(.status)' deployment.json | write replicaset.json

# Bare Pod: the Deployment's pod template as a Pod.
jq '{kind: "Pod", apiVersion: "v1",
     metadata: (.spec.template.metadata + {name: "web-debug", namespace: .metadata.namespace}),
     spec: .spec.template.spec, status: {}}' deployment.json | write pod.json

# Pod created by that ReplicaSet: generateName, controller owner reference, the template's labels.
jq --arg hash "$HASH" '{kind: "Pod", apiVersion: "v1",
     metadata: (.spec.template.metadata + {generateName: "web-\($hash)-", namespace: .metadata.namespace,
       ownerReferences: [{apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-\($hash)", uid: "0a8e7c1d-55b4-4c1e-8f61-2d9a3b4c5d6e", controller: true, blockOwnerDeletion: true}]}),
     spec: .spec.template.spec, status: {}}' replicaset.json | write pod-of-replicaset.json

# StatefulSet: serviceName, updateStrategy, no Deployment strategy.
jq '.kind = "StatefulSet" | .metadata.name = "db" | .spec.serviceName = "db"
    | .spec.updateStrategy = {type: "RollingUpdate"} | .spec.podManagementPolicy = "OrderedReady"
    | del(.spec.strategy) | del(.status)' deployment.json | write statefulset.json

# DaemonSet: no replicas, updateStrategy instead of strategy.
jq '.kind = "DaemonSet" | .metadata.name = "agent" | .spec.updateStrategy = {type: "RollingUpdate"}
    | del(.spec.strategy) | del(.spec.replicas) | del(.status)' deployment.json | write daemonset.json

# ReplicationController: core/v1, selector is a plain map, no strategy.
jq '.kind = "ReplicationController" | .apiVersion = "v1" | .metadata.name = "legacy"
    | .spec.selector = .spec.selector.matchLabels | del(.spec.strategy) | del(.status)' deployment.json \
  | write replicationcontroller.json

# Pod created by the StatefulSet (controller owner), e.g. db-0.
jq '{kind: "Pod", apiVersion: "v1",
     metadata: (.spec.template.metadata + {name: "db-0", namespace: .metadata.namespace,
       ownerReferences: [{apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: "3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4", controller: true, blockOwnerDeletion: true}]}),
     spec: .spec.template.spec, status: {}}' statefulset.json | write pod-of-statefulset.json

# Job and CronJob straight from kubectl.
kubectl create job migrate --image=myacr.azurecr.io/shop/migrate:2.0 --dry-run=client -o json \
  | jq '.metadata.namespace = "shop"' | write job.json
kubectl create cronjob nightly --image=myacr.azurecr.io/shop/report:3.1 --schedule="0 2 * * *" --dry-run=client -o json \
  | jq '.metadata.namespace = "shop"' | write cronjob.json

# Pod after `kubectl debug -it web-debug --image=busybox`: the pods/ephemeralcontainers subresource
# carries the whole Pod with spec.ephemeralContainers added.
jq '.spec.ephemeralContainers = [{name: "debugger-x7k2p", image: "myacr.azurecr.io/tools/debug:1.0",
      stdin: true, tty: true, targetContainerName: "api", resources: {}, terminationMessagePolicy: "File"}]' pod.json \
  | write pod-with-ephemeral.json
