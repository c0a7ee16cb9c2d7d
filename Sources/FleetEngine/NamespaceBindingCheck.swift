import FleetModel
import FleetRender
import FleetUpgrade
import KubeClient

/// Part of a cluster's Supervisor step, before anything is planned there: a cluster uses only what its vSphere
/// Namespace is given. vSphere 8 publishes the VM classes bound to a namespace as namespaced VirtualMachineClass
/// objects (vm-operator's v1alpha2 API) and the storage classes assigned to it as limits in the namespace's storage
/// ResourceQuota (`<class>.storageclass.storage.k8s.io/requests.storage`), and a new cluster can only be made at a
/// release the Supervisor offers as a ready, compatible TanzuKubernetesRelease. TKGS refuses such a cluster, or never
/// provisions it; the plan says so first, as a blocker naming the class and the namespace, and nothing of that cluster
/// is applied. What the Supervisor does not publish (no namespaced VirtualMachineClass API, as on vSphere 7; no storage
/// quota; no releases) is not judged, and what cannot be read is a note: the Supervisor stays the last word.
struct NamespaceBindingCheck {
    let client: KubeClient
    let supervisor: String

    struct Outcome {
        var errors: [EngineError] = []
        var notes: [String] = []
    }

    func check(_ target: ClusterTarget) async -> Outcome {
        var outcome = Outcome()
        let namespace = target.vsphereNamespace
        let clusterRef = target.onSupervisor.objects.map(\.ref).first(where: ClusterKinds.isCluster)
        for binding in [Binding.vmClass, .storageClass] {
            do {
                guard let given = try await binding == .vmClass ? vmClasses(in: namespace) : storageClasses(in: namespace) else { continue }
                let used = binding == .vmClass ? target.vmClasses : target.storageClasses
                for name in used where !given.contains(name) {
                    outcome.errors.append(EngineError(.notBoundToNamespace,
                        "cluster '\(target.name)' uses \(binding.rawValue) '\(name)', which is not \(binding.given) to vSphere Namespace '\(namespace)' on Supervisor '\(supervisor)'",
                        hint: "\(Self.listing("\(binding.given) there", given)); \(binding.remedy) or use one of those"))
                }
            } catch {
                outcome.notes.append("the \(binding.rawValue)es \(binding.given) to vSphere Namespace '\(namespace)' could not be read (\(EngineError(error).message)): they are not checked before apply; the Supervisor still refuses a class not \(binding.given) there")
            }
        }
        if let release = target.onCluster.kubernetes, let clusterRef {
            do {
                // Only a new cluster: an existing one's release changes through the upgrade walk, which checks the offer
                // step by step, and a Supervisor that stops offering a running release must not block its other changes.
                if try await client.get(clusterRef) == nil, let offer = try await SupervisorOffer.read(from: client), !offer.isEmpty,
                   let problem = SupervisorRelease.problem(of: release, in: offer, supervisor: supervisor)
                {
                    outcome.errors.append(EngineError(.releaseNotOffered, "cluster '\(target.name)' cannot be created: \(problem.message)",
                                                      hint: problem.hint))
                }
            } catch {
                outcome.notes.append("the releases Supervisor '\(supervisor)' offers could not be read (\(EngineError(error).message)): the release of the new cluster '\(target.name)' is not checked before apply")
            }
        }
        return outcome
    }

    /// What vCenter gives a vSphere Namespace, as messages name it.
    enum Binding: String {
        case vmClass = "VM class", storageClass = "storage class"

        var given: String { self == .vmClass ? "bound" : "assigned" }
        var remedy: String {
            self == .vmClass ? "bind it to the namespace in vCenter (Namespaces, VM Service, Manage VM classes)"
                : "add its storage policy to the namespace in vCenter (Namespaces, Storage)"
        }
    }

    /// The VM classes bound to the namespace; nil where the Supervisor does not publish them per namespace.
    private func vmClasses(in namespace: String) async throws -> Set<String>? {
        do {
            return Set(try await client.list(apiVersion: ClusterKinds.vmClass.apiVersion, kind: ClusterKinds.vmClass.kind, namespace: namespace).map(\.name))
        } catch let error as KubeError where error.code == .kindNotServed {
            return nil
        }
    }

    /// The storage classes the namespace's quotas name; nil where no quota names any.
    private func storageClasses(in namespace: String) async throws -> Set<String>? {
        let quotas = try await client.list(apiVersion: "v1", kind: "ResourceQuota", namespace: namespace)
        let names = quotas.flatMap { $0[path: "spec", "hard"]?.objectValue?.keys.map { $0 } ?? [] }
            .filter { $0.hasSuffix(ClusterKinds.storageQuotaSuffix) }
            .map { String($0.dropLast(ClusterKinds.storageQuotaSuffix.count)) }
        return names.isEmpty ? nil : Set(names)
    }

    /// `bound there: a, b`, or `nothing is bound there`.
    private static func listing(_ what: String, _ names: Set<String>) -> String {
        names.isEmpty ? "nothing is \(what)" : "\(what): \(names.sorted().joined(separator: ", "))"
    }
}
