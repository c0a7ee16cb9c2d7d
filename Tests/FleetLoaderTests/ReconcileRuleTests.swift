import FleetLoader
import FleetModel
import Testing

@Suite("reconcile.drift: what peng serve does about drift")
struct ReconcileRuleTests {
    @Test("report by default; correct when the Platform says so")
    func values() throws {
        #expect(try FleetFixture([]).validate().validated?.fleet.platform.drift == .report)
        let correct = try FleetFixture([("platform.yaml", "  stages: [integration, production]\n", "  stages: [integration, production]\n  reconcile: {drift: correct}\n")]).validate()
        #expect(correct.validated?.fleet.platform.drift == .correct)
    }

    @Test("an unknown value is an error at its position, with the choices")
    func unknown() throws {
        let result = try FleetFixture([("platform.yaml", "  stages: [integration, production]\n", "  stages: [integration, production]\n  reconcile: {drift: fix}\n")]).validate()
        expectDiagnostic(result, at: "platform.yaml:7:22", saying: ["'spec.reconcile.drift' is 'fix', which is not one of: report, correct"], hint: ["report, correct"])
        #expect(result.validated == nil)
    }
}
