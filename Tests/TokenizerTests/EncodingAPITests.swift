import Testing
import Tokenizer

@Suite struct EncodingAPITests {
    @Test func modelNamesMapToTiktokensEncodings() {
        let cases: [(String, EncodingName?)] = [
            ("gpt-4o", .o200kBase), ("gpt-4o-2024-08-06", .o200kBase), ("gpt-4o-mini", .o200kBase),
            ("gpt-4.1", .o200kBase), ("gpt-4.1-nano", .o200kBase), ("gpt-5", .o200kBase), ("gpt-5-mini", .o200kBase),
            ("o1", .o200kBase), ("o3-mini", .o200kBase), ("o4-mini-2025-04-16", .o200kBase),
            ("ft:gpt-4o-mini:org::id", .o200kBase), ("gpt-4", .cl100kBase), ("gpt-4-0613", .cl100kBase),
            ("gpt-4-turbo", .cl100kBase), ("gpt-3.5-turbo-0125", .cl100kBase),
            ("text-embedding-3-small", .cl100kBase), ("gpt-oss-120b", .o200kHarmony), ("gpt-oss", .o200kHarmony),
            ("claude-sonnet-4-5", nil), ("davinci", nil),
        ]
        for (model, expected) in cases {
            #expect(EncodingName.forModel(model) == expected, "\(model)")
        }
        #expect(throws: TokenizerError.unknownModel("claude-opus-4")) { try Encoding.forModel("claude-opus-4") }
    }

    @Test func encodingsAreCachedAndShareVocabularies() throws {
        let o200k = try Encoding.named(.o200kBase)
        #expect(try Encoding.named(.o200kBase) === o200k)
        #expect(try Encoding.forModel("gpt-4o") === o200k)
        let harmony = try Encoding.named(.o200kHarmony)
        #expect(harmony.name == .o200kHarmony)
        #expect(
            harmony.encodeOrdinary("Tools: get_weather(location)")
                == o200k.encodeOrdinary("Tools: get_weather(location)"))
    }

    @Test func vocabularySizesMatchTiktoken() throws {
        #expect(try Encoding.named(.cl100kBase).vocabularySize == 100_277)
        #expect(try Encoding.named(.o200kBase).vocabularySize == 200_019)
        #expect(try Encoding.named(.o200kHarmony).vocabularySize == 201_088)
    }

    @Test func harmonySpecialTokens() throws {
        let harmony = try Encoding.named(.o200kHarmony)
        let text = "<|start|>assistant<|channel|>commentary<|message|>{}<|call|>"
        let ids = harmony.encode(text, allowedSpecial: .all)
        #expect(ids.first == 200006)
        #expect(ids.last == 200012)
        #expect(ids.contains(200005) && ids.contains(200008))
        #expect(try harmony.decodeString(ids) == text)
        #expect(harmony.specialTokens["<|reserved_200018|>"] == 200018)
        #expect(harmony.specialTokens["<|endofprompt|>"] == 200018)
        #expect(try harmony.decodeString([200018]) == "<|endofprompt|>")
        #expect(try harmony.decodeString([201087]) == "<|reserved_201087|>")
        // o200k_base does not know the harmony tokens: they stay text.
        let o200k = try Encoding.named(.o200kBase)
        #expect(o200k.encode(text, allowedSpecial: .all) == o200k.encodeOrdinary(text))
    }

    @Test func onlyAllowedSpecialsAreSpecial() throws {
        let cl100k = try Encoding.named(.cl100kBase)
        let text = "a<|endoftext|>b<|fim_prefix|>c<|unknown|>"
        let ids = cl100k.encode(text, allowedSpecial: ["<|fim_prefix|>"])
        #expect(ids.contains(100258))
        #expect(!ids.contains(100257))
        #expect(try cl100k.decodeString(ids) == text)
        #expect(cl100k.encode(text, allowedSpecial: .all).filter { $0 >= 100257 } == [100257, 100258])
        #expect(cl100k.encodeOrdinary("<|endoftext|>").count > 1)
    }

    @Test func decodeRejectsUnknownIds() throws {
        let cl100k = try Encoding.named(.cl100kBase)
        #expect(throws: TokenizerError.unknownTokenId(100_300)) { try cl100k.decode([15339, 100_300]) }
        #expect(throws: TokenizerError.unknownTokenId(-1)) { try cl100k.decode([-1]) }
        #expect(cl100k.tokenBytes(15339) == Array("hello".utf8))
        #expect(cl100k.tokenBytes(100_261) == nil)
    }

    @Test func lossyStringDecodingOfSplitCharacters() throws {
        let o200k = try Encoding.named(.o200kBase)
        let ids = o200k.encodeOrdinary("🦜")
        #expect(ids.count > 1)
        #expect(try o200k.decodeString(Array(ids.prefix(1))).unicodeScalars.first == "\u{FFFD}")
    }
}

@Suite struct ConcurrencyTests {
    /// Many tasks racing on first use must share one loaded encoding and agree on every id.
    @Test func concurrentUseAgrees() async throws {
        let text =
            "Concurrent tokenization of 日本語, code(x) and JSON {\"a\": [1, 2]} " + String(repeating: "ab ", count: 900)
        let expected = try Encoding.named(.cl100kBase).encodeOrdinary(text)
        let results = try await withThrowingTaskGroup(of: (ObjectIdentifier, [Int]).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let encoding = try Encoding.named(.cl100kBase)
                    return (ObjectIdentifier(encoding), encoding.encodeOrdinary(text))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.0)).count == 1)
        #expect(results.allSatisfy { $0.1 == expected })
    }
}
