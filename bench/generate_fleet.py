#!/usr/bin/env python3
"""Writes a synthetic fleet: N clusters over two stages and four Supervisors, and teams with one
space per stage (S spaces in all), every other space with two namespaces, cross-team allows; with ORDERS,
the example's products and that many orders spread over the teams' spaces.

Usage: bench/generate_fleet.py OUT_DIR CLUSTERS SPACES [ORDERS]
FLEET_SUPERVISORS=2: only the example's two Supervisors (muenster, frankfurt), for runs against local ones.
"""
import os
import shutil
import sys

out, clusters, spaces = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
orders = int(sys.argv[4]) if len(sys.argv) > 4 else 0
shutil.rmtree(out, ignore_errors=True)
os.makedirs(f"{out}/clusters")
os.makedirs(f"{out}/teams")

with open("examples/fleet/platform.yaml") as f:
    platform = f.read()
supervisors = ["muenster", "frankfurt", "hamburg", "berlin"][:int(os.environ.get("FLEET_SUPERVISORS", "4"))]
platform = platform if len(supervisors) == 2 else platform.replace(
    "    - name: frankfurt                        # datacenter 2\n",
    "    - name: hamburg\n      context: supervisor-hamburg\n      reservedCIDRs: [10.246.0.0/20]\n"
    "    - name: berlin\n      context: supervisor-berlin\n      reservedCIDRs: [10.247.0.0/20]\n"
    "    - name: frankfurt                        # datacenter 2\n")
# Every team's on-call receiver, as the Platform must declare them.
teams = spaces // 2
receivers = "".join(f'        - {{name: team-{t:05d}-oncall, webhook: "https://oncall.example.internal/hooks/team-{t:05d}"}}\n'
                    for t in range(teams))
marker = "      receivers:                              # how each cluster's Alertmanager reaches the on-call tools\n"
assert marker in platform, "examples/fleet/platform.yaml no longer declares receivers where expected"
platform = platform.replace(marker, marker + receivers)
with open(f"{out}/platform.yaml", "w") as f:
    f.write(platform)

per_stage = clusters // 2
stage_clusters = {"integration": [], "production": []}
for i in range(clusters):
    stage = "integration" if i < per_stage else "production"
    name = f"{stage[:3]}-{i:04d}"
    stage_clusters[stage].append(name)
    with open(f"{out}/clusters/{name}.yaml", "w") as f:
        f.write(f"""apiVersion: peng.dev/v1alpha1
kind: Cluster
metadata:
  name: {name}
spec:
  stage: {stage}
  supervisor: {supervisors[i % len(supervisors)]}
  vsphereNamespace: ns-{name}
  kubernetes: {"v1.26" if i % 3 == 0 else "v1.27"}
  controlPlane: {{replicas: 3, vmClass: best-effort-medium, storageClass: vsan-default}}
  nodePools:
    - name: workers
      replicas: 3
      vmClass: best-effort-large
      storageClass: vsan-default
      autoscaling: {{min: 3, max: 8}}
  network:
    pods: 192.168.0.0/16
    services: 10.112.0.0/12
  extensions: [external-dns]
  dns: {{provider: rfc2136, domainFilters: [{name}.example.internal], credentials: {{secret: external-dns-tsig, keys: [TSIG_SECRET]}}}}
""")

for t in range(teams):
    name = f"team-{t:05d}"
    neighbour = f"team-{(t + 1) % teams:05d}"
    blocks = []
    for stage in ("integration", "production"):
        pool = stage_clusters[stage]
        cluster = pool[t % len(pool)]
        namespaces = f"[{name}]" if t % 2 == 0 else f"[{name}, {name}-jobs]"
        # The neighbour lands on the same cluster only when it maps to it; allow it where it does.
        allow = f"\n        allowFrom: [{neighbour}]" if len(pool) == 1 or (t + 1) % teams % len(pool) == t % len(pool) else ""
        blocks.append(f"""    - stage: {stage}
      cluster: {cluster}
      namespaces: {namespaces}
      quota: {{cpu: "8", memory: 32Gi, pods: 100}}
      limits: {{defaultCPU: 250m, defaultMemory: 256Mi}}
      network:
        ingress: {"true" if t % 3 == 0 else "false"}{allow}
        egress: [10.20.{t % 256}.0/24]
""")
    with open(f"{out}/teams/{name}.yaml", "w") as f:
        f.write(f"""apiVersion: peng.dev/v1alpha1
kind: Team
metadata:
  name: {name}
spec:
  owners: [AD-GRP-{name.upper()}-DEV]
  viewers: [AD-GRP-{name.upper()}-PO]
  onCall: {name}-oncall
  spaces:
""" + "".join(blocks))

if orders:
    shutil.copytree("examples/fleet/products", f"{out}/products")
    os.makedirs(f"{out}/orders")
    products = [("mysql", '"8.4"', "{storage: 50Gi, replicas: 3}"), ("postgresql", '"16"', "{storage: 100Gi}"),
                ("redis", '"7.2"', "{memory: 2Gi}")]
    documents = []
    for o in range(orders):
        t = o % teams
        stage = "integration" if (o // teams) % 2 == 0 else "production"
        product, version, parameters = products[o % 3]
        documents.append(f"""apiVersion: peng.dev/v1alpha1
kind: Order
metadata:
  name: {product}-{o:05d}
spec:
  team: team-{t:05d}
  product: {product}
  version: {version}
  stage: {stage}
  namespace: team-{t:05d}
  parameters: {parameters}
""")
    with open(f"{out}/orders/orders.yaml", "w") as f:
        f.write("---\n".join(documents))
