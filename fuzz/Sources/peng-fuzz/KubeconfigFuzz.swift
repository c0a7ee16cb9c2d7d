import FleetModel
import KubeClient

/// The kubeconfig reader: any text as a kubeconfig file. Properties: no crash or hang; a rejection is a KubeError with
/// a message; every context a parsed kubeconfig names either resolves to a connection or fails with a KubeError.
enum KubeconfigFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let config: Kubeconfig
        do { config = try Kubeconfig.parse(text, file: "/fuzz/kubeconfig") } catch let error as KubeError {
            if error.message.isEmpty { FuzzTarget.fail("a KubeError without a message") }
            return
        } catch {
            FuzzTarget.fail("not a KubeError: \(error)")
        }
        for context in config.contexts.keys.sorted().prefix(8) {
            do { _ = try config.connection(context: context) } catch is KubeError {} catch {
                FuzzTarget.fail("connection(context:) threw \(error)")
            }
        }
    }
}
