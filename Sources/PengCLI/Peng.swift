import ArgumentParser

/// `peng`: a fleet repository in, Tanzu clusters and their tenancy out.
public struct Peng: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "peng",
        abstract: "Turn a fleet repository into Tanzu clusters, namespaces, network rules, quotas and extensions.",
        discussion: """
            A fleet is a folder of YAML documents (apiVersion: peng.dev/v1alpha1): one Platform, any number \
            of Clusters and Teams. Every command validates the fleet first and does nothing when it is invalid.
            """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, RenderCommand.self, PlanCommand.self, ApplyCommand.self, StatusCommand.self, UpgradeCommand.self,
                      ProductsCommand.self, OrderCommand.self, ServeCommand.self, InsightsCommand.self]
    )

    public init() {}
}
