import Foundation

/// One self-contained HTML page (no scripts, no external files): totals, an inline SVG chart of
/// cumulative tokens per turn for each mode stacked by category, the per-turn tables, the
/// assumptions, and the generated TypeScript API and program.
public enum HTMLReport {
    public static func render(_ report: CostReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(escape(report.title)): token cost preview</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2937;max-width:1100px}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px}
            .sub{color:#6b7280;margin-bottom:16px}
            .cards{display:flex;gap:12px;flex-wrap:wrap}
            .card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px;min-width:180px}
            .card b{display:block;font-size:20px}
            table{border-collapse:collapse;margin:6px 0 12px} td,th{border-bottom:1px solid #e5e7eb;padding:3px 8px;text-align:right}
            td:nth-child(2),th:nth-child(2){text-align:left}
            pre{background:#f8fafc;border:1px solid #e5e7eb;padding:10px;overflow:auto;font-size:12px}
            </style></head><body>
            <h1>\(escape(report.title))</h1>
            <div class="sub">\(escape(report.model)) (\(report.provider.rawValue)) — \(escape(report.summaryLine))</div>
            <div class="cards">

            """
        for mode in report.modes {
            html += "<div class=\"card\">\(escape(mode.kind.title))<b>\(CostFormat.grouped(mode.total)) tokens</b>"
            html += "\(mode.turns.count) requests"
            if report.price != nil { html += " · \(CostFormat.dollars(mode.dollars))" }
            html += "</div>\n"
        }
        html +=
            "<div class=\"card\">Saving (\(escape(report.bestCodeMode.kind.title.lowercased())))<b>"
            + "\(CostFormat.percent(report.savedFraction))</b>\(CostFormat.grouped(report.savedTokens)) tokens</div>\n</div>\n"
        html += "<h2>Cumulative tokens per turn</h2>\n" + CostChart.svg(report) + "\n"
        for mode in report.modes {
            html += "<h2>\(escape(mode.kind.title))</h2>\n" + table(mode, money: report.price != nil)
        }
        html +=
            "<h2>Assumptions</h2>\n<ul>\n" + report.assumptions.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        if !report.findings.isEmpty {
            html += "<h2>Problems in the workflow</h2>\n<ul>\n"
            html += report.findings.map {
                "<li>\(escape($0.ruleId)) at \(escape($0.pointer.description)): \(escape($0.message))</li>\n"
            }
            .joined()
            html += "</ul>\n"
        }
        html += "<h2>Generated TypeScript API</h2>\n<pre>\(escape(report.declarations))</pre>\n"
        html += "<h2>Generated program</h2>\n<pre>\(escape(report.program))</pre>\n</body></html>\n"
        return html
    }

    private static func table(_ mode: ModeCost, money: Bool) -> String {
        var out = "<table><tr><th>#</th><th>request</th><th>system</th><th>definitions</th><th>history</th>"
        out +=
            "<th>results</th><th>cached</th><th>output</th><th>cumulative</th>" + (money ? "<th>cost</th>" : "")
            + "</tr>\n"
        for (index, (turn, cumulative)) in zip(mode.turns, mode.cumulative).enumerated() {
            let cells = [
                String(index + 1), escape(turn.label), CostFormat.grouped(turn.system),
                CostFormat.grouped(turn.definitions),
                CostFormat.grouped(turn.historyCalls), CostFormat.grouped(turn.historyResults),
                CostFormat.grouped(turn.cachedInput), CostFormat.grouped(turn.output), CostFormat.grouped(cumulative),
            ]
            out += "<tr>" + cells.map { "<td>\($0)</td>" }.joined()
            out += (money ? "<td>\(CostFormat.dollars(turn.dollars))</td>" : "") + "</tr>\n"
        }
        out += "<tr><th></th><th>total</th><td colspan=\"6\"></td><th>\(CostFormat.grouped(mode.total))</th>"
        out += (money ? "<th>\(CostFormat.dollars(mode.dollars))</th>" : "") + "</tr></table>\n"
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The SVG chart: per turn, one bar per mode stacked by category (cumulative), plus each mode's
/// cumulative total as a line.
public enum CostChart {
    static let categories: [(name: String, color: String, value: @Sendable (TurnCost) -> Int)] = [
        ("system + task", "#94a3b8", { $0.system }),
        ("definitions / API", "#6366f1", { $0.definitions }),
        ("history: calls", "#f59e0b", { $0.historyCalls }),
        ("history: results", "#ef4444", { $0.historyResults }),
        ("output", "#10b981", { $0.output }),
    ]
    static let lineStyles = ["", "8 5", "2 4"]
    static let modeOpacity = [1.0, 0.55, 0.35]

    public static func svg(_ report: CostReport, width: Double = 1000, height: Double = 460) -> String {
        let modes = report.modes
        let left = 80.0
        let right = 20.0
        let top = 20.0
        let bottom = 110.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let turnCount = max(1, modes.map(\.turns.count).max() ?? 1)
        let maxValue = max(1, modes.flatMap(\.cumulative).max() ?? 1)
        let (tickStep, axisMax) = niceAxis(Double(maxValue))
        func y(_ value: Double) -> Double { top + plotHeight - value / axisMax * plotHeight }
        let band = plotWidth / Double(turnCount)
        let barWidth = band * 0.8 / Double(modes.count)

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        svg +=
            "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"system-ui,sans-serif\" font-size=\"12\" role=\"img\">\n"
        svg += "<title>Cumulative tokens per turn: \(modes.map(\.kind.title).joined(separator: " vs "))</title>\n"
        // Y grid, ticks and labels.
        var tick = 0.0
        while tick <= axisMax + tickStep / 2 {
            let ty = y(tick)
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(ty))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(ty))\" stroke=\"#e5e7eb\"/>\n"
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(ty + 4))\" text-anchor=\"end\" fill=\"#374151\">"
                + "\(CostFormat.short(Int(tick)))</text>\n"
            tick += tickStep
        }
        // Bars.
        for (modeIndex, mode) in modes.enumerated() {
            var running = Array(repeating: 0, count: categories.count)
            for (turnIndex, turn) in mode.turns.enumerated() {
                for (categoryIndex, category) in categories.enumerated() {
                    running[categoryIndex] += category.value(turn)
                }
                let x = left + Double(turnIndex) * band + band * 0.1 + Double(modeIndex) * barWidth
                var base = 0.0
                for (categoryIndex, category) in categories.enumerated() where running[categoryIndex] > 0 {
                    let value = Double(running[categoryIndex])
                    svg +=
                        "<rect x=\"\(f(x))\" y=\"\(f(y(base + value)))\" width=\"\(f(max(1, barWidth - 1)))\" "
                        + "height=\"\(f(y(base) - y(base + value)))\" fill=\"\(category.color)\" "
                        + "fill-opacity=\"\(modeOpacity[min(modeIndex, 2)])\"><title>\(HTMLReport.escape(mode.kind.title)), "
                        + "turn \(turnIndex + 1), \(category.name): \(CostFormat.grouped(running[categoryIndex]))</title></rect>\n"
                    base += value
                }
            }
        }
        // Total lines, one per mode, through the tops of its bars.
        for (modeIndex, mode) in modes.enumerated() {
            let points = mode.cumulative.enumerated().map { index, value in
                "\(f(left + Double(index) * band + band * 0.1 + (Double(modeIndex) + 0.5) * barWidth)),\(f(y(Double(value))))"
            }
            let dash = lineStyles[min(modeIndex, 2)]
            svg += "<polyline fill=\"none\" stroke=\"#111827\" stroke-width=\"2\""
            svg +=
                (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")
                + " points=\"\(points.joined(separator: " "))\"/>\n"
            for point in points {
                let xy = point.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"#111827\"/>\n"
            }
        }
        // Axes, x labels and titles.
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#111827\"/>\n"
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" "
            + "y2=\"\(f(top + plotHeight))\" stroke=\"#111827\"/>\n"
        let labelEvery = max(1, turnCount / 25)
        for index in stride(from: 0, to: turnCount, by: labelEvery) {
            svg +=
                "<text x=\"\(f(left + (Double(index) + 0.5) * band))\" y=\"\(f(top + plotHeight + 16))\" "
                + "text-anchor=\"middle\" fill=\"#374151\">\(index + 1)</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 34))\" text-anchor=\"middle\" "
            + "fill=\"#111827\">Turn (model request)</text>\n"
        svg +=
            "<text transform=\"translate(18 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" "
            + "fill=\"#111827\">Cumulative tokens</text>\n"
        // Legend: categories, then one entry per mode (bar shade and line style).
        var legendX = left
        let legendY = top + plotHeight + 56
        for category in categories {
            svg +=
                "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 10))\" width=\"12\" height=\"12\" fill=\"\(category.color)\"/>\n"
            svg += "<text x=\"\(f(legendX + 16))\" y=\"\(f(legendY))\" fill=\"#374151\">\(category.name)</text>\n"
            legendX += 40 + Double(category.name.count) * 6.5
        }
        legendX = left
        for (modeIndex, mode) in modes.enumerated() {
            let ly = legendY + 24
            let dash = lineStyles[min(modeIndex, 2)]
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(ly - 10))\" width=\"12\" height=\"12\" fill=\"#6366f1\" "
            svg += "fill-opacity=\"\(modeOpacity[min(modeIndex, 2)])\"/>\n"
            svg += "<line x1=\"\(f(legendX + 16))\" y1=\"\(f(ly - 4))\" x2=\"\(f(legendX + 44))\" y2=\"\(f(ly - 4))\" "
            svg +=
                "stroke=\"#111827\" stroke-width=\"2\"" + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>\n"
            let label = "\(mode.kind.title) (total \(CostFormat.short(mode.total)))"
            svg += "<text x=\"\(f(legendX + 50))\" y=\"\(f(ly))\" fill=\"#111827\">\(HTMLReport.escape(label))</text>\n"
            legendX += 80 + Double(label.count) * 6.5
        }
        return svg + "</svg>"
    }

    /// A tick step of 1, 2 or 5 × 10^k giving about five ticks, and the axis maximum.
    static func niceAxis(_ maximum: Double) -> (step: Double, max: Double) {
        let rough = maximum / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        return (step, ceil(maximum / step) * step)
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
