// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "peng",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "peng", targets: ["peng"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Plain values: the fleet kinds, KubeObject (a JSON tree), diagnostics, encoders.
        .target(name: "FleetModel"),
        // YAML -> model with source positions; the validator that collects every diagnostic.
        .target(name: "FleetLoader", dependencies: ["FleetModel", "Yams"]),
        // Validated model -> desired objects per target. Pure: no I/O.
        .target(name: "FleetRender", dependencies: ["FleetModel"]),
        // One command type per verb; thin.
        .target(name: "PengCLI", dependencies: [
            "FleetModel", "FleetLoader", "FleetRender",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "peng", dependencies: ["PengCLI"]),

        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "Yams"]),
        .testTarget(name: "FleetLoaderTests", dependencies: ["FleetLoader"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "FleetRenderTests", dependencies: ["FleetRender", "FleetLoader"],
                    exclude: ["Golden"]),
        .testTarget(name: "PengCLITests", dependencies: ["peng"]),
    ]
)
