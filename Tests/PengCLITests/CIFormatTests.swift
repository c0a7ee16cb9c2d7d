import Foundation
import Testing
import TestHarness

/// The formats CI tools read, each checked with a parser or schema from PyPI: JUnit (junitparser), GitLab Code
/// Quality (jsonschema, GitLab's documented fields), plan Markdown (markdown-it-py, as GitLab and GitHub render
/// it), and the CI templates (check-jsonschema's vendored GitLab CI and GitHub workflow schemas).
@Suite("CI formats and templates")
struct CIFormatTests {
    static let plane = Task { try await LocalControlPlane.start(name: "cifmt") }

    static func saved(_ text: String, _ name: String) throws -> String {
        let url = try PengBinary.temporaryFolder().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("validate -o junit: one test case per file, failures carry every error, warnings in system-out")
    func junit() async throws {
        let broken = try await PengBinary.run(["validate", "examples/broken", "-o", "junit", "--today", "2026-11-27"])
        #expect(broken.status == 1)
        let report = try await PythonTools.check(["junit", try Self.saved(broken.stdout, "broken.xml")])
        let suite = try #require((report["suites"] as? [[String: Any]])?.first)
        let cases = try #require(suite["cases"] as? [[String: Any]])
        #expect(cases.map { $0["name"] as? String } == ["clusters.yaml", "duplicate-key.yaml", "platform.yaml", "teams.yaml"])
        #expect(suite["failures"] as? Int == 3)
        let clusters = try #require((cases[0]["results"] as? [[String: Any]])?.first)
        #expect(clusters["type"] as? String == "failure")
        #expect((clusters["message"] as? String)?.hasPrefix("unknown stage 'integraton': it is not in the Platform's stages (and") == true)
        #expect((clusters["text"] as? String)?.contains("examples/broken/clusters.yaml:15:7: error: unknown field 'spec.nodePools[0].vmclass'") == true)
        #expect((cases[0]["system_out"] as? String)?.contains("warning: cluster 'prd-shared-01' uses v1.26.13") == true)
        #expect((cases[2]["results"] as? [Any])?.isEmpty == true)

        let valid = try await PengBinary.run(["validate", "examples/fleet", "-o", "junit", "--today", "2026-11-27"])
        #expect(valid.status == 0)
        let clean = try await PythonTools.check(["junit", try Self.saved(valid.stdout, "valid.xml")])
        let cleanSuite = try #require((clean["suites"] as? [[String: Any]])?.first)
        let files = try FileManager.default.subpathsOfDirectory(atPath: LocalControlPlane.repositoryRoot.appendingPathComponent("examples/fleet").path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(cleanSuite["failures"] as? Int == 0 && cleanSuite["tests"] as? Int == files.count)
    }

    @Test("validate -o codequality: GitLab's fields, paths from the repository root, one fingerprint per issue")
    func codeQuality() async throws {
        let run = try await PengBinary.run(["validate", "examples/broken", "-o", "codequality", "--today", "2026-11-27"])
        #expect(run.status == 1)
        let schema = LocalControlPlane.repositoryRoot.appendingPathComponent("Tests/PythonChecks/codequality.schema.json").path
        let report = try await PythonTools.check(["codequality", try Self.saved(run.stdout, "gl-code-quality-report.json"), schema])
        let issues = try #require(report["issues"] as? Int)
        #expect(issues > 10)
        #expect(report["fingerprints"] as? Int == issues)
        let first = try #require(report["first"] as? [String: Any])
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["path"] as? String == "examples/broken/clusters.yaml")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 7)
        #expect(first["severity"] as? String == "major")
        #expect((first["description"] as? String)?.contains("hint: did you mean 'integration'?") == true)
    }

    @Test("plan -o markdown: summary first, a collapsible section per cluster, Secret values masked")
    func planMarkdown() async throws {
        let plane = try await Self.plane.value
        var fleet = SmallFleet("mdplan", context: plane.context, teams: [("alpha", ["md-a1"])])
        fleet.extensions = ["prometheus"]
        try await plane.installPackagingCRDs()
        let folder = try fleet.write()
        let access = ["--kubeconfig", plane.kubeconfigPath, "--target", "workload"]
        let applied = try await PengBinary.run(["apply", folder.path, "--timeout", "5"] + access)
        #expect(applied.stdout.contains("Applied:"), "\(applied.stdout)\(applied.stderr)")
        // A new remote-write endpoint changes the values Secret: its new value must not appear in the comment.
        fleet.remoteWrite = "https://metrics-new.example.internal/api/v1/write"
        try fleet.write(to: folder)
        let run = try await PengBinary.run(["plan", folder.path, "-o", "markdown", "--detailed-exitcode"] + access)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("metrics-new.example.internal"), "a Secret value leaked into the comment")
        #expect(run.stdout.contains("Secret/peng-packages/prometheus-values"))
        #expect(run.stdout.contains("(sensitive value changed)"))
        let parsed = try await PythonTools.check(["markdown", try Self.saved(run.stdout, "plan.md")])
        let blocks = try #require(parsed["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "heading_open")
        #expect((blocks.first?["content"] as? String)?.hasPrefix("peng plan") == true)
        #expect(blocks.dropFirst().first?["type"] as? String == "table_open", "the summary table comes first")
        #expect(parsed["tableRows"] as? Int == 2, "a header row and one row per cluster")
        let details = blocks.filter { $0["type"] as? String == "html_block" && ($0["content"] as? String)?.hasPrefix("<details>") == true }
        #expect(details.count == 1)
        #expect((details.first?["content"] as? String)?.contains("<b>mdplan-c1</b>") == true)
        #expect(blocks.contains { $0["type"] as? String == "fence" && $0["info"] as? String == "diff" })
    }

    /// A CI file's jobs by name: the lines from `INDENTname:` to the next line at that indent.
    static func jobs(_ text: String, indent: String) -> [String: String] {
        var jobs: [String: String] = [:]
        var current: String?
        for line in text.components(separatedBy: "\n") {
            let rest = line.dropFirst(indent.count)
            if line.hasPrefix(indent), let first = rest.first, first != " ", first != "#", rest.hasSuffix(":") {
                current = String(rest.dropLast())
                jobs[current!] = ""
            } else if let name = current, line.hasPrefix(indent + " ") || line.isEmpty {
                jobs[name, default: ""] += line + "\n"
            } else {
                current = nil
            }
        }
        return jobs
    }

    @Test("the CI templates pass their platforms' schemas, apply production only after integration, and work on premises")
    func templates() async throws {
        let root = LocalControlPlane.repositoryRoot.appendingPathComponent("examples/ci")
        for (kind, file) in [("gitlab-ci", "gitlab-ci.yml"), ("github-workflows", "github-actions.yml")] {
            let result = try await PythonTools.check(["ci", kind, root.appendingPathComponent(file).path])
            #expect(result["ok"] as? Bool == true, "\(file): \(result["output"] ?? "")")
        }
        let gitlab = try String(contentsOf: root.appendingPathComponent("gitlab-ci.yml"), encoding: .utf8)
        #expect(gitlab.contains("apply-production:\n  stage: production\n  needs: [apply-integration]"))
        #expect(gitlab.contains("peng validate \"$FLEET\" -o codequality > gl-code-quality-report.json"))
        #expect(gitlab.contains("peng plan \"$FLEET\" --kubeconfig \"$PENG_PLAN_KUBECONFIG\" -o markdown"))
        let github = try String(contentsOf: root.appendingPathComponent("github-actions.yml"), encoding: .utf8)
        #expect(github.contains("  production:\n    if: github.event_name == 'push'\n    needs: integration"))

        // On premises: every job that reads a cluster runs on a runner that reaches the Supervisors; the merge
        // request plan uses a credential that is not protected (protected variables never reach merge request
        // pipelines) and, on GitHub, names no environment, so no deployment approval holds it.
        let gitlabJobs = Self.jobs(gitlab, indent: "")
        for job in ["plan", "apply-integration", "apply-production", "status"] {
            #expect(gitlabJobs[job]?.contains("  tags: [$PENG_RUNNER_TAG]\n") == true, "GitLab job \(job) has no runner tag")
        }
        #expect(gitlabJobs["validate"]?.contains("tags:") == false, "validate reads no cluster: any runner")
        #expect(gitlabJobs["plan"]?.contains(#"peng plan "$FLEET" --kubeconfig "$PENG_PLAN_KUBECONFIG""#) == true)
        #expect(gitlabJobs["apply-integration"]?.contains("PENG_PLAN_KUBECONFIG") == false)
        let githubJobs = Self.jobs(github, indent: "  ")
        let plan = try #require(githubJobs["plan"])
        #expect(!plan.contains("environment:"), "the pull request plan waits for no deployment approval")
        #expect(plan.contains("runs-on: [self-hosted, linux, supervisors]"))
        #expect(plan.contains("secrets.PENG_PLAN_KUBECONFIG") && !plan.contains("secrets.KUBECONFIG"))
        for job in ["integration", "production"] {
            #expect(githubJobs[job]?.contains("runs-on: [self-hosted, linux, supervisors]") == true)
            #expect(githubJobs[job]?.contains("environment: \(job)") == true)
        }

        // The schema check is not a rubber stamp: a misspelt key fails it.
        let broken = try Self.saved(gitlab.replacingOccurrences(of: "  needs: [apply-integration]", with: "  needz: [apply-integration]"), "broken-ci.yml")
        let rejected = try await PythonTools.check(["ci", "gitlab-ci", broken])
        #expect(rejected["ok"] as? Bool == false)
    }
}
