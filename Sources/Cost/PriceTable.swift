import BundledResources
import Foundation
import JSON

/// A model's list prices in USD per million tokens, with where they come from.
public struct ModelPrice: Sendable, Equatable {
    public var model: String
    public var input: Double
    public var cachedInput: Double
    public var output: Double
    /// Cache writes; equal to `input` where the provider charges nothing extra.
    public var cacheWrite: Double
    public var asOf: String
    public var status: String
    public var source: String

    public init(
        model: String, input: Double, cachedInput: Double, output: Double, cacheWrite: Double? = nil,
        asOf: String = "", status: String = "user", source: String = "given"
    ) {
        self.model = model
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
        self.cacheWrite = cacheWrite ?? input
        self.asOf = asOf
        self.status = status
        self.source = source
    }

    /// These prices with the workflow's overrides applied field by field.
    public func applying(_ override: PriceOverride?) -> ModelPrice {
        guard let override else { return self }
        var copy = self
        if let value = override.input { copy.input = value }
        if let value = override.cachedInput { copy.cachedInput = value }
        if let value = override.output { copy.output = value }
        if let value = override.cacheWrite { copy.cacheWrite = value }
        copy.source += " (overridden in the workflow)"
        return copy
    }
}

/// The dated, sourced price table shipped as `Resources/prices.json`.
public enum PriceTable {
    /// The price of a model (longest model-id prefix), or nil if the table does not list it.
    public static func price(model: String) -> ModelPrice? {
        guard case .success(let data) = loaded else { return nil }
        var best: (length: Int, price: ModelPrice)?
        for table in data["tables"]?.arrayValue ?? [] {
            for row in table["rows"]?.arrayValue ?? [] {
                let prefixes = row["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
                guard let length = prefixes.filter({ model.hasPrefix($0) }).map(\.count).max(),
                    best.map({ length > $0.length }) ?? true,
                    let input = row["input"]?.numberValue, let cached = row["cachedInput"]?.numberValue,
                    let output = row["output"]?.numberValue
                else { continue }
                best = (
                    length,
                    ModelPrice(
                        model: model, input: input, cachedInput: cached, output: output,
                        cacheWrite: row["cacheWrite"]?.numberValue, asOf: table["as_of"]?.stringValue ?? "",
                        status: table["status"]?.stringValue ?? "unverified", source: table["source"]?.stringValue ?? ""
                    )
                )
            }
        }
        return best?.price
    }

    /// Whether the bundled table could be read (a broken install shows up here).
    public static var isAvailable: Bool {
        if case .success = loaded { return true }
        return false
    }

    private static let loaded: Result<JSONValue, CostResourceError> = {
        guard let path = CostResources.file("prices.json"), let data = FileManager.default.contents(atPath: path) else {
            return .failure(CostResourceError(message: "prices.json not found"))
        }
        do {
            return .success(try Jansson.decode(Array(data)))
        } catch {
            return .failure(CostResourceError(message: "prices.json: \(error)"))
        }
    }()
}

struct CostResourceError: Error, Sendable {
    var message: String
}

/// This target's bundled resources (`BundledResources`).
enum CostResources {
    static func file(_ name: String) -> String? {
        BundledResources.file(name, target: "Cost", sourceFile: #filePath)
    }
}
