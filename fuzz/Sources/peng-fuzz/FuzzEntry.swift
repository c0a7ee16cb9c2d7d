import CFuzzDriver
import Foundation

/// The program's entry point as SwiftPM links it: libFuzzer's driver, with its command line (corpus folders, -runs,
/// -max_total_time, …).
@_cdecl("peng_fuzz_main")
public func pengFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}

/// libFuzzer's entry point: one input, handed to the target named by PENG_FUZZ_TARGET (bench/fuzz.sh sets it).
/// A target checks its properties itself; a broken property stops the run with `FuzzTarget.fail`, which libFuzzer
/// records as a crash, with the input that caused it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

enum FuzzTarget: String, CaseIterable {
    case fleet, kubeconfig, jiraCSV = "jira-csv", jiraREST = "jira-rest", insightsConfig = "insights-config", jql, webhook, apiJSON = "api-json"

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["PENG_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("PENG_FUZZ_TARGET must be one of \(allCases.map(\.rawValue).joined(separator: ", ")); got '\(name)'\n".utf8))
            exit(64)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .fleet: FleetFuzz.run(bytes)
        case .kubeconfig: KubeconfigFuzz.run(bytes)
        case .jiraCSV: JiraFuzz.csv(bytes)
        case .jiraREST: JiraFuzz.rest(bytes)
        case .insightsConfig: JiraFuzz.config(bytes)
        case .jql: JiraFuzz.jql(bytes)
        case .webhook: WebhookFuzz.run(bytes)
        case .apiJSON: APIAnswerFuzz.run(bytes)
        }
    }

    /// A property broke: stop, so libFuzzer keeps the input.
    static func fail(_ property: String) -> Never {
        fatalError("property broken: \(property)")
    }
}
