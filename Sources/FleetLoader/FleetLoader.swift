import FleetModel
import Foundation
internal import Yams

/// What loading a fleet produced: the model (nil when it could not be built) and every diagnostic so far.
public struct LoadedFleet: Sendable {
    public var fleet: Fleet?
    public var diagnostics: [Diagnostic]
    /// How many files and documents were read, for the report.
    public var fileCount: Int
    public var documentCount: Int
    /// The files read, relative to the fleet root, in order.
    public var files: [String] = []
}

/// Stage 1 of the pipeline: fleet folder -> model with source positions.
public struct FleetLoader: Sendable {
    /// The most peng reads of one fleet file: far beyond any hand-written document, small enough to refuse a wrong file.
    public static let fileLimit = 16 << 20

    public init() {}

    /// - Parameter overlay: relative path -> text, read instead of the file there (or as a new file): the fleet as it
    ///   would be with a change, validated before anything is written.
    public func load(from root: URL, overlay: [String: String] = [:]) -> LoadedFleet {
        let sink = DiagnosticSink()
        var files: [FleetFiles.File]
        do {
            let found = try FleetFiles.find(in: root)
            files = found.files
            // A folder that cannot be read hides clusters and teams: the fleet is not fully seen, so it is not valid.
            for folder in found.unreadable {
                sink.error(at: .file(folder.path), "cannot read this folder of the fleet: \(folder.reason)",
                           hint: "give peng read access to every folder of the fleet repository (what it cannot see it would take as removed)")
            }
        } catch {
            sink.error(at: .file(root.path), error.description,
                       hint: "pass the path of your fleet repository, e.g. 'peng validate examples/fleet'")
            return LoadedFleet(fleet: nil, diagnostics: sink.diagnostics, fileCount: 0, documentCount: 0)
        }
        for path in overlay.keys.sorted() where !files.contains(where: { $0.relativePath == path }) {
            files.append(FleetFiles.File(relativePath: path, url: root.appendingPathComponent(path)))
        }
        files.sort { $0.relativePath < $1.relativePath }
        var documents = DecodedDocuments()
        var documentCount = 0
        var unread = 0
        for file in files {
            let data: Data
            if let text = overlay[file.relativePath] { data = Data(text.utf8) } else {
                do { data = try InputFile.data(file.url.path, what: "fleet file", limit: Self.fileLimit) } catch {
                    sink.error(at: .file(file.relativePath), "\(error)",
                               hint: (error as? InputFileError)?.isTooLarge == true
                                   ? "split it into several files (one document per cluster or team is usual)" : "check that peng may read it")
                    unread += 1
                    continue
                }
            }
            guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
                sink.error(at: .file(file.relativePath), "not a UTF-8 text file, so not YAML",
                           hint: "fleet files must be UTF-8 YAML; move other files out of the fleet folder")
                unread += 1
                continue
            }
            for node in YAMLDocuments.parse(text, file: file.relativePath, into: sink) {
                documentCount += 1
                DocumentDecoder(file: file.relativePath, sink: sink).decode(node, into: &documents)
            }
        }
        // Files that could not be read already have their error: a missing Platform is then no news.
        let fleet = documents.platforms.isEmpty && unread > 0 ? nil : assemble(documents, files: files, root: root, sink: sink)
        return LoadedFleet(fleet: fleet, diagnostics: sink.diagnostics, fileCount: files.count, documentCount: documentCount,
                           files: files.map(\.relativePath))
    }

    private func assemble(_ documents: DecodedDocuments, files: [FleetFiles.File], root: URL, sink: DiagnosticSink) -> Fleet? {
        if files.isEmpty {
            sink.error(at: .file(root.lastPathComponent), "no fleet files found: the folder has no *.yaml or *.yml files",
                       hint: "point peng at the folder that holds your Platform, Cluster and Team documents")
            return nil
        }
        guard let platform = documents.platforms.first else {
            sink.error(at: .file(files[0].relativePath), "the fleet has no Platform document",
                       hint: "add exactly one document with 'kind: Platform' (see docs/fleet-format.md)")
            return nil
        }
        for extra in documents.platforms.dropFirst() {
            sink.error(at: extra.locations["metadata.name"], "a second Platform '\(extra.name)'; a fleet has exactly one",
                       hint: "the first Platform is '\(platform.name)' at \(platform.locations["metadata.name"]); merge the two or remove one")
        }
        return Fleet(platform: platform, clusters: documents.clusters, teams: documents.teams, products: documents.products,
                     orders: documents.orders)
    }
}

struct DecodedDocuments {
    var platforms: [Platform] = []
    var clusters: [Cluster] = []
    var teams: [Team] = []
    var products: [Product] = []
    var orders: [Order] = []
}

/// One document: apiVersion, kind, metadata.name, spec — then the kind's own decoder.
struct DocumentDecoder {
    let file: String
    let sink: DiagnosticSink

    func decode(_ node: Node, into documents: inout DecodedDocuments) {
        if case .scalar(let scalar) = node, scalar.tagName == .null { return }  // an empty document
        guard let document = MappingReader(node, file: file, path: "",
                                           allowed: ["apiVersion", "kind", "metadata", "spec"], sink: sink)
        else { return }
        let apiVersion = document.string("apiVersion", required: true, hint: "add 'apiVersion: \(FleetAPI.version)'")
        if let apiVersion, apiVersion != FleetAPI.version {
            sink.error(at: document.locations["apiVersion"], "unsupported apiVersion '\(apiVersion)'",
                       hint: "use 'apiVersion: \(FleetAPI.version)'")
        }
        let kinds = FleetKind.allCases.map(\.rawValue)
        guard let kindName = document.string("kind", required: true, hint: "add 'kind:' with one of \(kinds.joined(separator: ", "))")
        else { return }
        guard let kind = FleetKind(rawValue: kindName) else {
            sink.error(at: document.locations["kind"], "unknown kind '\(kindName)'",
                       hint: Suggestion.hint(for: kindName, in: kinds, noun: "one of the fleet kinds"))
            return
        }
        let metadata = document.nested("metadata", allowed: ["name", "labels", "annotations"], required: true,
                                       hint: "add 'metadata:' with a 'name:'")
        let name = metadata?.string("name", required: true, hint: "add 'name:' under metadata") ?? ""
        _ = metadata?.node("labels")
        _ = metadata?.node("annotations")
        guard let specNode = document.node("spec", required: true, hint: "add 'spec:' with the \(kindName)'s settings") else {
            return
        }
        let nameLocation = document.locations["metadata.name"]
        switch kind {
        case .platform: documents.platforms += [PlatformDecoder(file: file, sink: sink).decode(specNode, name: name, nameAt: nameLocation)].compactMap { $0 }
        case .cluster: documents.clusters += [ClusterDecoder(file: file, sink: sink).decode(specNode, name: name, nameAt: nameLocation)].compactMap { $0 }
        case .team: documents.teams += [TeamDecoder(file: file, sink: sink).decode(specNode, name: name, nameAt: nameLocation)].compactMap { $0 }
        case .product: documents.products += [ProductDecoder(file: file, sink: sink).decode(specNode, name: name, nameAt: nameLocation)].compactMap { $0 }
        case .order: documents.orders += [OrderDecoder(file: file, sink: sink).decode(specNode, name: name, nameAt: nameLocation)].compactMap { $0 }
        }
    }
}
