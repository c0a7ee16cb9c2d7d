/// Delivery measures from the record of applies.
public enum DeliveryMeasures {
    public static func report(_ input: DeliveryInput) -> DeliveryReport {
        let events = input.events.filter { input.since == nil || $0.time >= input.since! }.sorted { ($0.time, $0.cluster) < ($1.time, $1.cluster) }
        var missing: [String] = input.unreadable.sorted { $0.key < $1.key }.map { "cluster \($0.key): its record could not be read (\($0.value)); its applies are not counted" }
        if events.isEmpty {
            missing.append(input.since == nil
                ? "no apply is recorded: peng records each apply of a git revision (peng apply or peng serve on a fleet in git) on the cluster's Supervisor"
                : "no apply is recorded since \(CivilTime.date(input.since!))")
        }
        let stages = input.stages + Set(events.map(\.stage)).subtracting(input.stages).sorted()

        // When each revision reached each stage: the last of the stage's clusters to apply it (each cluster's first success).
        var firstApplied: [String: [String: [String: Int]]] = [:]  // stage -> revision -> cluster -> time
        for event in events where event.result == .applied {
            if firstApplied[event.stage]?[event.revision]?[event.cluster] == nil { firstApplied[event.stage, default: [:]][event.revision, default: [:]][event.cluster] = event.time }
        }
        var reached: [String: [String: Int]] = [:]  // stage -> revision -> time
        for (stage, revisions) in firstApplied {
            for (revision, clusters) in revisions { reached[stage, default: [:]][revision] = clusters.values.max()! }
        }

        var weeks: [CivilTime.Week: [Int]] = [:]
        for (index, stage) in stages.enumerated() {
            for time in (reached[stage] ?? [:]).values { weeks[CivilTime.isoWeek(time), default: Array(repeating: 0, count: stages.count)][index] += 1 }
        }

        let leadTimes = stages.map { stage -> DeliveryReport.LeadTime in
            var seconds: [Double] = [], unknown = 0
            for (revision, time) in reached[stage] ?? [:] {
                if let committed = input.commitTimes[revision] { seconds.append(Double(max(time - committed, 0))) } else { unknown += 1 }
            }
            return .init(stage: stage, revisions: seconds.count, medianSeconds: median(seconds), longestSeconds: seconds.max(), unknownCommit: unknown)
        }
        for lead in leadTimes where lead.unknownCommit > 0 {
            missing.append("lead time to \(lead.stage): \(lead.unknownCommit) revision\(lead.unknownCommit == 1 ? "" : "s") without a known commit time "
                + "(applied with uncommitted changes, or not in the fleet's git history)")
        }
        for lead in leadTimes where lead.revisions == 0 && lead.unknownCommit == 0 && !events.isEmpty {
            missing.append("lead time to \(lead.stage): no revision has reached \(lead.stage)")
        }

        // A rollout is a revision; it failed when any cluster's apply of it failed.
        var revisions: [String: Int] = [:]
        var failedRevisions = Set<String>()
        for event in events {
            revisions[event.revision] = min(revisions[event.revision] ?? .max, event.time)
            if event.result == .failed { failedRevisions.insert(event.revision) }
        }
        let failedInOrder = failedRevisions.sorted { revisions[$0]! < revisions[$1]! }
        let failure = DeliveryReport.ChangeFailure(rollouts: revisions.count, failed: failedRevisions.count,
                                                   rate: revisions.isEmpty ? nil : Double(failedRevisions.count) / Double(revisions.count),
                                                   failedRevisions: failedInOrder.map { String($0.prefix(12)) })

        // Time to restore, per cluster: from its first failed apply to its next successful one.
        var failingSince: [String: Int] = [:], restores: [Double] = []
        for event in events {
            switch event.result {
            case .failed: if failingSince[event.cluster] == nil { failingSince[event.cluster] = event.time }
            case .applied:
                if let since = failingSince.removeValue(forKey: event.cluster) { restores.append(Double(event.time - since)) }
            }
        }
        if failedRevisions.isEmpty, !events.isEmpty { missing.append("time to restore: no failed apply in the period, so nothing to restore") }
        let restore = DeliveryReport.Restore(restored: restores.count, medianSeconds: median(restores), longestSeconds: restores.max(),
                                             stillFailing: failingSince.sorted { $0.key < $1.key }.map { "\($0.key) since \(CivilTime.date($0.value))" })

        return DeliveryReport(source: input.source, since: input.since.map(CivilTime.date), stages: stages, events: events.count,
                              deployments: weeks.sorted { $0.key < $1.key }.map { .init(week: $0.key.description, deployments: $0.value) },
                              leadTimes: leadTimes, changeFailure: failure, restore: restore, missing: missing)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension DeliveryReport {
    public var view: InsightView {
        var notes = ["\(events) applies from \(source)\(since.map { " since \($0)" } ?? "")."]
        if let rate = changeFailure.rate {
            notes.append("Change failure rate: \(Figure.percent(rate)) (\(changeFailure.failed) of \(changeFailure.rollouts) rollouts failed on some cluster).")
        }
        if restore.restored > 0 { notes.append("Time to restore: median \(Figure.hours(restore.medianSeconds)) over \(restore.restored) failure\(restore.restored == 1 ? "" : "s").") }
        for cluster in restore.stillFailing { notes.append("Still failing: \(cluster).") }
        notes += missing.map { "Missing: \($0)." }
        let tables = [
            InsightTable(id: "deployments-per-week", title: "Deployments per stage per week", columns: ["Week"] + stages,
                         rows: deployments.map { [$0.week] + $0.deployments.map(String.init) }, empty: "no revision reached any stage"),
            InsightTable(id: "lead-time", title: "Lead time from commit", columns: ["Stage", "Revisions", "Median", "Longest", "Commit unknown"],
                         rows: leadTimes.map { [$0.stage, "\($0.revisions)", Figure.hours($0.medianSeconds), Figure.hours($0.longestSeconds), "\($0.unknownCommit)"] }),
            InsightTable(id: "change-failure", title: "Change failure rate", columns: ["Rollouts", "Failed", "Rate", "Failed revisions"],
                         rows: changeFailure.rollouts == 0 ? [] : [["\(changeFailure.rollouts)", "\(changeFailure.failed)", Figure.percent(changeFailure.rate),
                                                                    changeFailure.failedRevisions.joined(separator: " ")]],
                         empty: "no rollout recorded"),
            InsightTable(id: "time-to-restore", title: "Time to restore", columns: ["Restored", "Median", "Longest", "Still failing"],
                         rows: restore.restored == 0 && restore.stillFailing.isEmpty ? [] : [["\(restore.restored)", Figure.hours(restore.medianSeconds),
                                                                                             Figure.hours(restore.longestSeconds), restore.stillFailing.joined(separator: "; ")]],
                         empty: "no failed apply: nothing to restore"),
        ]
        let charts = [
            InsightChart(id: "deployments-per-week", title: "Deployments per stage per week", kind: .grouped, categories: deployments.map(\.week),
                         series: stages.indices.map { index in .init(name: stages[index], values: deployments.map { Double($0.deployments[index]) }) },
                         unit: "revisions"),
            InsightChart(id: "lead-time", title: "Median lead time from commit (hours)", kind: .horizontal,
                         categories: leadTimes.filter { $0.medianSeconds != nil }.map(\.stage),
                         series: [.init(name: "Median", values: leadTimes.compactMap(\.medianSeconds).map { ($0 / 360).rounded() / 10 })], unit: "h"),
        ]
        return InsightView(title: "Platform delivery", notes: notes, tables: tables, charts: charts)
    }
}
