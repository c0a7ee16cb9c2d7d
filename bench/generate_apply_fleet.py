#!/usr/bin/env python3
"""A fleet with one workload cluster and enough team namespaces for about N objects (11 per namespace:
Namespace, ResourceQuota, LimitRange, two RoleBindings, six NetworkPolicies), no extensions.

Usage: bench/generate_apply_fleet.py OUT_DIR OBJECTS CONTEXT
"""
import os
import shutil
import sys

out, objects, context = sys.argv[1], int(sys.argv[2]), sys.argv[3]
namespaces = max(1, round(objects / 11))
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
teams = [f"team-{i:04d}" for i in range(namespaces)]
docs = [f"""apiVersion: peng.dev/v1alpha1
kind: Platform
metadata: {{name: bench}}
spec:
  stages: [integration]
  supervisors: [{{name: dc1, context: supervisor-dc1}}]
  kubernetesReleases: [{{version: v1.27.11+vmware.1-tkg.2, state: supported}}]
  baseline:
    extensions: []
    security: {{podSecurity: restricted, defaultDenyNetwork: true}}
""", f"""apiVersion: peng.dev/v1alpha1
kind: Cluster
metadata: {{name: bench-c1}}
spec:
  stage: integration
  supervisor: dc1
  vsphereNamespace: bench
  kubernetes: v1.27
  context: {context}
  controlPlane: {{replicas: 1, vmClass: small, storageClass: vsan}}
  nodePools: [{{name: workers, replicas: 1, vmClass: small, storageClass: vsan}}]
  network: {{pods: 192.168.0.0/16, services: 10.112.0.0/12}}
"""]
for i, team in enumerate(teams):
    neighbour = teams[(i + 1) % len(teams)]
    docs.append(f"""apiVersion: peng.dev/v1alpha1
kind: Team
metadata: {{name: {team}}}
spec:
  owners: [GRP-{team.upper()}]
  viewers: [GRP-{team.upper()}-VIEW]
  spaces:
    - stage: integration
      cluster: bench-c1
      namespaces: [{team}]
      quota: {{cpu: "8", memory: 32Gi, pods: 100}}
      limits: {{defaultCPU: 250m, defaultMemory: 256Mi}}
      network: {{ingress: true, allowFrom: [{neighbour}], egress: [10.20.{i % 256}.0/24]}}
""")
with open(f"{out}/fleet.yaml", "w") as f:
    f.write("---\n".join(docs))
