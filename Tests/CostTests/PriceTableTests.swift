import Testing

@testable import Cost

@Suite struct PriceTableTests {
    @Test func everyRowIsDatedSourcedAndConsistent() throws {
        #expect(PriceTable.isAvailable)
        for model in [
            "claude-sonnet-4-5-20250929", "claude-opus-4-5", "claude-haiku-4-5", "gpt-4o", "gpt-4o-mini", "gpt-5",
            "gpt-4.1", "gemini-2.5-pro",
        ] {
            let price = try #require(PriceTable.price(model: model), "\(model)")
            #expect(!price.asOf.isEmpty && !price.source.isEmpty, "\(model)")
            #expect(price.cachedInput < price.input && price.input < price.output, "\(model)")
            #expect(price.cacheWrite >= price.input, "\(model)")
        }
    }

    @Test func longestPrefixWins() throws {
        #expect(PriceTable.price(model: "gpt-4o-mini-2024-07-18")?.input == 0.15)
        #expect(PriceTable.price(model: "gpt-4o-2024-08-06")?.input == 2.5)
        #expect(PriceTable.price(model: "gpt-5-mini")?.input == 0.25)
        #expect(PriceTable.price(model: "claude-opus-4-1")?.input == 15)
        #expect(PriceTable.price(model: "claude-opus-4-5")?.input == 5)
        #expect(PriceTable.price(model: "llama-3") == nil)
    }

    @Test func overridesReplaceFieldByField() throws {
        let price = try #require(PriceTable.price(model: "gpt-4o")).applying(PriceOverride(cachedInput: 0.5))
        #expect(price.cachedInput == 0.5 && price.input == 2.5 && price.output == 10)
        #expect(price.source.contains("overridden"))
    }
}
