import Foundation
import InsightsSample

// peng-insights-sample TICKETS FOLDER [SEED [SUMMARY_BYTES]]: writes jira.csv, rest/search-N.json, insights.yaml and the known
// answers (answers-csv.json, answers-rest.json) for tests, the benchmark and trying `peng insights jira` out.
let arguments = CommandLine.arguments
guard arguments.count >= 3, let tickets = Int(arguments[1]), tickets > 0 else {
    FileHandle.standardError.write(Data("usage: peng-insights-sample TICKETS FOLDER [SEED [SUMMARY_BYTES]]\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[2])
var sample = SampleExport(tickets: tickets, seed: arguments.count > 3 ? UInt64(arguments[3]) ?? 42 : 42)
// Longer summaries (a description of SUMMARY_BYTES each): the same tickets in a much larger file.
sample.summaryPadding = arguments.count > 4 ? Int(arguments[4]) ?? 0 : 0
do {
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("rest"), withIntermediateDirectories: true)
    try sample.writeCSV(to: folder.appendingPathComponent("jira.csv"))
    _ = try sample.writeREST(to: folder.appendingPathComponent("rest"))
    try Data(sample.config.utf8).write(to: folder.appendingPathComponent("insights.yaml"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(sample.answers(csv: true)).write(to: folder.appendingPathComponent("answers-csv.json"))
    try encoder.encode(sample.answers(csv: false)).write(to: folder.appendingPathComponent("answers-rest.json"))
} catch {
    FileHandle.standardError.write(Data("peng-insights-sample: \(error)\n".utf8))
    exit(1)
}
