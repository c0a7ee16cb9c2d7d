@testable import Insights
import Testing

/// Delivery measures on a record worked out by hand.
@Suite struct DeliveryMeasuresTests {
    static let day = 86_400
    /// Monday 2026-03-02, 00:00 UTC.
    static let monday = CivilTime.day("2026-03-02")!

    /// Revision a committed Monday 08:00: integration at 10:00 (both clusters, the later at 10:30), production Tuesday
    /// 09:00 fails, restored by revision b (committed Wednesday 08:00) on Wednesday 12:00; b reaches integration
    /// Wednesday 09:00. Revision c (next week) only on integration, applied from a dirty work tree.
    static let input: DeliveryInput = {
        let m = monday, h = 3600
        let events = [
            DeliveryEvent(cluster: "int-1", stage: "integration", revision: "a", time: m + 10 * h, result: .applied),
            DeliveryEvent(cluster: "int-2", stage: "integration", revision: "a", time: m + 10 * h + 1800, result: .applied),
            DeliveryEvent(cluster: "prd-1", stage: "production", revision: "a", time: m + day + 9 * h, result: .failed),
            DeliveryEvent(cluster: "prd-1", stage: "production", revision: "a", time: m + day + 10 * h, result: .failed),
            DeliveryEvent(cluster: "int-1", stage: "integration", revision: "b", time: m + 2 * day + 9 * h, result: .applied),
            DeliveryEvent(cluster: "int-2", stage: "integration", revision: "b", time: m + 2 * day + 9 * h, result: .applied),
            DeliveryEvent(cluster: "prd-1", stage: "production", revision: "b", time: m + 2 * day + 12 * h, result: .applied),
            DeliveryEvent(cluster: "int-1", stage: "integration", revision: "c-dirty", time: m + 7 * day, result: .applied),
        ]
        return DeliveryInput(events: events, commitTimes: ["a": m + 8 * h, "b": m + 2 * day + 8 * h], stages: ["integration", "production"],
                             source: "a test record")
    }()

    @Test("deployments per week, lead times, change failure rate, time to restore")
    func measures() {
        let report = DeliveryMeasures.report(Self.input)
        #expect(report.deployments == [.init(week: "2026-W10", deployments: [2, 1]), .init(week: "2026-W11", deployments: [1, 0])])
        let integration = report.leadTimes[0], production = report.leadTimes[1]
        #expect(integration.revisions == 2 && integration.medianSeconds == 6300 && integration.longestSeconds == 9000, "a: 2 h 30 min (the later cluster), b: 1 h")
        #expect(integration.unknownCommit == 1, "c was applied with uncommitted changes")
        #expect(production.revisions == 1 && production.medianSeconds == 4 * 3600)
        #expect(report.changeFailure == .init(rollouts: 3, failed: 1, rate: 1.0 / 3, failedRevisions: ["a"]))
        #expect(report.restore == .init(restored: 1, medianSeconds: Double(Self.day + 3 * 3600), longestSeconds: Double(Self.day + 3 * 3600), stillFailing: []),
                "from the first failure, Tuesday 09:00, to Wednesday 12:00")
        #expect(report.missing == ["lead time to integration: 1 revision without a known commit time (applied with uncommitted changes, or not in the fleet's git history)"])
        let text = InsightText.render(report.view)
        #expect(text.contains("Change failure rate: 33 % (1 of 3 rollouts failed on some cluster)."))
        #expect(text.contains("Time to restore: median 27.0 h over 1 failure."))
        #expect(text.contains("  2026-W10            2           1"))
        #expect([Figure.hours(42), Figure.hours(600), Figure.hours(5400), Figure.hours(3 * 86_400), Figure.hours(nil)] == ["42 s", "10 min", "1.5 h", "3.0 d", "–"])
    }

    @Test("since a day; a cluster still failing; nothing recorded says so instead of zero")
    func missing() {
        var input = Self.input
        input.since = Self.monday + Self.day
        input.events.removeAll { $0.revision == "b" && $0.cluster == "prd-1" }
        input.unreadable = ["prd-2": "connection refused"]
        let report = DeliveryMeasures.report(input)
        #expect(report.events == 5 && report.since == "2026-03-03")
        #expect(report.restore.restored == 0 && report.restore.stillFailing == ["prd-1 since 2026-03-03"])
        #expect(report.missing.contains("cluster prd-2: its record could not be read (connection refused); its applies are not counted"))
        #expect(report.missing.contains("lead time to production: no revision has reached production"))

        let empty = DeliveryMeasures.report(DeliveryInput(events: [], commitTimes: [:], stages: ["integration", "production"], source: "nothing"))
        #expect(empty.changeFailure.rate == nil && empty.restore.medianSeconds == nil && empty.leadTimes.allSatisfy { $0.medianSeconds == nil })
        #expect(empty.missing == ["no apply is recorded: peng records each apply of a git revision (peng apply or peng serve on a fleet in git) on the cluster's Supervisor"])
        let text = InsightText.render(empty.view)
        #expect(text.contains("(no rollout recorded)") && text.contains("(no failed apply: nothing to restore)") && !text.contains("0 %"))

        var healthy = Self.input
        healthy.events.removeAll { $0.result == .failed }
        #expect(DeliveryMeasures.report(healthy).missing.contains("time to restore: no failed apply in the period, so nothing to restore"))
        #expect(DeliveryMeasures.report(healthy).changeFailure.rate == 0, "no failure is a measured zero, not a missing one")
    }
}
