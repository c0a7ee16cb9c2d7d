extension TeamWorkReport {
    /// The report as notes, tables and charts, for every output.
    public var view: InsightView {
        var notes = ["\(tickets) tickets from \(files.joined(separator: ", ")), \(closed) of them closed."]
        if sharedTickets > 0 {
            notes.append("\(sharedTickets) ticket\(sharedTickets == 1 ? " was" : "s were") in more than one file; each counted once (the copy in the later file).")
        }
        if let plan = planning.plan {
            notes.append("Planning hint: plan \(plan) ticket\(plan == 1 ? "" : "s") into the next sprint = round(\(Figure.decimal(planning.throughput)) closed per sprint "
                + "× \(Figure.percent(planning.plannedShare)) planned share), from \(planning.sprints.joined(separator: ", ")).")
        }
        if let missing = planning.missing { notes.append("Planning hint: \(missing).") }
        for gap in gaps { notes.append("\(gap.measure): \(gap.tickets) ticket\(gap.tickets == 1 ? "" : "s") not counted: \(gap.why) (e.g. \(gap.examples.prefix(3).joined(separator: ", ")))") }
        if !otherTypes.isEmpty {
            let total = otherTypes.map(\.closed).reduce(0, +)
            notes.append("Incidents vs requests: \(total) closed ticket\(total == 1 ? " is" : "s are") of other types (\(otherTypes.map { "\($0.name) \($0.closed)" }.joined(separator: ", "))), shown as other.")
        }
        if !problems.isEmpty { notes.append("\(problems.count) input problem\(problems.count == 1 ? "" : "s"); see the table 'Input problems'.") }

        let sprintNames = sprints.map(\.sprint)
        let tables = [
            InsightTable(id: "closed-per-sprint", title: "Closed per sprint: run and development",
                         columns: ["Sprint", "Start", "Closed", "Development", "Run", "Development share"],
                         rows: sprints.map { [$0.sprint, $0.start ?? "–", "\($0.closed)", "\($0.development)", "\($0.run)", Figure.percent($0.developmentShare)] },
                         empty: "no closed ticket is in a sprint"),
            InsightTable(id: "planned-vs-done", title: "Planned vs done per sprint",
                         columns: ["Sprint", "Planned", "Planned and done", "Added during sprint", "Carried over", "Planned done"],
                         rows: sprints.map { [$0.sprint, "\($0.planned)", "\($0.plannedDone)", "\($0.added)", "\($0.carriedOver)", Figure.percent($0.plannedDoneShare)] },
                         empty: "no ticket is in a sprint"),
            InsightTable(id: "planning-hint", title: "Planning hint: inputs",
                         columns: ["Sprint", "Closed", "Planned and done"],
                         rows: planning.sprints.indices.map { [planning.sprints[$0], "\(planning.closed[$0])", "\(planning.plannedDone[$0])"] },
                         empty: planning.missing ?? "no data"),
            InsightTable(id: "closed-per-week", title: "Closed per calendar week (week label)",
                         columns: ["Week", "Closed", "Development", "Run"],
                         rows: weeks.map { [$0.week, "\($0.closed)", "\($0.development)", "\($0.run)"] }, empty: "no closed ticket has a calendar-week label"),
            InsightTable(id: "incidents-vs-requests", title: "Incidents vs requests per week closed",
                         columns: ["Week", "Incidents", "Requests", "Other"],
                         rows: incidentsAndRequests.map { [$0.week, "\($0.incidents)", "\($0.requests)", "\($0.other)"] }, empty: "no closed ticket has a resolution date"),
            InsightTable(id: "per-product", title: "Closed per product", columns: ["Product", "Closed"],
                         rows: products.map { [$0.name, "\($0.closed)"] }, empty: "no closed ticket has a product label"),
            InsightTable(id: "per-team", title: "Closed per requesting team", columns: ["Team", "Closed"],
                         rows: teams.map { [$0.name, "\($0.closed)"] }, empty: "no closed ticket names its team"),
            InsightTable(id: "not-counted", title: "Not counted, by measure", columns: ["Measure", "Tickets", "Why"],
                         rows: gaps.map { [$0.measure, "\($0.tickets)", $0.why] }, empty: "every ticket was counted in every measure"),
            .inputProblems(problems),
        ]
        let charts = [
            InsightChart(id: "closed-per-sprint", title: "Closed per sprint: run and development", kind: .stacked, categories: sprintNames,
                         series: [.init(name: "Run", values: sprints.map { Double($0.run) }), .init(name: "Development", values: sprints.map { Double($0.development) })],
                         unit: "tickets"),
            InsightChart(id: "planned-vs-done", title: "Planned vs done per sprint", kind: .grouped, categories: sprintNames,
                         series: [.init(name: "Planned", values: sprints.map { Double($0.planned) }),
                                  .init(name: "Planned and done", values: sprints.map { Double($0.plannedDone) }),
                                  .init(name: "Carried over", values: sprints.map { Double($0.carriedOver) })], unit: "tickets"),
            InsightChart(id: "incidents-vs-requests", title: "Incidents vs requests per week closed", kind: .grouped,
                         categories: incidentsAndRequests.map(\.week),
                         series: [.init(name: "Incidents", values: incidentsAndRequests.map { Double($0.incidents) }),
                                  .init(name: "Requests", values: incidentsAndRequests.map { Double($0.requests) })], unit: "tickets"),
            InsightChart(id: "per-product", title: "Closed per product", kind: .horizontal, categories: products.map(\.name),
                         series: [.init(name: "Closed", values: products.map { Double($0.closed) })], unit: "tickets"),
        ]
        return InsightView(title: "Team work from Jira", notes: notes, tables: tables, charts: charts)
    }
}
