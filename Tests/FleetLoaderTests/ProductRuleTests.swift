import FleetLoader
import FleetModel
import Foundation
import Testing

/// The Product and Order rules of the contract, each with its position and remedy, all at once.
@Suite("Products and orders")
struct ProductRuleTests {
    static let product = """
        apiVersion: peng.dev/v1alpha1
        kind: Product
        metadata:
          name: mysql
        spec:
          package: mysql.products.example.internal
          repository: {name: platform-products, url: harbor.example.internal/platform/products:v1}
          stages: [integration, production]
          versions:
            - {version: 8.4.3, state: supported}
            - {version: 8.0.40, state: deprecated, expires: 2027-04-30}
            - {version: 8.5.0, state: preview}
            - {version: 5.7.44, state: expired}
          parameters:
            storage: {type: quantity, default: 20Gi, min: 5Gi, max: 500Gi}
            replicas: {type: integer, default: 1, min: 1, max: 5}
            tier: {type: string, enum: [small, medium, large], default: small}
            backups: {type: boolean, default: true}
          bestPractice:
            mysqld: {slowQueryLog: true, innodbBufferPoolPercent: 70}
          mandatory:
            tls: {required: true, minVersion: "1.2"}
            securityContext: {runAsNonRoot: true}

        """

    static func order(_ spec: String, name: String = "alpha-db") -> String {
        "apiVersion: peng.dev/v1alpha1\nkind: Order\nmetadata:\n  name: \(name)\nspec:\n" + spec
    }

    static let validOrder = order("""
          team: alpha
          product: mysql
          version: "8.4"
          stage: integration
          namespace: alpha
          parameters: {storage: 50Gi, replicas: 3}
          values:
            mysqld: {slowQueryLog: false}
            tls: {ciphers: modern}

        """)

    /// The minimal fleet plus these files.
    static func fixture(_ extra: [String: String]) throws -> FleetFixture {
        var files: [String: String] = [:]
        for name in ["platform.yaml", "clusters.yaml", "teams.yaml"] {
            files[name] = try String(contentsOf: FleetFixture.minimalURL.appendingPathComponent(name), encoding: .utf8)
        }
        return try FleetFixture(files: files.merging(extra) { _, new in new })
    }

    @Test("a valid order resolves: version prefix to newest supported, cluster of its space, values merged in the contract's order")
    func validOrder() throws {
        let result = try Self.fixture(["products/mysql.yaml": Self.product, "orders/alpha/db.yaml": Self.validOrder]).validate()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let order = try #require(result.validated?.orders.first)
        #expect(order.version.version.description == "8.4.3")
        #expect(order.cluster == "int-01")
        #expect(order.lockedPaths == ["securityContext.runAsNonRoot", "tls.minVersion", "tls.required"])
        let values = order.values
        #expect(values[path: "mysqld", "slowQueryLog"] == false, "the order's values win over best practice")
        #expect(values[path: "mysqld", "innodbBufferPoolPercent"] == 70, "best practice stays where not overridden")
        #expect(values["storage"] == "50Gi" && values["replicas"] == 3, "parameters at their names")
        #expect(values["tier"] == "small" && values["backups"] == true, "defaults filled in")
        #expect(values[path: "tls", "minVersion"] == "1.2" && values[path: "tls", "ciphers"] == "modern", "mandatory last; other keys beside it stay")
    }

    @Test("bestPractice: false leaves the product's best practice out")
    func bestPracticeOff() throws {
        let order = Self.validOrder.replacingOccurrences(of: "  values:\n    mysqld: {slowQueryLog: false}\n    tls: {ciphers: modern}\n", with: "  bestPractice: false\n")
        let result = try Self.fixture(["products/mysql.yaml": Self.product, "orders/db.yaml": order]).validate()
        let values = try #require(result.validated?.orders.first?.values)
        #expect(values["mysqld"] == nil)
        #expect(values[path: "tls", "required"] == true)
    }

    @Test("every order problem at once, each at its position with a remedy")
    func orderProblems() throws {
        let orders = Self.order("""
              team: alpah
              product: mysql
              version: "9"
              stage: integration
              namespace: alpha
              parameters: {storage: 900Gi, replicaz: 2, tier: huge, replicas: "3"}
              values:
                tls: {minVersion: "1.0"}
                securityContext: false

            """, name: "broken") + "---\n" + Self.order("""
              team: alpha
              product: mysqll
              version: "8.4"
              stage: integration
              namespace: alpha

            """, name: "unknown-product") + "---\n" + Self.order("""
              team: beta
              product: mysql
              version: "8.4"
              stage: integration
              namespace: alpha

            """, name: "wrong-namespace")
        let result = try Self.fixture(["products/mysql.yaml": Self.product, "orders.yaml": orders]).validate()
        #expect(result.validated == nil)
        expectDiagnostic(result, at: "orders.yaml:6:9", saying: ["unknown team 'alpah'"], hint: ["did you mean 'alpha'?"])
        expectDiagnostic(result, at: "orders.yaml:8:12", saying: ["product 'mysql' has no version matching '9'"], hint: ["available: 8.4.3 (supported)"])
        expectDiagnostic(result, at: "orders.yaml:11:25", saying: ["parameter 'storage' is 900Gi, above the maximum 500Gi"])
        expectDiagnostic(result, at: "orders.yaml:11:32", saying: ["product 'mysql' has no parameter 'replicaz'"], hint: ["did you mean 'replicas'?"])
        expectDiagnostic(result, at: "orders.yaml:11:51", saying: ["parameter 'tier' is 'huge', which is not one of: small, medium, large"])
        expectDiagnostic(result, at: "orders.yaml:11:67", saying: ["parameter 'replicas' must be a whole number, found 3"])
        expectDiagnostic(result, at: "orders.yaml:13:11", saying: ["values path 'tls.minVersion' would change 'tls.minVersion', which product 'mysql' makes mandatory"],
                         hint: ["products/mysql.yaml:22:27"])
        expectDiagnostic(result, at: "orders.yaml:14:5", saying: ["values path 'securityContext' would change 'securityContext.runAsNonRoot'"],
                         hint: ["products/mysql.yaml:23:23"])
        expectDiagnostic(result, at: "orders.yaml:22:12", saying: ["unknown product 'mysqll'"], hint: ["did you mean 'mysql'?"])
        expectDiagnostic(result, at: "orders.yaml:36:14", saying: ["'alpha' is not a namespace of team 'beta' in stage 'integration'"], hint: ["beta"])
    }

    @Test("versions as for Kubernetes: deprecated warns with its date, expired and preview-by-prefix are errors, a pinned preview is fine")
    func versions() throws {
        func result(_ version: String) throws -> ValidationResult {
            try Self.fixture(["products/mysql.yaml": Self.product,
                              "orders.yaml": Self.validOrder.replacingOccurrences(of: "version: \"8.4\"", with: "version: \"\(version)\"")]).validate()
        }
        let deprecated = try result("8.0")
        #expect(deprecated.validated != nil)
        expectDiagnostic(deprecated, .warning, at: "orders.yaml:8:12", saying: ["mysql 8.0.40 is deprecated and expires on 2027-04-30"],
                         hint: ["team 'alpha'"])
        expectDiagnostic(try result("5.7"), at: "orders.yaml:8:12", saying: ["matches only the expired mysql 5.7.44"])
        expectDiagnostic(try result("5.7.44"), at: "orders.yaml:8:12", saying: ["mysql 5.7.44 is expired"])
        expectDiagnostic(try result("8.5"), at: "orders.yaml:8:12", saying: ["matches only the preview 8.5.0 of mysql"], hint: ["pin it"])
        #expect(try result("8.5.0").validated?.orders.first?.version.version.description == "8.5.0")
        let past = try Self.fixture(["products/mysql.yaml": Self.product,
                                     "orders.yaml": Self.validOrder.replacingOccurrences(of: "version: \"8.4\"", with: "version: \"8.0\"")])
            .validate(today: "2027-05-01")
        expectDiagnostic(past, at: "orders.yaml:8:12", saying: ["deprecated and expired on 2027-04-30"])
    }

    @Test("product rules: stages, versions, parameter definitions; duplicate orders per namespace")
    func productProblems() throws {
        let product = Self.product
            .replacingOccurrences(of: "stages: [integration, production]", with: "stages: [integration, prodution]")
            .replacingOccurrences(of: "- {version: 8.0.40, state: deprecated, expires: 2027-04-30}", with: "- {version: 8.0.40, state: deprecated}")
            .replacingOccurrences(of: "replicas: {type: integer, default: 1, min: 1, max: 5}", with: "replicas: {type: integer, default: 9, min: 1, max: 5}")
            .replacingOccurrences(of: "backups: {type: boolean, default: true}", with: "backups: {type: boolean, enum: [yes], default: maybe}")
        let orders = Self.validOrder + "---\n" + Self.validOrder
        let result = try Self.fixture(["products/mysql.yaml": product, "orders.yaml": orders]).validate()
        expectDiagnostic(result, at: "products/mysql.yaml:8:25", saying: ["product 'mysql': unknown stage 'prodution'"], hint: ["did you mean 'production'?"])
        expectDiagnostic(result, at: "products/mysql.yaml:11:32", saying: ["deprecated version 8.0.40 of product 'mysql' has no expiry date"])
        expectDiagnostic(result, at: "products/mysql.yaml:16:40", saying: ["parameter 'replicas': the default is 9, above the maximum 5"])
        expectDiagnostic(result, at: "products/mysql.yaml:18:36", saying: ["parameter 'backups': 'enum' is for string parameters only"])
        expectDiagnostic(result, at: "products/mysql.yaml:18:52", saying: ["parameter 'backups': the default must be true or false, found maybe"])
        expectDiagnostic(result, at: "orders.yaml:19:9", saying: ["duplicate order 'alpha-db' in namespace 'alpha'"])
    }
}
