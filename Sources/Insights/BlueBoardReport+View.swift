extension BlueBoardReport {
    /// The board as notes, a board of cards (HTML) and the same in a table (every output).
    public var view: InsightView {
        let yellow = themes.filter { $0.colour == .yellow }.count
        var notes = ["\(themes.count) theme\(themes.count == 1 ? "" : "s") from \(files.joined(separator: ", ")): \(yellow) yellow (run), \(themes.count - yellow) green (development); "
            + "\(themes.filter(\.moved).count) moved since the last review (\(lastReview)).",
                     "Rule: \(rule)."]
        if outsideThemes > 0 { notes.append("\(outsideThemes) ticket\(outsideThemes == 1 ? " is" : "s are") in no theme.") }
        if !problems.isEmpty { notes.append("\(problems.count) input problem\(problems.count == 1 ? "" : "s"); see the table 'Input problems'.") }

        let columns = [("To do", "new"), ("In progress", "indeterminate"), ("Done", "done")].map { title, category in
            InsightBoard.Column(title: title, cards: themes.filter { $0.statusCategory == category || (category == "indeterminate" && !["new", "done"].contains($0.statusCategory)) }.map { theme in
                var lines = ["\(theme.done) of \(theme.total) done (\(Figure.percent(theme.doneShare)))", "Status: \(theme.status)"]
                if !theme.teams.isEmpty { lines.append("Asked by: \(theme.teams.joined(separator: ", "))") }
                if let last = theme.lastActivity { lines.append("Last activity: \(last)") }
                return InsightBoard.Card(key: theme.key, title: theme.title, colour: theme.colour.rawValue, lines: lines, flag: theme.moved ? "moved" : nil)
            })
        }
        let sprintRows = themes.flatMap { theme in theme.closedPerSprint.map { [theme.key, $0.sprint, "\($0.closed)"] } }
        let tables = [
            InsightTable(id: "themes", title: "Themes", columns: ["Theme", "Title", "Colour", "Why", "Status", "Done", "Total", "Done share", "Teams", "Started", "Last activity", "Moved"],
                         rows: themes.map { [$0.key, $0.title, $0.colour.rawValue, $0.colourWhy, $0.status, "\($0.done)", "\($0.total)", Figure.percent($0.doneShare),
                                             $0.teams.joined(separator: ", "), $0.started ?? "–", $0.lastActivity ?? "–", $0.moved ? "yes" : "no"] },
                         empty: "no theme: no ticket of a theme type, no parent, no theme label"),
            InsightTable(id: "theme-closed-per-sprint", title: "Closed per sprint, by theme", columns: ["Theme", "Sprint", "Closed"], rows: sprintRows,
                         empty: "no closed ticket of a theme is in a sprint"),
            .inputProblems(problems),
        ]
        // No chart: each card shows its progress, and the themes' table has the numbers.
        return InsightView(title: "Blue Board", notes: notes, tables: tables, charts: [],
                           board: InsightBoard(id: "blue-board", title: "Blue Board (as of \(asOf))", columns: columns))
    }
}
