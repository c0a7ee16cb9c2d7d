import FleetLoader
import FleetModel
import Foundation
import KubeClient

/// A file of kapp-controller `Package` documents: what the simulated package repositories offer
/// (`peng-simulator supervisor --packages FILE`, examples/package-repository/packages.yaml).
public enum RepositoryOfferFile {
    public static func load(_ path: String) throws -> [OfferedPackage] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw KubeError(.configuration, "cannot read the package offer \(path): \(error.localizedDescription)")
        }
        return try YAMLValues.documents(in: text).enumerated().map { index, document in
            let object = KubeObject(document)
            guard object.kind == "Package", object.apiVersion == PackageOffer.apiVersion, let package = OfferedPackage(object) else {
                throw KubeError(.configuration, "\(path), document \(index + 1): not a \(PackageOffer.apiVersion) Package with spec.refName and spec.version")
            }
            return package
        }
    }
}
